import type { Db } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { can, ROLES, type Role } from '../accounts/index.ts';

/** The roles that answer customers: only their holders join teams, take chats and have a status. */
export const AGENT_ROLES: Role[] = ROLES.filter((r) => can(r, 'conversations.reply'));

export const mayAnswer = (role: Role): boolean => can(role, 'conversations.reply');

/**
 * The roles that may belong to a team: those who answer customers, and operations staff, whose
 * team is the queue work orders are handed to (运营组, 仓库组). Routing never offers a chat to
 * operations staff: they have no agent status (presence is for those who answer).
 */
export const TEAM_ROLES: Role[] = [...AGENT_ROLES, 'operations'];

/** The name colleagues see: the internal name by function (日本客服A), or the member's name. */
export const memberName = (u: { display_name: string | null; name: string }): string => u.display_name || u.name;

/** Refuses (agent_invalid) unless every id is an active member of the account who may answer customers (or, with `roles`, holds one of them). */
export async function assertAgents(db: Db, accountId: string, userIds: string[], field: string, roles: Role[] = AGENT_ROLES): Promise<void> {
  if (userIds.length === 0) return;
  const found = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', 'in', userIds)
    .where('status', '=', 'active')
    .where('role', 'in', roles)
    .execute();
  if (found.length !== new Set(userIds).size) throw new AppError('agent_invalid', { field });
}

/** Names in the order a Chinese team reads them: by pinyin (王 after 李), Latin letters alike. */
export const byName = (a: string, b: string): number => a.localeCompare(b, 'zh-CN');

type Node = { id: string; parent_id: string | null; sort: number; name: string };

/** Parents first, each followed by its children; siblings by sort, then name (pinyin order for Chinese). */
export function inTreeOrder<T extends Node>(rows: T[]): T[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, T[]>();
  for (const r of rows) {
    const parent = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  for (const list of children.values()) list.sort((a, b) => a.sort - b.sort || byName(a.name, b.name) || (a.id < b.id ? -1 : 1));
  const out: T[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  // A loop of parents (product groups do not forbid one) has no root: it still shows, at the end.
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
    walk(r.id);
  }
  return out;
}
