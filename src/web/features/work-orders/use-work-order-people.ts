import type { SelectProps } from 'antd';
import { api } from '../../app/api-client';
import { useRequest } from '../../app/use-request';
import type { Team } from '../teams/teams-api';

/** A team as a work order sees it: its name, place in the tree and members. */
export type PeopleTeam = Pick<Team, 'id' | 'name' | 'parentId' | 'members'>;

export type Member = { id: string; name: string; role: string };
export type WorkOrderPeople = ReturnType<typeof useWorkOrderPeople>;

/**
 * The teams and members a work order can go to, from `GET /api/work-orders/people`: everyone who
 * reads work orders may hand one on, operations staff included.
 */
export function useWorkOrderPeople(enabled = true) {
  const people = useRequest((signal) => api.get<{ teams: PeopleTeam[]; members: Member[] }>('/api/work-orders/people', undefined, signal), [], enabled);
  return { teams: people.data?.teams ?? ([] as PeopleTeam[]), members: people.data?.members ?? [], loading: people.loading };
}

/** Select options for the assignee: the team's members first when a team is chosen, the rest after. */
export function assigneeOptions(members: Member[], teams: PeopleTeam[], teamId: string | null | undefined, current: { id: string; name: string } | null, me: { id: string; name: string }, meLabel: string, groupLabels: { team: string; others: string }): NonNullable<SelectProps['options']> {
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
