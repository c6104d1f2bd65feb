import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import * as R from '../../../contracts/routing.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { businessHoursOf, isOpen } from '../conversations/index.ts';
import { loadTeamTree, onlineAgents, poolOf, toCandidate } from './assign.ts';
import { decisionWhy, whyText } from './decisions.presenter.ts';
import { decideRoute, detectLanguage, pickAgent, type Arrival } from './routing.engine.ts';
import { loadRoutingSettings, loadRules } from './rules.service.ts';

const tags = ['routing'];

/** Every routing decision on a conversation, oldest first, with the team and agent names and why. */
async function listDecisions(ctx: Ctx, conversationId: string) {
  const exists = await ctx.db.selectFrom('conversations').select('id').where('account_id', '=', ctx.accountId).where('id', '=', conversationId).executeTakeFirst();
  if (!exists) throw notFound('conversation');
  const rows = await ctx.db
    .selectFrom('routing_decisions as d')
    .leftJoin('teams as t', (j) => j.onRef('t.id', '=', 'd.team_id').onRef('t.account_id', '=', 'd.account_id'))
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'd.agent_id').onRef('u.account_id', '=', 'd.account_id'))
    .select(['d.id', 'd.kind', 'd.rule_id', 'd.rule_name', 'd.team_id', 't.name as team_name', 'd.agent_id', sql<string | null>`coalesce(u.display_name, u.name)`.as('agent_name'), 'd.reason', 'd.created_at'])
    .where('d.account_id', '=', ctx.accountId)
    .where('d.conversation_id', '=', conversationId)
    .orderBy('d.id')
    .limit(500)
    .execute();
  return rows.map((r) => {
    const reason = (typeof r.reason === 'string' ? JSON.parse(r.reason) : r.reason) as Record<string, unknown>;
    return {
      id: String(r.id),
      kind: r.kind,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      teamId: r.team_id,
      teamName: r.team_name,
      agentId: r.agent_id,
      agentName: r.agent_name,
      why: decisionWhy(r.kind, reason, ctx.locale, r.agent_id),
      reason,
      createdAt: new Date(r.created_at).toISOString(),
    };
  });
}

