import { z } from 'zod';
import { IsoDate, Locale, Text } from './common.ts';

/**
 * Routing (路由): teams, agents' status and capacity, products' dedicated agents, ordered rules with
 * a dry-run tester, the queue, every decision on the conversation, and the dispatcher's wallboard.
 * Shared by the server, the workspace and the generated API tests.
 */
export const AgentStatus = z.enum(['online', 'busy', 'away', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;
export const RoutingChannel = z.enum(['web', 'email', 'phone', 'api']);
/** 0 low, 1 normal, 2 high, 3 urgent. */
export const Priority = z.number().int().min(0).max(3);

const Id = z.string().min(1).max(64);

// ── Teams ──────────────────────────────────────────────────────────────────────────────────────
export const TeamMember = z.object({
  userId: z.string(),
  name: z.string().describe('the internal display name colleagues see (日本客服A), or the name'),
  isLead: z.boolean(),
}).meta({ id: 'TeamMember' });

export const Team = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  sort: z.number().int(),
  members: z.array(TeamMember),
  createdAt: IsoDate,
}).meta({ id: 'Team' });

export const TeamList = z.object({ items: z.array(Team) });
export const TeamBody = z.strictObject({
  name: Text(40),
  parentId: Id.nullable().optional().describe('the business line this group belongs to'),
  description: z.string().trim().max(200).nullable().optional(),
  sort: z.number().int().min(0).max(10_000).optional(),
});
export const TeamPatch = TeamBody.partial();
export const TeamMembersBody = z.strictObject({
  members: z.array(z.strictObject({ userId: Id, isLead: z.boolean().default(false) })).max(500).describe('the whole membership: members not named leave the team'),
});

// ── Agents ─────────────────────────────────────────────────────────────────────────────────────
export const ChannelCapacity = z.partialRecord(RoutingChannel, z.number().int().min(0).max(1000));

export const Agent = z.object({
  userId: z.string(),
  name: z.string(),
  displayName: z.string().nullable().describe('internal, by function: 日本客服A'),
  nickname: z.string().nullable().describe('public, shown to shoppers'),
  role: z.string(),
  status: AgentStatus,
  statusSource: z.enum(['manual', 'auto']),
  statusChangedAt: IsoDate,
  capacity: z.number().int(),
  channelCapacity: ChannelCapacity,
  load: z.number().int().describe('open conversations assigned now'),
  channelLoad: z.partialRecord(RoutingChannel, z.number().int()),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  lastAssignedAt: IsoDate.nullable(),
  lastActivityAt: IsoDate.nullable(),
}).meta({ id: 'Agent' });

export const AgentList = z.object({ items: z.array(Agent) });
export const AgentPatch = z.strictObject({
  displayName: z.string().trim().max(40).nullable().optional(),
  nickname: z.string().trim().max(40).nullable().optional(),
  capacity: z.number().int().min(0).max(1000).optional(),
  channelCapacity: ChannelCapacity.optional().describe('caps per channel under the overall capacity; a channel left out has none'),
  teamIds: z.array(Id).max(50).optional().describe('the whole set of teams'),
});
export const AgentStatusBody = z.strictObject({ status: AgentStatus });

// ── Dedicated agents of products ───────────────────────────────────────────────────────────────
export const ProductRouting = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  agents: z.array(z.object({ userId: z.string(), name: z.string() })),
}).meta({ id: 'ProductRouting' });
export const ProductRoutingList = z.object({ items: z.array(ProductRouting), total: z.number().int() });
export const ProductRoutingQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  groupId: Id.optional(),
  bound: z.enum(['true', 'false']).optional().describe('only products with (true) or without (false) dedicated agents'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ProductAgentsBody = z.strictObject({ userIds: z.array(Id).max(50) });
export const ProductGroup = z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), products: z.number().int() }).meta({ id: 'ProductGroup' });
export const ProductGroupList = z.object({ items: z.array(ProductGroup) });

// ── Rules ──────────────────────────────────────────────────────────────────────────────────────
export const RuleConditions = z.strictObject({
  productIds: z.array(Id).max(200).optional(),
  productGroupIds: z.array(Id).max(100).optional().describe('a group matches its subgroups too'),
  urlContains: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  channels: z.array(RoutingChannel).max(4).optional(),
  tiers: z.array(z.string().min(1).max(40)).max(10).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional().describe('the customer has any of them'),
  keywords: z.array(z.string().trim().min(1).max(40)).max(50).optional().describe('words of the first message (Chinese segmented); any of them'),
  businessHours: z.enum(['open', 'closed']).optional().describe('the inbox is open or closed at arrival'),
  languages: z.array(Locale).max(2).optional(),
}).meta({ id: 'RuleConditions' });
export type RuleConditions = z.infer<typeof RuleConditions>;

export const RuleTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('team'), teamId: Id }),
  z.strictObject({ kind: z.literal('dedicated'), teamId: Id.optional().describe('the team the chat belongs to while it waits for them') }),
  z.strictObject({ kind: z.literal('account_manager') }),
  z.strictObject({ kind: z.literal('last_agent') }),
]).meta({ id: 'RuleTarget' });
export type RuleTarget = z.infer<typeof RuleTarget>;

export const RuleActions = z.strictObject({
  target: RuleTarget.optional().describe('dedicated agents, account manager and last agent apply only when one of them is online; otherwise the next rule is tried'),
  priority: Priority.optional(),
  labelIds: z.array(Id).max(10).optional(),
}).meta({ id: 'RuleActions' });
export type RuleActions = z.infer<typeof RuleActions>;

