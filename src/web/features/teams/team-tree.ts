import type { Team } from './teams-api';

/** A team with its sub-teams, for the tree table and the pickers. */
export type TeamNode = Team & { depth: number; children?: TeamNode[] };

function bySortThenName(a: Team, b: Team): number {
  return a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN');
}

/** Business lines at the top, their groups under them; a team whose parent is missing shows at the top. */
export function buildTeamTree(teams: readonly Team[]): TeamNode[] {
  const ids = new Set(teams.map((t) => t.id));
  const byParent = new Map<string | null, Team[]>();
  for (const team of teams) {
    const parent = team.parentId && ids.has(team.parentId) ? team.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), team]);
  }
  const build = (parent: string | null, depth: number, seen: Set<string>): TeamNode[] =>
    (byParent.get(parent) ?? [])
      .filter((t) => !seen.has(t.id))
      .sort(bySortThenName)
      .map((t) => {
        const children = build(t.id, depth + 1, new Set([...seen, t.id]));
        return { ...t, depth, children: children.length ? children : undefined };
      });
  return build(null, 0, new Set());
}

/** The team and everything under it: where it may not be moved. */
export function selfAndDescendants(teams: readonly Team[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of teams) {
      if (t.parentId && out.has(t.parentId) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
    }
  }
  return out;
}

/** "签证 / 日韩签证": the team's place in the tree, for pickers and tags. */
export function teamPath(teams: readonly Team[], id: string): string {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join(' / ');
}

export type TreeOption = { value: string; title: string; disabled?: boolean; children?: TreeOption[] };

/** The tree as TreeSelect data; `disabled` ids show but cannot be picked. */
export function teamTreeOptions(nodes: readonly TeamNode[], disabled: ReadonlySet<string> = new Set()): TreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    disabled: disabled.has(n.id) || undefined,
    children: n.children ? teamTreeOptions(n.children, disabled) : undefined,
  }));
}

/** Product groups as TreeSelect data, nested the same way. */
export function groupTreeOptions<G extends { id: string; name: string; parentId: string | null }>(groups: readonly G[], label: (g: G) => string): TreeOption[] {
  const ids = new Set(groups.map((g) => g.id));
  const build = (parent: string | null, seen: Set<string>): TreeOption[] =>
    groups
      .filter((g) => (g.parentId && ids.has(g.parentId) ? g.parentId : null) === parent && !seen.has(g.id))
      .map((g) => {
        const children = build(g.id, new Set([...seen, g.id]));
        return { value: g.id, title: label(g), children: children.length ? children : undefined };
      });
  return build(null, new Set());
}
