import type { SelectProps } from 'antd';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-provider';
import { useRequest } from '../../app/use-request';
import type { Colleague } from '../conversations/colleagues';
import { teamsApi, type Team } from '../teams/teams-api';

export type Member = { id: string; name: string; role: string };
export type WorkOrderPeople = ReturnType<typeof useWorkOrderPeople>;

/**
 * The teams and members a work order can go to. Members come from the colleagues list (everyone who
 * reads conversations) or the users list (leads); operations staff may see neither, and then pick
 * only themselves or keep what is set.
 */
export function useWorkOrderPeople(enabled = true) {
  const { can } = useAuth();
  const viaColleagues = can('conversations.read');
  const viaUsers = !viaColleagues && can('users.read');
  const teams = useRequest((signal) => teamsApi.list(signal), [], enabled && can('conversations.read'));
  const members = useRequest<Member[]>(
    (signal) =>
      viaColleagues
        ? api.get<{ items: Colleague[] }>('/api/colleagues', undefined, signal).then((r) => r.items.map((c) => ({ id: c.id, name: c.name, role: c.role })))
        : api.get<{ items: { id: string; name: string; displayName: string | null; role: string }[] }>('/api/users', { status: 'active' }, signal).then((r) => r.items.map((u) => ({ id: u.id, name: u.displayName ?? u.name, role: u.role }))),
    [viaColleagues],
    enabled && (viaColleagues || viaUsers),
  );
  return { teams: teams.data ?? ([] as Team[]), members: members.data ?? [], loading: teams.loading || members.loading };
}

/** Select options for the assignee: the team's members first when a team is chosen, the rest after. */
export function assigneeOptions(members: Member[], teams: Team[], teamId: string | null | undefined, current: { id: string; name: string } | null, me: { id: string; name: string }, meLabel: string, groupLabels: { team: string; others: string }): NonNullable<SelectProps['options']> {
  const byId = new Map(members.map((m) => [m.id, m]));
  if (current && !byId.has(current.id)) byId.set(current.id, { id: current.id, name: current.name, role: '' });
  if (!byId.has(me.id)) byId.set(me.id, { id: me.id, name: me.name, role: '' });
  const label = (m: Member) => (m.id === me.id ? `${m.name}（${meLabel}）` : m.name);
  const team = teamId ? teams.find((t) => t.id === teamId) : undefined;
  if (!team) return [...byId.values()].map((m) => ({ value: m.id, label: label(m) }));
  const inTeam = new Set(team.members.map((m) => m.userId));
  const first = [...byId.values()].filter((m) => inTeam.has(m.id));
  const rest = [...byId.values()].filter((m) => !inTeam.has(m.id));
  return [
    { label: groupLabels.team, options: first.map((m) => ({ value: m.id, label: label(m) })) },
    { label: groupLabels.others, options: rest.map((m) => ({ value: m.id, label: label(m) })) },
  ].filter((g) => g.options.length > 0);
}
