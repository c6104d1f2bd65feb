import { Col, Form, Input, InputNumber, Modal, Row, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { blankToNull } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { channelKey } from './agent-status';
import { buildTeamTree, teamTreeOptions } from './team-tree';
import { agentLabel, agentsApi, ROUTING_CHANNELS, type Agent, type ChannelNumbers, type Team } from './teams-api';

type Props = { agent: Agent | null; teams: readonly Team[]; onClose: () => void; onSaved: (agent: Agent, teamsChanged: boolean) => void };
type Values = { displayName?: string; nickname?: string; teamIds: string[]; capacity: number; channelCapacity: Partial<Record<string, number | null>> };

/** 编辑客服: the two names, the teams, and how many conversations at once, overall and per channel. */
export function AgentModal({ agent, teams, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const teamOptions = useMemo(() => teamTreeOptions(buildTeamTree(teams)), [teams]);

  useEffect(() => {
    if (!agent) return;
    form.setFieldsValue({
      displayName: agent.displayName ?? '',
      nickname: agent.nickname ?? '',
      teamIds: agent.teams.map((x) => x.id),
      capacity: agent.capacity,
      channelCapacity: Object.fromEntries(ROUTING_CHANNELS.map((c) => [c, agent.channelCapacity[c] ?? null])),
    });
  }, [agent, form]);

  const submit = async () => {
    if (!agent) return;
    const values = await form.validateFields();
    const channelCapacity: ChannelNumbers = {};
    for (const c of ROUTING_CHANNELS) {
      const cap = values.channelCapacity?.[c];
      if (typeof cap === 'number') channelCapacity[c] = cap;
    }
    const teamIds = values.teamIds ?? [];
    const before = agent.teams.map((x) => x.id).sort().join();
    setSaving(true);
    try {
      const saved = await agentsApi.update(agent.userId, {
        displayName: blankToNull(values.displayName),
        nickname: blankToNull(values.nickname),
        capacity: values.capacity,
        channelCapacity,
        teamIds,
      });
      onSaved(saved, [...teamIds].sort().join() !== before);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={agent !== null}
      title={agent ? t('teams.agentForm.title', { name: agentLabel(agent) }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={560}
      data-testid="agent-modal"
    >
      {agent && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('teams.agentForm.who', { name: agent.name })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()} name="agent">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="displayName" label={t('teams.agentForm.displayName')} extra={t('teams.agentForm.displayNameHelp')} rules={[{ max: 40 }]}>
              <Input placeholder={t('teams.agentForm.displayNamePlaceholder')} maxLength={40} autoFocus data-testid="agent-display-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nickname" label={t('teams.agentForm.nickname')} extra={t('teams.agentForm.nicknameHelp')} rules={[{ max: 40 }]}>
              <Input placeholder={t('teams.agentForm.nicknamePlaceholder')} maxLength={40} data-testid="agent-nickname" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="teamIds" label={t('teams.agentForm.teams')}>
          <TreeSelect
            multiple
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            treeData={teamOptions}
            placeholder={t('teams.agentForm.teamsPlaceholder')}
            maxTagCount="responsive"
            data-testid="agent-teams"
          />
        </Form.Item>
        <Form.Item name="capacity" label={t('teams.agentForm.capacity')} extra={t('teams.capacityHelp')} rules={[{ required: true, message: t('form.required', { field: t('teams.agentForm.capacity') }) }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: 160 }} suffix={t('teams.agentForm.conversations')} data-testid="agent-capacity" />
        </Form.Item>
        <Typography.Text strong>{t('teams.agentForm.channelCaps')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('teams.agentForm.channelCapsHelp')}
        </Typography.Paragraph>
        <Row gutter={12}>
          {ROUTING_CHANNELS.map((c) => (
            <Col span={6} key={c}>
              <Form.Item
                name={['channelCapacity', c]}
                label={t(channelKey(c))}
                dependencies={['capacity']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v: number | null | undefined) =>
                      typeof v !== 'number' || v <= (getFieldValue('capacity') ?? 0) ? Promise.resolve() : Promise.reject(new Error(t('teams.agentForm.channelOver'))),
                  }),
                ]}
              >
                <InputNumber min={0} max={1000} precision={0} placeholder={t('teams.agentForm.noCap')} style={{ width: '100%' }} data-testid={`agent-cap-${c}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}