/** The dry run: what routing would do with such a conversation now, without touching anything. */
async function dryRun(ctx: Ctx, body: ReturnTypeOfBody) {
  const { db, accountId } = ctx;
  const at = body.at ? new Date(body.at) : ctx.clock.now();
  const [settings, rules, online, tree] = await Promise.all([loadRoutingSettings(db, accountId), loadRules(db, accountId), onlineAgents(db, accountId), loadTeamTree(db, accountId)]);

  let productGroupIds: string[] = [];
  let dedicatedAgentIds: string[] = [];
  if (body.productId) {
    const product = await db.selectFrom('products').select(['id', 'group_id']).where('account_id', '=', accountId).where('id', '=', body.productId).executeTakeFirst();
    if (!product) throw notFound('product');
    const groups = await db.selectFrom('product_groups').select(['id', 'parent_id']).where('account_id', '=', accountId).execute();
    const parentOf = new Map(groups.map((g) => [g.id, g.parent_id]));
    for (let g = product.group_id; g && !productGroupIds.includes(g); g = parentOf.get(g) ?? null) productGroupIds.push(g);
    dedicatedAgentIds = (await db.selectFrom('product_agents').select('user_id').where('account_id', '=', accountId).where('product_id', '=', product.id).orderBy('user_id').execute()).map((r) => r.user_id);
  }
  let tier = body.tier ?? null;
  let customerTags = body.tags ?? [];
  let accountManagerId: string | null = null;
  let lastAgentId: string | null = null;
  if (body.customerId) {
    const customer = await db.selectFrom('customer_records').select(['tier', 'tags', 'account_manager_id']).where('account_id', '=', accountId).where('id', '=', body.customerId).executeTakeFirst();
    if (!customer) throw notFound('customer');
    tier = body.tier ?? customer.tier;
    customerTags = body.tags ?? customer.tags ?? [];
    accountManagerId = customer.account_manager_id;
    const last = await db.selectFrom('conversations').select('assignee_id').where('account_id', '=', accountId).where('customer_id', '=', body.customerId).where('assignee_id', 'is not', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    lastAgentId = last?.assignee_id ?? null;
  }
  let businessOpen: boolean | null = null;
  if (body.inboxId) {
    const inbox = await db.selectFrom('inboxes').select('settings').where('account_id', '=', accountId).where('id', '=', body.inboxId).executeTakeFirst();
    if (!inbox) throw notFound('inbox');
    businessOpen = isOpen(businessHoursOf(typeof inbox.settings === 'string' ? JSON.parse(inbox.settings) : inbox.settings), at);
  }
  const text = body.message ?? '';
  const arrival: Arrival = {
    channel: body.channel,
    productId: body.productId ?? null,
    productGroupIds,
    pageUrl: body.pageUrl ?? null,
    tier,
    tags: customerTags,
    text,
    businessOpen,
    language: body.language ?? detectLanguage(text),
    accountManagerId,
    lastAgentId,
    dedicatedAgentIds,
  };
  const d = decideRoute(rules, arrival, { fallbackTeamId: settings.fallbackTeamId, isOnline: (u) => online.has(u) });
  const pool = poolOf({ id: '', channel: body.channel, teamId: d.teamId, preferred: d.preferredAgentIds, priority: d.priority, labelIds: [], rule: null, why: d.why, queuedAt: null, assignKind: 'assigned' }, tree);
  const states = pool.length
    ? await db
        .selectFrom('users as u')
        .leftJoin('agent_states as s', (j) => j.onRef('s.user_id', '=', 'u.id').onRef('s.account_id', '=', 'u.account_id'))
        .select([
          'u.id as user_id',
          sql<string>`coalesce(u.display_name, u.name)`.as('name'),
          sql<string>`coalesce(s.status, 'offline')`.as('status'),
          sql<number>`coalesce(s.load, 0)`.as('load'),
          sql<number>`coalesce(s.capacity, 8)`.as('capacity'),
          sql<unknown>`coalesce(s.channel_load, '{}'::jsonb)`.as('channel_load'),
          sql<unknown>`coalesce(s.channel_capacity, '{}'::jsonb)`.as('channel_capacity'),
          's.last_assigned_at',
        ])
        .where('u.account_id', '=', accountId)
        .where('u.id', 'in', pool)
        .where('u.status', '=', 'active')
        .orderBy('u.id')
        .execute()
    : [];
  const pick = pickAgent(states.map((s) => toCandidate(s)), body.channel);
  const team = d.teamId ? await db.selectFrom('teams').select('name').where('account_id', '=', accountId).where('id', '=', d.teamId).executeTakeFirst() : undefined;
  const pickName = pick ? states.find((s) => s.user_id === pick.userId)?.name ?? '' : '';
  const outcome = !d.teamId && !d.preferredAgentIds ? 'unrouted' : pick ? 'assign' : 'queue';
  const routing = whyText(d.why, ctx.locale);
  const tail =
    outcome === 'assign'
      ? ctx.locale === 'en' ? `; ${pickName} has the least load` : `；${pickName} 当前接待最少`
      : outcome === 'queue'
        ? `；${whyText({ code: states.some((st) => st.status === 'online') ? 'all_busy' : 'team_empty' }, ctx.locale)}`
        : '';
  return {
    trace: d.trace.map((t) => ({ ruleId: t.ruleId, ruleName: t.ruleName, matched: t.matched, why: whyText(t.why, ctx.locale) })),
    ruleId: d.rule?.id ?? null,
    ruleName: d.rule?.name ?? null,
    teamId: d.teamId,
    teamName: team?.name ?? null,
    candidates: states.map((s) => ({ userId: s.user_id, name: s.name, status: s.status as R.AgentStatus, load: Number(s.load), capacity: Number(s.capacity) })),
    outcome: outcome as 'assign' | 'queue' | 'unrouted',
    agent: pick ? { userId: pick.userId, name: pickName } : null,
    priority: d.priority,
    labelIds: d.labelIds,
    why: `${routing}${tail}`,
  };
}

type ReturnTypeOfBody = import('zod').infer<typeof R.DryRunBody>;

/** Routing decisions on a conversation, and the dry run of the rules. */
export function decisionsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/conversations/:id/routing', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Every routing decision on a conversation: rule, team, agent and why', params: IdParams, response: { 200: R.RoutingDecisionList, ...errorResponses } } }, async (req) => {
      return { items: await listDecisions(req.ctx(), req.params.id) };
    });
    r.post('/routing/test', { config: { access: 'routing.manage' }, schema: { tags, summary: 'Dry run: which rule, team and agent a conversation like this would get now', body: R.DryRunBody, response: { 200: R.DryRunResult, ...errorResponses } } }, async (req) => {
      return dryRun(req.ctx(), req.body);
    });
  };
}
