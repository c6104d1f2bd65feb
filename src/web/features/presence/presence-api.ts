import { api, apiRequest } from '../../app/api-client';
import type { Agent, AgentStatus } from '../teams/teams-api';

/** A routing decision on a conversation (GET /api/conversations/:id/routing), as in src/contracts/routing.ts. */
export type RoutingDecisionKind = 'assigned' | 'queued' | 'overflowed' | 'reoffered' | 'transferred' | 'reassigned' | 'unrouted';
export const DECISION_KINDS: readonly RoutingDecisionKind[] = ['assigned', 'queued', 'overflowed', 'reoffered', 'transferred', 'reassigned', 'unrouted'];
export type RoutingDecision = {
  id: string;
  kind: RoutingDecisionKind;
  ruleId: string | null;
  ruleName: string | null;
  teamId: string | null;
  teamName: string | null;
  agentId: string | null;
  agentName: string | null;
  /** In the reader's language. */
  why: string;
  reason: Record<string, unknown>;
  createdAt: string;
};

/** The signed-in agent's own status and load, and the routing facts of a conversation. */
export const presenceApi = {
  me: (signal?: AbortSignal) => api.get<{ agent: Agent }>('/api/agents/me', undefined, signal).then((r) => r.agent),
  setStatus: (status: AgentStatus) => apiRequest<{ agent: Agent }>('/api/agents/me/status', { method: 'PUT', body: { status } }).then((r) => r.agent),
  /** I am at my desk: restarts the inactivity clock and ends an automatic away. */
  activity: () => api.post<void>('/api/agents/me/activity'),
  decisions: (conversationId: string, signal?: AbortSignal) =>
    api.get<{ items: RoutingDecision[] }>(`/api/conversations/${encodeURIComponent(conversationId)}/routing`, undefined, signal).then((r) => r.items),
};