export const RoutingRule = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: RuleConditions,
  actions: RuleActions,
  createdAt: IsoDate,
  updatedAt: IsoDate,
}).meta({ id: 'RoutingRule' });
export const RoutingRuleList = z.object({ items: z.array(RoutingRule) });
export const RoutingRuleBody = z.strictObject({
  name: Text(60),
  enabled: z.boolean().default(true),
  conditions: RuleConditions.default({}),
  actions: RuleActions,
  position: z.number().int().min(0).max(10_000).optional().describe('where it goes; at the end if left out'),
});
export const RoutingRulePatch = z.strictObject({
  name: Text(60).optional(),
  enabled: z.boolean().optional(),
  conditions: RuleConditions.optional(),
  actions: RuleActions.optional(),
});
export const RuleOrderBody = z.strictObject({ ids: z.array(Id).min(1).max(500).describe('every rule, in the new order') });

// ── Settings ───────────────────────────────────────────────────────────────────────────────────
export const RoutingSettings = z.object({
  enabled: z.boolean().describe('assign new conversations automatically'),
  fallbackTeamId: z.string().nullable(),
  overflowAfterSeconds: z.number().int(),
  answerTimeoutSeconds: z.number().int(),
  autoAwayMinutes: z.number().int(),
  firstResponseTargetSeconds: z.number().int(),
}).meta({ id: 'RoutingSettings' });
export const RoutingSettingsPatch = z.strictObject({
  enabled: z.boolean().optional(),
  fallbackTeamId: Id.nullable().optional(),
  overflowAfterSeconds: z.number().int().min(10).max(86_400).optional(),
  answerTimeoutSeconds: z.number().int().min(10).max(86_400).optional(),
  autoAwayMinutes: z.number().int().min(0).max(1440).optional(),
  firstResponseTargetSeconds: z.number().int().min(5).max(86_400).optional(),
});

// ── Dry run ────────────────────────────────────────────────────────────────────────────────────
export const DryRunBody = z.strictObject({
  channel: RoutingChannel.default('web'),
  inboxId: Id.optional(),
  productId: Id.optional(),
  pageUrl: z.string().max(2000).optional(),
  customerId: Id.optional().describe('takes tier, tags, account manager and last agent from the customer'),
  tier: z.string().max(40).optional(),
  tags: z.array(z.string().max(40)).max(20).optional(),
  message: z.string().max(2000).optional(),
  language: Locale.optional(),
  at: IsoDate.optional().describe('the arrival time (business hours); now if left out'),
});
export const RuleTrace = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  matched: z.boolean(),
  why: z.string().describe('in the user’s language: the first condition that failed, or what was matched'),
});
export const DryRunResult = z.object({
  trace: z.array(RuleTrace),
  ruleId: z.string().nullable(),
  ruleName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  candidates: z.array(z.object({ userId: z.string(), name: z.string(), status: AgentStatus, load: z.number().int(), capacity: z.number().int() })),
  outcome: z.enum(['assign', 'queue', 'unrouted']),
  agent: z.object({ userId: z.string(), name: z.string() }).nullable(),
  priority: Priority,
  labelIds: z.array(z.string()),
  why: z.string(),
}).meta({ id: 'RoutingDryRun' });

// ── Decisions and queue ────────────────────────────────────────────────────────────────────────
export const RoutingDecision = z.object({
  id: z.string(),
  kind: z.enum(['assigned', 'queued', 'overflowed', 'reoffered', 'transferred', 'reassigned', 'unrouted']),
  ruleId: z.string().nullable(),
  ruleName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  why: z.string().describe('in the user’s language'),
  reason: z.record(z.string(), z.unknown()),
  createdAt: IsoDate,
}).meta({ id: 'RoutingDecision' });
export const RoutingDecisionList = z.object({ items: z.array(RoutingDecision) });

export const QueuePosition = z.object({
  position: z.number().int().describe('1 = next'),
  etaSeconds: z.number().int().nullable().describe('estimated wait; null when nobody of the team is online'),
}).meta({ id: 'QueuePosition' });

// ── Wallboard ──────────────────────────────────────────────────────────────────────────────────
export const WallboardAgent = z.object({ userId: z.string(), name: z.string(), status: AgentStatus, load: z.number().int(), capacity: z.number().int() });
export const WallboardTeam = z.object({
  id: z.string().nullable().describe('null: conversations of no team'),
  name: z.string(),
  parentId: z.string().nullable(),
  queue: z.number().int(),
  longestWaitSeconds: z.number().int(),
  agents: z.object({ online: z.number().int(), busy: z.number().int(), away: z.number().int(), offline: z.number().int() }),
  members: z.array(WallboardAgent),
  conversationsToday: z.number().int(),
  avgFirstResponseSeconds: z.number().nullable(),
  atRisk: z.array(z.object({ conversationId: z.string(), teamId: z.string().nullable().describe('the conversation’s own team'), customerName: z.string().nullable(), waitingSeconds: z.number().int(), assigneeName: z.string().nullable() }))
    .describe('the longest waits, at most 20'),
  atRiskCount: z.number().int().describe('all of them'),
}).meta({ id: 'WallboardTeam', description: 'a business line’s row covers itself and every team under it, at any depth; each agent counted once' });
export const Wallboard = z.object({
  generatedAt: IsoDate,
  firstResponseTargetSeconds: z.number().int(),
  teams: z.array(WallboardTeam),
  totals: z.object({ queue: z.number().int(), online: z.number().int(), conversationsToday: z.number().int(), avgFirstResponseSeconds: z.number().nullable(), atRisk: z.number().int() }),
}).meta({ id: 'Wallboard' });
