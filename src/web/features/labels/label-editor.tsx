import { SettingOutlined, TagsOutlined } from '@ant-design/icons';
import { Button, Divider, Empty, Select } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ConversationSummary } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { LabelTag } from './label-tags';
import { labelsApi, LABEL_COLORS } from './labels-api';
import { useLabels } from './use-labels';

type Props = { conversation: ConversationSummary; onChange: (c: ConversationSummary) => void };

/**
 * The labels of the open conversation, changed in place: pick from the team's labels; a lead may
 * type a new name to make a label on the spot. Without the right to reply it only shows them.
 */
export function LabelEditor({ conversation: c, onChange }: Props) {
  const t = useT();
  const { can } = useAuth();
  const showError = useShowError();
  const canEdit = can('conversations.reply');
  const canManage = can('labels.manage');
  const { labels, loading, reload } = useLabels(canEdit);
  const [saving, setSaving] = useState(false);

  if (!canEdit) {
    return (
      <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 2 }} data-testid="conversation-labels">
        {c.labels.map((l) => (
          <LabelTag key={l.id} label={l} />
        ))}
      </span>
    );
  }

  const known = new Map([...labels, ...c.labels].map((l) => [l.id, l]));
  const save = async (values: string[]) => {
    setSaving(true);
    try {
      const ids: string[] = [];
      for (const value of values) {
        if (known.has(value)) {
          ids.push(value);
          continue;
        }
        // A typed name: an existing label of that name (any case), or a new one for a lead.
        const name = value.trim();
        const same = labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
        if (same) ids.push(same.id);
        else if (name && canManage) ids.push((await labelsApi.create({ name, color: LABEL_COLORS[labels.length % LABEL_COLORS.length] })).id);
      }
      onChange(await labelsApi.setOnConversation(c.id, [...new Set(ids)]));
      if (ids.some((id) => !known.has(id))) reload();
    } catch (err) {
      showError(err);
      reload();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Select
      mode={canManage ? 'tags' : 'multiple'}
      size="small"
      variant="borderless"
      value={c.labels.map((l) => l.id)}
      onChange={(values: string[]) => void save(values)}
      loading={loading || saving}
      disabled={saving}
      placeholder={
        <span>
          <TagsOutlined style={{ marginInlineEnd: 4 }} />
          {t('labels.editor.placeholder')}
        </span>
      }
      options={labels.map((l) => ({ value: l.id, label: l.name }))}
      optionFilterProp="label"
      optionRender={(o) => <LabelTag label={known.get(String(o.value)) ?? { id: String(o.value), name: String(o.label), color: '#8c8c8c' }} />}
      tagRender={({ value, closable, onClose }) => {
        const l = known.get(String(value));
        return l ? <LabelTag label={l} closable={closable} onClose={onClose} /> : <span />;
      }}
      maxTagCount="responsive"
      suffixIcon={null}
      notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('labels.editor.empty')} />}
      popupRender={(menu) => (
        <>
          {menu}
          {canManage && (
            <>
              <Divider style={{ margin: '4px 0' }} />
              <Link to="/settings/labels">
                <Button type="link" size="small" icon={<SettingOutlined />}>
                  {t('labels.editor.manage')}
                </Button>
              </Link>
            </>
          )}
        </>
      )}
      style={{ minWidth: 120, maxWidth: '100%', flex: 1 }}
      aria-label={t('labels.editor.placeholder')}
      data-testid="label-editor"
    />
  );
}
