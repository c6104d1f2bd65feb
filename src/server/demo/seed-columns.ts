import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';

// Bulk writing for the demo seeder: rows are gathered column by column, each column travels as one
// text parameter ("a␟b␟c", split by string_to_array on the server) and one INSERT … SELECT FROM
// unnest(…) writes the whole batch. Joining strings is far cheaper in Node than building millions of
// bind parameters or array literals, and the statement is parsed once per batch, not per row.

/** How a column's values are sent: text as is; ints; money in fen; times in epoch ms; dates as text. */
export type ColumnKind = 'text' | 'int' | 'fen' | 'ms' | 'date';

// ASCII unit and record separators: no demo value contains them.
const SEPARATOR = '\x1f';
const NULL_MARK = '\x1e';

const ARRAY_TYPE: Record<ColumnKind, string> = { text: 'text[]', int: 'int[]', fen: 'bigint[]', ms: 'bigint[]', date: 'date[]' };

function selectExpression(column: string, kind: ColumnKind): string {
  const ref = `u.${column}`;
  if (kind === 'fen') return `${ref} / 100.0`;
  if (kind === 'ms') return `to_timestamp(${ref}::float8 / 1000)`;
  return ref;
}

export type Value = string | number | null;

export class ColumnBatch {
  private readonly values: Value[][];
  private rows = 0;

  constructor(readonly table: string, readonly columns: ReadonlyArray<readonly [string, ColumnKind]>) {
    this.values = columns.map(() => []);
  }

  /** One row, its values in the order of the columns. */
  push(...row: Value[]): void {
    for (let i = 0; i < row.length; i++) this.values[i].push(row[i]);
    this.rows++;
  }

  get size(): number {
    return this.rows;
  }

  /** INSERT … SELECT for the gathered rows, every one stamped with the account id. */
  toInsert(accountId: string): RawBuilder<unknown> {
    const names = this.columns.map(([name]) => name);
    const arrays = this.columns.map(([, kind], i) => {
      const text = this.values[i].map((v) => (v === null ? NULL_MARK : String(v))).join(SEPARATOR);
      return sql`string_to_array(${text}::text, ${SEPARATOR}::text, ${NULL_MARK}::text)::${sql.raw(ARRAY_TYPE[kind])}`;
    });
    const select = this.columns.map(([name, kind]) => sql.raw(selectExpression(name, kind)));
    return sql`insert into ${sql.table(this.table)} (account_id, ${sql.join(names.map((n) => sql.ref(n)))})
      select ${accountId}::text, ${sql.join(select)}
      from unnest(${sql.join(arrays)}) as u(${sql.join(names.map((n) => sql.ref(n)))})`;
  }
}

/**
 * Writes several batches in one statement (data-modifying CTEs), so one round trip and one commit
 * cover a batch of customers with their identities, orders and items. Foreign keys are checked at
 * the end of the statement, when the parent rows are there.
 */
export async function insertBatches(db: Db, accountId: string, batches: readonly ColumnBatch[]): Promise<void> {
  const parts = batches.filter((b) => b.size > 0).map((b) => b.toInsert(accountId));
  if (parts.length === 0) return;
  const last = parts[parts.length - 1];
  const ctes = parts.slice(0, -1).map((p, i) => sql`${sql.raw(`w${i}`)} as (${p})`);
  const statement = ctes.length ? sql`with ${sql.join(ctes)} ${last}` : last;
  await statement.execute(db);
}
