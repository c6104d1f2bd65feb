import { Badge, Form, Input, Modal, Segmented, Select, TreeSelect, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import type { ConversationSummary } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { useRolesCatalog } from '../../app/use-roles-catalog';
import { buildTeamTree, teamTreeOptions } from '../teams/team-tree';
import { teamsApi } from '../teams/teams-api';
import { collaborationApi, useColleagues } from './colleagues';
import { newClientId } from './conversations-api';

type Target = 'colleague' | 'team';
type Props = { conversation: ConversationSummary; meId: string; onClose: () => void; onDone: (c: ConversationSummary, to: { teamName?: string }) => void };

/**
 * 转接: hands the conversation to a colleague, or to a team (转给团队) where routing gives it to
 * whoever has room or queues it. The note goes in the timeline as an internal note (the shopper
 * never sees it); a colleague is told at once.
 */
export function TransferModal({ conversation, meId, onClose, onDone }: Props) {
  const t = useT();
  const showError = useShowError();
  const { roleLabel } = useRolesCatalog();
  const colleagues = useColleagues();
  const [target, setTarget] = useState<Target>('colleague');
  const [to, setTo] = useState<string | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // One id per opening: a double click or a retried request adds the note once.
  const clientId = useRef(newClientId());
  const teams = useRequest((signal) => teamsApi.list(signal), [], target === 'team');
  const options = useMemo(
    () =>
      colleagues
        .filter((c) => c.canReply && c.id !== meId && c.id !== conversation.assignee?.id)
        .sort((a, b) => Number(b.online) - Number(a.online))
        .map((c) => ({
          value: c.id,
          search: `${c.name} ${c.nickname ?? ''}`,
          label: (
            <span>
              <Badge status={c.online ? 'success' : 'default'} style={{ marginInlineEnd: 6 }} />
              {c.name}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {roleLabel(c.role)}
                {c.online ? '' : ` · ${t('conv.transfer.offline')}`}
              </Typography.Text>
            </span>
          ),
        })),
    [colleagues, meId, conversation.assignee?.id, roleLabel, t],
  );
  // Waiting in a team already: sending it to that same team would change nothing.
  const teamOptions = useMemo(() => {
    const same = conversation.teamId && !conversation.assignee ? new Set([conversation.teamId]) : new Set<string>();
    return teamTreeOptions(buildTeamTree(teams.data ?? []), same);
  }, [teams.data, conversation.teamId, conversation.assignee]);

  const ready = target === 'colleague' ? Boolean(to) : Boolean(teamId);
  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    try {
      const input = { clientId: clientId.current, note: note.trim() || undefined, ...(target === 'colleague' ? { assigneeId: to } : { teamId }) };
      const updated = await collaborationApi.transfer(conversation.id, input);
      onDone(updated, { teamName: target === 'team' ? (updated.teamName ?? teams.data?.find((x) => x.id === teamId)?.name) : undefined });
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('conv.transfer.title')} okText={t('conv.transfer.ok')} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ disabled: !ready, loading: busy, 'data-testid': 'transfer-ok' } as never} destroyOnHidden>
      <Segmented<Target>
        block
        value={target}
        onChange={setTarget}
        options={[
          { value: 'colleague', label: <span data-testid="transfer-target-colleague">{t('presence.transfer.colleague')}</span> },
          { value: 'team', label: <span data-testid="transfer-target-team">{t('presence.transfer.team')}</span> },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form layout="vertical">
        {target === 'colleague' ? (
          <Form.Item label={t('conv.transfer.to')} required>
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              value={to}
              onChange={setTo}
              options={options}
              placeholder={t('conv.transfer.pick')}
              notFoundContent={t('conv.transfer.nobody')}
              data-testid="transfer-to"
            />
          </Form.Item>
        ) : (
          <Form.Item label={t('presence.transfer.toTeam')} required extra={t('presence.transfer.teamHint')}>
            <TreeSelect
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              value={teamId}
              onChange={setTeamId}
              treeData={teamOptions}
              loading={teams.loading}
              placeholder={t('presence.transfer.pickTeam')}
              notFoundContent={teams.error ? t('presence.transfer.teamsFailed') : t('presence.transfer.noTeams')}
              data-testid="transfer-team"
            />
          </Form.Item>
        )}
        <Form.Item label={t('conv.transfer.note')} extra={t(target === 'colleague' ? 'conv.transfer.noteHint' : 'presence.transfer.teamNoteHint')}>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t('conv.transfer.notePlaceholder')} data-testid="transfer-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
