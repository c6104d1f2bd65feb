import { CrownOutlined } from '@ant-design/icons';
import { Badge, Checkbox, Empty, Flex, Form, Modal, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { STATUS_COLORS } from './agent-status';
import { api } from '../../app/api-client';
import { agentLabel, teamsApi, type Agent, type Team } from './teams-api';

type Props = { team: Team | null; teamPath: string; agents: readonly Agent[]; onClose: () => void; onSaved: (team: Team) => void };
type Picked = { userId: string; isLead: boolean };

/** 成员: pick who belongs to the team and mark its leads (组长); saving replaces the whole membership. */
export function TeamMembersModal({ team, teamPath, agents, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const [picked, setPicked] = useState<Picked[]>([]);
  const [saving, setSaving] = useState(false);
  // Operations staff (运营、仓库、财务) join teams too: a team is also the queue work orders go to.
  const [operations, setOperations] = useState<{ id: string; name: string; displayName: string | null }[]>([]);

  useEffect(() => {
    if (team) setPicked(team.members.map((m) => ({ userId: m.userId, isLead: m.isLead })));
  }, [team]);

  useEffect(() => {
    if (!team) return;
    const controller = new AbortController();
    api
      .get<{ items: { id: string; name: string; displayName: string | null }[] }>('/api/users', { role: 'operations', status: 'active' }, controller.signal)
      .then((r) => setOperations(r.items))
      .catch(() => setOperations([]));
    return () => controller.abort();
  }, [team]);

  // Members who are no longer among the agents (a deactivated colleague) still show by their name.
  const people = useMemo(() => {
    const map = new Map<string, { label: string; sub: string | null; agent?: Agent }>();
    for (const a of agents) map.set(a.userId, { label: agentLabel(a), sub: a.displayName ? a.name : null, agent: a });
    for (const u of operations) if (!map.has(u.id)) map.set(u.id, { label: u.displayName || u.name, sub: t('teams.members.operations') });
    for (const m of team?.members ?? []) if (!map.has(m.userId)) map.set(m.userId, { label: m.name, sub: null });
    return map;
  }, [agents, operations, team, t]);

  const options = [...people.entries()].map(([userId, p]) => ({
    value: userId,
    label: p.label,
    search: `${p.label} ${p.sub ?? ''}`,
    sub: p.sub,
    status: p.agent?.status,
  }));

  const save = async () => {
    if (!team) return;
    setSaving(true);
    try {
      onSaved(await teamsApi.setMembers(team.id, picked));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={team !== null}
      title={t('teams.members.title', { team: teamPath })}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={560}
      data-testid="team-members-modal"
    >
      <Form layout="vertical" name="team-members">
        <Form.Item label={t('teams.members.pick')} htmlFor="team-members-select" extra={t('teams.members.pickHelp')}>
          <Select
            id="team-members-select"
            mode="multiple"
            allowClear
            value={picked.map((p) => p.userId)}
            onChange={(ids: string[]) => setPicked(ids.map((userId) => picked.find((p) => p.userId === userId) ?? { userId, isLead: false }))}
            options={options}
            optionFilterProp="search"
            optionRender={(o) => (
              <Flex gap={8} align="center">
                {o.data.status && <Badge color={STATUS_COLORS[o.data.status]} />}
                <span>{o.data.label}</span>
                {o.data.sub && <Typography.Text type="secondary">{o.data.sub}</Typography.Text>}
              </Flex>
            )}
            placeholder={t('teams.members.pickPlaceholder')}
            maxTagCount="responsive"
            data-testid="team-members-select"
          />
        </Form.Item>
      </Form>
      <Typography.Text strong>{t('teams.members.leadsTitle')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('teams.members.leadsHelp')}
      </Typography.Paragraph>
      {picked.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.members.none')} />
      ) : (
        <Flex vertical gap={4} style={{ maxHeight: 260, overflowY: 'auto' }} data-testid="team-members-list">
          {picked.map((p) => {
            const person = people.get(p.userId);
            const name = person?.label ?? p.userId;
            return (
              <Flex key={p.userId} justify="space-between" align="center" style={{ padding: '4px 8px', borderRadius: 6, background: p.isLead ? '#fffbe6' : '#fafafa' }}>
                <Flex gap={8} align="center" style={{ minWidth: 0 }}>
                  {person?.agent && <Badge color={STATUS_COLORS[person.agent.status]} />}
                  <Typography.Text ellipsis>{name}</Typography.Text>
                  {person?.sub && <Typography.Text type="secondary">{person.sub}</Typography.Text>}
                </Flex>
                <Checkbox
                  checked={p.isLead}
                  onChange={(e) => setPicked((list) => list.map((x) => (x.userId === p.userId ? { ...x, isLead: e.target.checked } : x)))}
                  aria-label={t('teams.members.leadOf', { name })}
                  data-testid={`team-lead-${p.userId}`}
                >
                  <CrownOutlined style={{ color: p.isLead ? '#d48806' : undefined }} /> {t('teams.members.lead')}
                </Checkbox>
              </Flex>
            );
          })}
        </Flex>
      )}
    </Modal>
  );
}
