import type { ProductStatus } from '../modules/orders/orders.tables.ts';
import { CATALOGUE, FESTIVE_SUBGROUPS, OFF_SALE, SUMMER_SUBGROUPS } from './demo-catalogue.data.ts';

/** A product group; `key` names it inside the demo (the database id is given when it is written). */
export type DemoGroup = { key: string; name: string; parentKey: string | null; sort: number };

export type DemoProduct = {
  groupKey: string;
  sku: string;
  name: string;
  priceCents: number;
  status: ProductStatus;
  attributes: Record<string, unknown>;
  summer: boolean;
  festive: boolean;
};

export type DemoCatalogue = { groups: DemoGroup[]; products: DemoProduct[] };

const SKIN_TYPES: Record<string, string[]> = {
  'FC-SE': ['干性', '混合性', '油性'],
  'FC-TN': ['所有肤质'],
  'FC-CR': ['干性', '中性'],
  'FC-CL': ['所有肤质'],
  'FC-MK': ['所有肤质'],
};

/** The shop's catalogue: the same for every seed, as a real shop's would be. */
export function demoCatalogue(): DemoCatalogue {
  const groups: DemoGroup[] = [];
  const products: DemoProduct[] = [];
  CATALOGUE.forEach((group, g) => {
    const groupKey = `G${g + 1}`;
    groups.push({ key: groupKey, name: group.name, parentKey: null, sort: (g + 1) * 10 });
    group.subgroups.forEach((sub, s) => {
      groups.push({ key: sub.code, name: sub.name, parentKey: groupKey, sort: (s + 1) * 10 });
      sub.products.forEach((line, p) => {
        const [name, spec, price] = line.split('|');
        const attributes: Record<string, unknown> = { spec, brand: '花漾' };
        const shade = /#\d+ (\S+)$/.exec(name) ?? / (\S+色)$/.exec(name);
        if (shade) attributes.shade = shade[1];
        if (SKIN_TYPES[sub.code]) attributes.skin_types = SKIN_TYPES[sub.code];
        products.push({
          groupKey: sub.code,
          sku: `${sub.code}-${String(p + 1).padStart(3, '0')}`,
          name: `花漾${name} ${spec}`,
          priceCents: Math.round(Number(price) * 100),
          status: OFF_SALE.has(name) ? 'inactive' : 'active',
          attributes,
          summer: SUMMER_SUBGROUPS.has(sub.code),
          festive: FESTIVE_SUBGROUPS.has(sub.code),
        });
      });
    });
  });
  return { groups, products };
}
