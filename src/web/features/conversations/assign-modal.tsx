import { Alert, Flex, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { ConversationSummary, User } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { useRolesCatalog } from '../../app/use-roles-catalog';
import { conversationsApi } from './conversations-api';

const NOBODY = '__nobody';

type Props = {
  conversation: ConversationSummary;
  meId: string;
  onClose: () => void;
  onAssigned: (c: ConversationSummary) => void;
};

/**
 * Hands a conversation to a colleague who may reply to chats, or back to the unassigned queue.
 * Mounted only while open, so each opening starts from the current assignee.
 */
export function AssignModal({ conversation, meId, onClose, onAssigned }: Props) {
  const t = useT();
  const showError = useShowError();
  const errorText = useErrorText();
  const { catalog, roleLabel } = useRolesCatalog();
  const [choice, setChoice] = useState<string>(conversation.assignee?.id ?? NOBODY);
  const [submitting, setSubmitting] = useState(false);
  const agents = useRequest((signal) => conversationsApi.agents(signal), []);

  // Only roles that may reply to chats take conversations; until the catalog knows, everyone active.
  const replyRoles = new Set(catalog?.roles.filter((r) => r.permissions.includes('conversations.reply')).map((r) => r.key));
  const eligible = (agents.data ?? []).filter((u) => u.status === 'active' && (replyRoles.size === 0 || replyRoles.has(u.role)));
  const label = (u: User) => `${u.displayName || u.name}${u.id === meId ? `（${t('common.you')}）` : ''}`;

  const submit = async () => {
    const assigneeId = choice === NOBODY ? null : choice;
    if (assigneeId === (conversation.assignee?.id ?? null)) {
      onClose();
      return;
    }
    setSubmitting(true);
    try {
      const updated = await conversationsApi.assign(conversation.id, assigneeId);
      onAssigned(updated);
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t('conv.assign.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('conv.actions.assign')}
      okButtonProps={{ loading: submitting, ...{ 'data-testid': 'assign-submit' } }}
      width={440}
    >
      {agents.error ? (
        <Alert type="error" showIcon title={t('conv.assign.loadFailed', { message: errorText(agents.error) })} />
      ) : (
        <Form layout="vertical" style={{ marginTop: 16 }}>
          <Form.Item label={t('conv.assign.to')} style={{ marginBottom: 8 }}>
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              loading={agents.loading}
              value={choice}
              onChange={setChoice}
              placeholder={t('conv.assign.placeholder')}
              data-testid="assign-select"
              options={[
                { value: NOBODY, search: t('conv.assign.nobody'), label: <Typography.Text type="secondary">{t('conv.assign.nobody')}</Typography.Text> },
                ...eligible.map((u) => ({
                  value: u.id,
                  search: `${u.name} ${u.displayName ?? ''} ${u.email}`,
                  label: (
                    <Flex justify="space-between" gap={8}>
                      <span>{label(u)}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {roleLabel(u.role)}
                      </Typography.Text>
                    </Flex>
                  ),
                })),
              ]}
            />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('conv.assign.help')}
          </Typography.Text>
        </Form>
      )}
    </Modal>
  );
}
