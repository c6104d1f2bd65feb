import type { OrderIn } from '../../../../contracts/orders.ts';
import { OrderIn as OrderInSchema } from '../../../../contracts/orders.ts';
import { normalizeOrder, OrderInputError, type NormalizedOrder } from '../orders.normalize.ts';
import type { OrderPlatform } from '../orders.tables.ts';
import { parseCsv } from './csv.ts';
import { rowToOrder, type Mapping, type Reason } from './import-mapping.ts';

/**
 * The orders of a CSV file, in file order, or the reason each bad row cannot be one. Consecutive
 * rows of one order (a row per item, as marketplaces export) become one order with several lines;
 * the order's own fields come from its first row. A bad order is reported at its first line.
 */
export type ReadItem = { kind: 'order'; line: number; rows: number; order: NormalizedOrder } | { kind: 'error'; line: number; rows: number; reason: Reason };

type Group = { key: string; line: number; rows: number; order: OrderIn };

export function headersOf(text: string): string[] {
  const first = parseCsv(text).next();
  return first.done ? [] : first.value.fields.map((h) => h.trim());
}

function finish(group: Group): ReadItem {
  const checked = OrderInSchema.safeParse(group.order);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.join('.');
    return { kind: 'error', line: group.line, rows: group.rows, reason: { 'zh-CN': `${where}：${issue.message}`, en: `${where}: ${issue.message}` } };
  }
  try {
    return { kind: 'order', line: group.line, rows: group.rows, order: normalizeOrder(checked.data) };
  } catch (err) {
    if (err instanceof OrderInputError) return { kind: 'error', line: group.line, rows: group.rows, reason: err.reason };
    throw err;
  }
}

export function* readOrders(text: string, mapping: Mapping, defaultPlatform: OrderPlatform | null): Generator<ReadItem> {
  const records = parseCsv(text);
  const header = records.next();
  if (header.done) return;
  const headers = header.value.fields.map((h) => h.trim());
  let group: Group | null = null;
  for (const record of records) {
    const cells: Record<string, string> = {};
    headers.forEach((h, i) => (cells[h] = record.fields[i] ?? ''));
    const row = rowToOrder(cells, mapping, defaultPlatform);
    if (!row.ok) {
      yield { kind: 'error', line: record.line, rows: 1, reason: row.reason };
      continue;
    }
    if (group && group.key === row.key) {
      group.rows++;
      if (row.order.items && group.order.items) group.order.items.push(...row.order.items);
      continue;
    }
    if (group) yield finish(group);
    group = { key: row.key, line: record.line, rows: 1, order: row.order };
  }
  if (group) yield finish(group);
}
