import { api, apiRequest } from '../../app/api-client';

/** Routing's teams, agents and products' dedicated agents, as in src/contracts/routing.ts. */
export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';
export const AGENT_STATUSES: readonly AgentStatus[] = ['online', 'busy', 'away', 'offline'];
export type RoutingChannel = 'web' | 'email' | 'phone' | 'api';
export const ROUTING_CHANNELS: readonly RoutingChannel[] = ['web', 'email', 'phone', 'api'];
export type ChannelNumbers = Partial<Record<RoutingChannel, number>>;

export type TeamMember = { userId: string; name: string; isLead: boolean };
export type Team = {
  id: string;
  parentId: string | null;
  name: string;
  description: string | null;
  sort: number;
  members: TeamMember[];
  createdAt: string;
};
export type TeamInput = { name: string; parentId?: string | null; description?: string | null };

export type Agent = {
  userId: string;
  name: string;
  /** Internal, by function (日本客服A): what colleagues see. */
  displayName: string | null;
  /** Public: what shoppers see. */
  nickname: string | null;
  role: string;
  status: AgentStatus;
  statusSource: 'manual' | 'auto';
  statusChangedAt: string;
  capacity: number;
  channelCapacity: ChannelNumbers;
  load: number;
  channelLoad: ChannelNumbers;
  teams: { id: string; name: string }[];
  lastAssignedAt: string | null;
  lastActivityAt: string | null;
};
export type AgentPatch = {
  displayName?: string | null;
  nickname?: string | null;
  capacity?: number;
  channelCapacity?: ChannelNumbers;
  teamIds?: string[];
};

export type ProductRouting = {
  id: string;
  sku: string;
  name: string;
  groupId: string | null;
  groupName: string | null;
  agents: { userId: string; name: string }[];
};
export type ProductGroup = { id: string; name: string; parentId: string | null; products: number };
export type ProductQuery = { q?: string; groupId?: string; bound?: 'true' | 'false'; offset: number; limit: number };

const teamPath = (id: string) => `/api/teams/${encodeURIComponent(id)}`;
const agentPath = (id: string) => `/api/agents/${encodeURIComponent(id)}`;

export const teamsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Team[] }>('/api/teams', undefined, signal).then((r) => r.items),
  create: (input: TeamInput) => api.post<{ team: Team }>('/api/teams', input).then((r) => r.team),
  update: (id: string, input: Partial<TeamInput>) => api.patch<{ team: Team }>(teamPath(id), input).then((r) => r.team),
  remove: (id: string) => api.delete(teamPath(id)),
  /** The whole membership: members not named leave the team. */
  setMembers: (id: string, members: { userId: string; isLead: boolean }[]) =>
    apiRequest<{ team: Team }>(`${teamPath(id)}/members`, { method: 'PUT', body: { members } }).then((r) => r.team),
};

export const agentsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Agent[] }>('/api/agents', undefined, signal).then((r) => r.items),
  update: (userId: string, patch: AgentPatch) => api.patch<{ agent: Agent }>(agentPath(userId), patch).then((r) => r.agent),
  setStatus: (userId: string, status: AgentStatus) =>
    apiRequest<{ agent: Agent }>(`${agentPath(userId)}/status`, { method: 'PUT', body: { status } }).then((r) => r.agent),
};

export const productRoutingApi = {
  list: (query: ProductQuery, signal?: AbortSignal) => api.get<{ items: ProductRouting[]; total: number }>('/api/routing/products', query, signal),
  groups: (signal?: AbortSignal) => api.get<{ items: ProductGroup[] }>('/api/routing/product-groups', undefined, signal).then((r) => r.items),
  /** The whole set of dedicated agents: those not named are unbound. */
  setAgents: (productId: string, userIds: string[]) =>
    apiRequest<{ product: ProductRouting }>(`/api/routing/products/${encodeURIComponent(productId)}/agents`, { method: 'PUT', body: { userIds } }).then((r) => r.product),
};

/** What colleagues call an agent: the internal name by function when set (日本客服A), else the name. */
export function agentLabel(agent: Pick<Agent, 'displayName' | 'name'>): string {
  return agent.displayName || agent.name;
}
