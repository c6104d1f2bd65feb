import { Badge, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import type { ConversationSummary } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRolesCatalog } from '../../app/use-roles-catalog';
import { collaborationApi, useColleagues } from './colleagues';
import { newClientId } from './conversations-api';

type Props = { conversation: ConversationSummary; meId: string; onClose: () => void; onDone: (c: ConversationSummary) => void };

/**
 * 转接: hands my conversation to a colleague with a note. The note goes in the timeline as an internal
 * note (the shopper never sees it) and the colleague is told at once.
 */
export function TransferModal({ conversation, meId, onClose, onDone }: Props) {
  const t = useT();
  const showError = useShowError();
  const { roleLabel } = useRolesCatalog();
  const colleagues = useColleagues();
  const [to, setTo] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // One id per opening: a double click or a retried request adds the note once.
  const clientId = useRef(newClientId());
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

  const submit = async () => {
    if (!to) return;
    setBusy(true);
    try {
      const updated = await collaborationApi.transfer(conversation.id, { clientId: clientId.current, assigneeId: to, note: note.trim() || undefined });
      onDone(updated);
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('conv.transfer.title')} okText={t('conv.transfer.ok')} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ disabled: !to, loading: busy, 'data-testid': 'transfer-ok' } as never} destroyOnHidden>
      <Form layout="vertical">
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
        <Form.Item label={t('conv.transfer.note')} extra={t('conv.transfer.noteHint')}>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t('conv.transfer.notePlaceholder')} data-testid="transfer-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
