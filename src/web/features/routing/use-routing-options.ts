import { useCallback, useMemo, useState } from 'react';
import type { Label } from '../../app/api-types';
import { useRequest } from '../../app/use-request';
import { labelsApi } from '../labels/labels-api';
import { routingApi, type ProductGroup, type ProductRef, type Team } from './routing-api';

/** An entry of a nested list (teams, product groups) in tree order, named by its whole path. */
export type TreeOption = { value: string; label: string; name: string; depth: number };

/** Parents before their children, siblings by `sort` then name; the label is "签证业务 / 日韩签证". */
export function treeOptions<T extends { id: string; name: string; parentId: string | null; sort?: number }>(items: readonly T[]): TreeOption[] {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    const parent = item.parentId && ids.has(item.parentId) ? item.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  const out: TreeOption[] = [];
  const walk = (parent: string | null, path: string[], depth: number, seen: Set<string>) => {
    const level = [...(children.get(parent) ?? [])].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
    for (const item of level) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      const names = [...path, item.name];
      out.push({ value: item.id, label: names.join(' / '), name: item.name, depth });
      walk(item.id, names, depth + 1, seen);
    }
  };
  walk(null, [], 0, new Set());
  return out;
}

/** Each entry by its own name ("日韩签证"), or by its path where two entries share that name. */
function shortNames(options: readonly TreeOption[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const o of options) count.set(o.name, (count.get(o.name) ?? 0) + 1);
  return new Map(options.map((o) => [o.value, (count.get(o.name) ?? 0) > 1 ? o.label : o.name]));
}

export type RoutingNames = {
  team: (id: string) => string;
  group: (id: string) => string;
  product: (id: string) => string;
  label: (id: string) => Label | undefined;
};

/**
 * What the rule editor, the summaries and the tester pick from: teams, product groups, labels and
 * products. Products are many: the first page is loaded, and every product met in a search is kept
 * so its name can be shown later.
 */
export function useRoutingOptions() {
  const teams = useRequest((signal) => routingApi.teams(signal), []);
  const groups = useRequest((signal) => routingApi.productGroups(signal), []);
  const labels = useRequest((signal) => labelsApi.list(signal), []);
  const firstProducts = useRequest((signal) => routingApi.products(undefined, signal), []);
  const [seenProducts, setSeenProducts] = useState<Map<string, ProductRef>>(new Map());

  const rememberProducts = useCallback((items: readonly ProductRef[]) => {
    setSeenProducts((current) => {
      if (items.every((p) => current.has(p.id))) return current;
      const next = new Map(current);
      for (const p of items) next.set(p.id, p);
      return next;
    });
  }, []);

  const products = useMemo(() => {
    const all = new Map<string, ProductRef>();
    for (const p of firstProducts.data ?? []) all.set(p.id, p);
    for (const [id, p] of seenProducts) all.set(id, p);
    return all;
  }, [firstProducts.data, seenProducts]);

  const teamOptions = useMemo(() => treeOptions<Team>(teams.data ?? []), [teams.data]);
  const groupOptions = useMemo(() => treeOptions<ProductGroup>(groups.data ?? []), [groups.data]);

  const names = useMemo<RoutingNames>(() => {
    const team = shortNames(teamOptions);
    const group = shortNames(groupOptions);
    const label = new Map((labels.data ?? []).map((l) => [l.id, l]));
    return {
      team: (id) => team.get(id) ?? id,
      group: (id) => group.get(id) ?? id,
      product: (id) => products.get(id)?.name ?? id,
      label: (id) => label.get(id),
    };
  }, [teamOptions, groupOptions, labels.data, products]);

  return {
    teamOptions,
    groupOptions,
    labels: labels.data ?? [],
    products,
    rememberProducts,
    names,
    loading: teams.loading || groups.loading || labels.loading,
    error: teams.error ?? groups.error,
    reload: () => {
      teams.reload();
      groups.reload();
      labels.reload();
      firstProducts.reload();
    },
  };
}

export type RoutingOptions = ReturnType<typeof useRoutingOptions>;
