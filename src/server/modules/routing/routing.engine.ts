import type { RuleActions, RuleConditions } from '../../../contracts/routing.ts';
import { segmentWords } from './keywords.ts';

/**
 * The routing decision, as a pure function of what is known about an arriving conversation: the
 * rules are tried in order, and the first whose conditions all hold and whose target is reachable
 * decides the team, the agents it waits for, the priority and the labels. No rule: the fallback team.
 */
export type Arrival = {
  channel: string;
  productId: string | null;
  /** The product's group and every group above it. */
  productGroupIds: string[];
  pageUrl: string | null;
  tier: string | null;
  tags: string[];
  /** The first customer message (its words are matched against keywords). */
  text: string;
  /** Whether the inbox is open at arrival; null when unknown. */
  businessOpen: boolean | null;
  language: 'zh-CN' | 'en' | null;
  accountManagerId: string | null;
  lastAgentId: string | null;
  /** The product's dedicated agents. */
  dedicatedAgentIds: string[];
};

export type EngineRule = { id: string; name: string; conditions: RuleConditions; actions: RuleActions };

/** Why, as a code and its values: rendered in the reader's language when shown (decisions.presenter.ts). */
export type Why = { code: string; vars?: Record<string, string | number> };

export type TraceStep = { ruleId: string; ruleName: string; matched: boolean; why: Why };

export type RouteDecision = {
  rule: { id: string; name: string } | null;
  teamId: string | null;
  /** When set, only these agents may take it (dedicated, account manager, last agent). */
  preferredAgentIds: string[] | null;
  priority: number;
  labelIds: string[];
  trace: TraceStep[];
  why: Why;
};

/** Whether a member can take a chat now (online): the sticky targets apply only then. */
export type IsOnline = (userId: string) => boolean;

function firstFailure(c: RuleConditions, a: Arrival, words: () => string[]): Why | null {
  if (c.channels?.length && !c.channels.includes(a.channel as never)) return { code: 'channel', vars: { value: a.channel } };
  if (c.productIds?.length && !(a.productId && c.productIds.includes(a.productId))) return { code: 'product' };
  if (c.productGroupIds?.length && !a.productGroupIds.some((g) => c.productGroupIds!.includes(g))) return { code: 'product_group' };
  if (c.urlContains?.length) {
    const url = (a.pageUrl ?? '').toLowerCase();
    if (!c.urlContains.some((part) => url.includes(part.toLowerCase()))) return { code: 'url' };
  }
  if (c.tiers?.length && !(a.tier && c.tiers.includes(a.tier))) return { code: 'tier', vars: { value: a.tier ?? '' } };
  if (c.tags?.length && !a.tags.some((t) => c.tags!.includes(t))) return { code: 'tags' };
  if (c.keywords?.length && !c.keywords.some((k) => hasKeyword(words(), k))) return { code: 'keywords' };
  if (c.businessHours && a.businessOpen !== null && (c.businessHours === 'open') !== a.businessOpen) return { code: a.businessOpen ? 'hours_open' : 'hours_closed' };
  if (c.languages?.length && !(a.language && c.languages.includes(a.language))) return { code: 'language' };
  return null;
}

/**
 * A keyword matches a word of the message, or a run of consecutive words (日本签证 read as 日本 / 签证),
 * never the middle of a word: 退 does not match 退货运费's 货运.
 */
export function hasKeyword(words: string[], keyword: string): boolean {
  const k = keyword.toLowerCase().replace(/\s+/g, '');
  if (!k) return false;
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let j = i; j < words.length && joined.length < k.length; j++) {
      joined += words[j];
      if (joined === k) return true;
    }
  }
  return false;
}

