import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { loadRules, ROUTING_DEFAULTS, type LoadedRoutingSettings, type LoadedRule } from './rules.service.ts';

/**
 * What routing needs of an account besides the conversations themselves: its settings, its rules
 * and its team tree. The settings row is read on every use (one row, and it says whether routing is
 * on); the rules and the tree are kept in memory and read again only when the account's
 * routing_config_versions number has moved (migration 0017: triggers on teams, team_members and
 * routing_rules move it). The number is read in the same statement as the settings, so a placement
 * costs one round trip here instead of four, and a change made on any node is seen by every node at
 * its next placement.
 */
export type TeamTree = { children: Map<string, string[]>; members: Map<string, string[]> };

export type RoutingConfig = { settings: LoadedRoutingSettings; rules: LoadedRule[]; tree: TeamTree };

type Held = { version: string; rules: LoadedRule[]; tree: TeamTree };

const held = new Map<string, Held>();
/** Accounts kept at most; past it the oldest entry goes (a node serving many shops stays bounded). */
const MAX_ACCOUNTS = 1000;
let reads = 0;

/** How many times rules and tree were read from the database (for tests). */
export const configReads = () => reads;

export function forgetRoutingConfig(accountId?: string): void {
  if (accountId) held.delete(accountId);
  else held.clear();
}

export async function loadTeamTree(db: Db, accountId: string): Promise<TeamTree> {
  const [teams, members] = await Promise.all([
    db.selectFrom('teams').select(['id', 'parent_id']).where('account_id', '=', accountId).execute(),
    db.selectFrom('team_members').select(['team_id', 'user_id']).where('account_id', '=', accountId).execute(),
  ]);
  const children = new Map<string, string[]>();
  for (const t of teams) if (t.parent_id) children.set(t.parent_id, [...(children.get(t.parent_id) ?? []), t.id]);
  const direct = new Map<string, string[]>();
  for (const m of members) direct.set(m.team_id, [...(direct.get(m.team_id) ?? []), m.user_id]);
  // A business line's agents are its own and those of every group under it.
  const all = new Map<string, string[]>();
  const collect = (id: string, seen = new Set<string>()): string[] => {
    if (all.has(id)) return all.get(id)!;
    if (seen.has(id)) return [];
    seen.add(id);
    const out = new Set(direct.get(id) ?? []);
    for (const c of children.get(id) ?? []) for (const u of collect(c, seen)) out.add(u);
    all.set(id, [...out]);
    return all.get(id)!;
  };
  for (const t of teams) collect(t.id);
  return { children, members: all };
}

type SettingsRow = {
  enabled: boolean | null;
  fallback_team_id: string | null;
  overflow_after_seconds: number | null;
  answer_timeout_seconds: number | null;
  auto_away_minutes: number | null;
  first_response_target_seconds: number | null;
  version: string | number | null;
};

/**
 * The account's routing settings, and — when routing is on, or `always` — its rules and team tree.
 * Within a transaction the rules and tree are those committed when the version was read, or newer.
 */
export async function routingConfig(db: Db, accountId: string, always = false): Promise<RoutingConfig> {
  const { rows } = await sql<SettingsRow>`
    select s.enabled, s.fallback_team_id, s.overflow_after_seconds, s.answer_timeout_seconds, s.auto_away_minutes, s.first_response_target_seconds,
           (select v.version from routing_config_versions v where v.account_id = ${accountId}) as version
      from (select ${accountId}::text as account_id) a
      left join routing_settings s on s.account_id = a.account_id`.execute(db);
  const row = rows[0];
  const settings: LoadedRoutingSettings =
    row?.enabled === null || row?.enabled === undefined
      ? { ...ROUTING_DEFAULTS }
      : {
          enabled: row.enabled,
          fallbackTeamId: row.fallback_team_id,
          overflowAfterSeconds: Number(row.overflow_after_seconds),
          answerTimeoutSeconds: Number(row.answer_timeout_seconds),
          autoAwayMinutes: Number(row.auto_away_minutes),
          firstResponseTargetSeconds: Number(row.first_response_target_seconds),
        };
  if (!settings.enabled && !always) return { settings, rules: [], tree: { children: new Map(), members: new Map() } };
  const version = String(row?.version ?? 0);
  const kept = held.get(accountId);
  if (kept && kept.version === version) return { settings, rules: kept.rules, tree: kept.tree };
  reads++;
  const [rules, tree] = [await loadRules(db, accountId), await loadTeamTree(db, accountId)];
  held.delete(accountId);
  if (held.size >= MAX_ACCOUNTS) held.delete(held.keys().next().value!);
  held.set(accountId, { version, rules, tree });
  return { settings, rules, tree };
}
