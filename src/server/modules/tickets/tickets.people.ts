import type { Ctx } from '../../platform/context.ts';

/**
 * Whom a work order can be handed to: every team (with its members, leads marked) and every active
 * member, by the name colleagues know them by. Operations staff read it too, so that they can pass
 * a work order on to another team or person without reading the routing set-up.
 */
export async function workOrderPeople(ctx: Ctx) {
  const [teams, members, users] = await Promise.all([
    ctx.db.selectFrom('teams').select(['id', 'name', 'parent_id', 'sort']).where('account_id', '=', ctx.accountId).orderBy('sort').orderBy('name').execute(),
    ctx.db.selectFrom('team_members').select(['team_id', 'user_id', 'is_lead']).where('account_id', '=', ctx.accountId).execute(),
    ctx.db.selectFrom('users').select(['id', 'name', 'display_name', 'role']).where('account_id', '=', ctx.accountId).where('status', '=', 'active').execute(),
  ]);
  const nameOf = new Map(users.map((u) => [u.id, u.display_name || u.name]));
  const byTeam = new Map<string, Array<{ userId: string; name: string; isLead: boolean }>>();
  for (const m of members) {
    const name = nameOf.get(m.user_id);
    if (!name) continue;
    byTeam.set(m.team_id, [...(byTeam.get(m.team_id) ?? []), { userId: m.user_id, name, isLead: m.is_lead }]);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'zh-CN');
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name, parentId: t.parent_id, members: (byTeam.get(t.id) ?? []).sort((a, b) => Number(b.isLead) - Number(a.isLead) || byName(a.name, b.name)) })),
    members: users.map((u) => ({ id: u.id, name: u.display_name || u.name, role: u.role })).sort((a, b) => byName(a.name, b.name)),
  };
}