export function decideRoute(rules: EngineRule[], a: Arrival, opts: { fallbackTeamId: string | null; isOnline: IsOnline }): RouteDecision {
  let cached: string[] | undefined;
  const words = () => (cached ??= segmentWords(a.text));
  const trace: TraceStep[] = [];
  for (const rule of rules) {
    const failed = firstFailure(rule.conditions, a, words);
    if (failed) {
      trace.push({ ruleId: rule.id, ruleName: rule.name, matched: false, why: failed });
      continue;
    }
    const target = rule.actions.target;
    const base = { rule: { id: rule.id, name: rule.name }, priority: rule.actions.priority ?? 1, labelIds: rule.actions.labelIds ?? [] };
    if (!target) {
      // Priority and labels only: they apply, and routing goes on to the fallback team.
      trace.push({ ruleId: rule.id, ruleName: rule.name, matched: true, why: { code: 'matched_no_target' } });
      return { ...base, teamId: opts.fallbackTeamId, preferredAgentIds: null, trace, why: { code: 'rule_fallback' } };
    }
    if (target.kind === 'team') {
      trace.push({ ruleId: rule.id, ruleName: rule.name, matched: true, why: { code: 'matched' } });
      return { ...base, teamId: target.teamId, preferredAgentIds: null, trace, why: { code: 'rule_team' } };
    }
    const people =
      target.kind === 'dedicated' ? a.dedicatedAgentIds : target.kind === 'account_manager' ? (a.accountManagerId ? [a.accountManagerId] : []) : a.lastAgentId ? [a.lastAgentId] : [];
    if (people.length === 0) {
      trace.push({ ruleId: rule.id, ruleName: rule.name, matched: false, why: { code: `no_${target.kind}` } });
      continue;
    }
    if (!people.some(opts.isOnline)) {
      trace.push({ ruleId: rule.id, ruleName: rule.name, matched: false, why: { code: `offline_${target.kind}` } });
      continue;
    }
    trace.push({ ruleId: rule.id, ruleName: rule.name, matched: true, why: { code: 'matched' } });
    const teamId = target.kind === 'dedicated' ? (target.teamId ?? opts.fallbackTeamId) : opts.fallbackTeamId;
    return { ...base, teamId, preferredAgentIds: people, trace, why: { code: `rule_${target.kind}` } };
  }
  return { rule: null, teamId: opts.fallbackTeamId, preferredAgentIds: null, priority: 1, labelIds: [], trace, why: { code: opts.fallbackTeamId ? 'fallback' : 'no_team' } };
}

/** The language of a message when the widget did not say: Chinese characters, or Latin letters. */
export function detectLanguage(text: string): 'zh-CN' | 'en' | null {
  if (/\p{Script=Han}/u.test(text)) return 'zh-CN';
  if (/[A-Za-z]{2,}/.test(text)) return 'en';
  return null;
}

export type Candidate = {
  userId: string;
  status: string;
  load: number;
  capacity: number;
  channelLoad: Record<string, number>;
  channelCapacity: Record<string, number>;
  lastAssignedAt: Date | null;
};

export function hasRoom(c: Candidate, channel: string): boolean {
  if (c.status !== 'online' || c.load >= c.capacity) return false;
  const cap = c.channelCapacity[channel];
  return cap === undefined || (c.channelLoad[channel] ?? 0) < cap;
}

/** Least load first, then the one who has waited longest since their last assignment. */
export function pickAgent(candidates: Candidate[], channel: string, exclude?: ReadonlySet<string>): Candidate | null {
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (exclude?.has(c.userId) || !hasRoom(c, channel)) continue;
    if (!best || c.load < best.load || (c.load === best.load && idle(c) < idle(best)) || (c.load === best.load && idle(c) === idle(best) && c.userId < best.userId)) best = c;
  }
  return best;
}

const idle = (c: Candidate) => c.lastAssignedAt?.getTime() ?? 0;

/** Books a conversation on the agent in memory, as the trigger will in the database. */
export function book(c: Candidate, channel: string, at: Date): void {
  c.load += 1;
  c.channelLoad[channel] = (c.channelLoad[channel] ?? 0) + 1;
  c.lastAssignedAt = at;
}
