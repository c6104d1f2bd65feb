import { api, apiRequest } from '../../app/api-client';
import type { Locale } from '../../i18n/messages';

/** Routing (分配规则), as in src/contracts/routing.ts. */
export type RoutingChannel = 'web' | 'email' | 'phone' | 'api';
export const ROUTING_CHANNELS: readonly RoutingChannel[] = ['web', 'email', 'phone', 'api'];
export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';
/** 0 low, 1 normal, 2 high, 3 urgent. */
export type Priority = 0 | 1 | 2 | 3;
export const PRIORITIES: readonly Priority[] = [0, 1, 2, 3];
export const LANGUAGES: readonly Locale[] = ['zh-CN', 'en'];

export type RuleConditions = {
  productIds?: string[];
  /** A group matches its subgroups too. */
  productGroupIds?: string[];
  urlContains?: string[];
  channels?: RoutingChannel[];
  tiers?: string[];
  /** The customer has any of them. */
  tags?: string[];
  /** Words of the first message (Chinese segmented); any of them. */
  keywords?: string[];
  businessHours?: 'open' | 'closed';
  languages?: Locale[];
};

export type RuleTarget =
  | { kind: 'team'; teamId: string }
  /** teamId: the team the chat belongs to while it waits for them. */
  | { kind: 'dedicated'; teamId?: string }
  | { kind: 'account_manager' }
  | { kind: 'last_agent' };
export type TargetKind = RuleTarget['kind'];
export const TARGET_KINDS: readonly TargetKind[] = ['team', 'dedicated', 'account_manager', 'last_agent'];

export type RuleActions = { target?: RuleTarget; priority?: number; labelIds?: string[] };

export type RoutingRule = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
  createdAt: string;
  updatedAt: string;
};
export type RuleInput = { name: string; enabled?: boolean; conditions: RuleConditions; actions: RuleActions };

export type RoutingSettings = {
  enabled: boolean;
  fallbackTeamId: string | null;
  overflowAfterSeconds: number;
  answerTimeoutSeconds: number;
  autoAwayMinutes: number;
  firstResponseTargetSeconds: number;
};

export type DryRunInput = {
  channel: RoutingChannel;
  /** The inbox whose business hours apply; without one, business-hours conditions are not checked. */
  inboxId?: string;
  productId?: string;
  pageUrl?: string;
  tier?: string;
  tags?: string[];
  message?: string;
  language?: Locale;
  /** The arrival time (business hours); now if left out. */
  at?: string;
};
export type RuleTrace = { ruleId: string; ruleName: string; matched: boolean; why: string };
export type DryRunCandidate = { userId: string; name: string; status: AgentStatus; load: number; capacity: number };
export type DryRunResult = {
  trace: RuleTrace[];
  ruleId: string | null;
  ruleName: string | null;
  teamId: string | null;
  teamName: string | null;
  candidates: DryRunCandidate[];
  outcome: 'assign' | 'queue' | 'unrouted';
  agent: { userId: string; name: string } | null;
  priority: number;
  labelIds: string[];
  why: string;
};

export type Team = { id: string; parentId: string | null; name: string; description: string | null; sort: number };
export type ProductGroup = { id: string; name: string; parentId: string | null; products: number };
export type ProductRef = { id: string; sku: string; name: string; groupId: string | null; groupName: string | null };

const id = (value: string) => encodeURIComponent(value);

export const routingApi = {
  rules: (signal?: AbortSignal) => api.get<{ items: RoutingRule[] }>('/api/routing/rules', undefined, signal).then((r) => r.items),
  createRule: (input: RuleInput) => api.post<{ rule: RoutingRule }>('/api/routing/rules', input).then((r) => r.rule),
  updateRule: (ruleId: string, patch: Partial<RuleInput>) => api.patch<{ rule: RoutingRule }>(`/api/routing/rules/${id(ruleId)}`, patch).then((r) => r.rule),
  removeRule: (ruleId: string) => api.delete(`/api/routing/rules/${id(ruleId)}`),
  /** Every rule, in the new order. */
  reorder: (ids: string[]) => apiRequest<{ items: RoutingRule[] } | undefined>('/api/routing/rules/order', { method: 'PUT', body: { ids } }).then((r) => r?.items ?? null),

  settings: (signal?: AbortSignal) => api.get<{ settings: RoutingSettings }>('/api/routing/settings', undefined, signal).then((r) => r.settings),
  updateSettings: (patch: Partial<RoutingSettings>) => api.patch<{ settings: RoutingSettings }>('/api/routing/settings', patch).then((r) => r.settings),

  test: (input: DryRunInput) => api.post<DryRunResult>('/api/routing/test', input),

  teams: (signal?: AbortSignal) => api.get<{ items: Team[] }>('/api/teams', undefined, signal).then((r) => r.items),
  productGroups: (signal?: AbortSignal) => api.get<{ items: ProductGroup[] }>('/api/routing/product-groups', undefined, signal).then((r) => r.items),
  products: (q: string | undefined, signal?: AbortSignal) =>
    api.get<{ items: ProductRef[]; total: number }>('/api/routing/products', { q, limit: 200 }, signal).then((r) => r.items),
};
