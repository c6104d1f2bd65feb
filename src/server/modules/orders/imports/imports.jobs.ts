import { sql } from 'kysely';
import { systemActor, type Ctx } from '../../../platform/context.ts';
import { defineJob, JobReleased, type JobContext } from '../../../platform/jobs.ts';
import { recordAudit } from '../../accounts/index.ts';
import { ingestOrders } from '../orders.ingest.ts';
import { orderKey } from '../ingest-writes.ts';
import type { NormalizedOrder } from '../orders.normalize.ts';
import { decodeCsv } from './csv.ts';
import { readOrders, type ReadItem } from './import-reader.ts';
import { IMPORT_JOB, VALIDATE_JOB } from './imports.service.ts';

/**
 * The two background steps of a CSV import. Validation reads every row and writes nothing but the
 * report; the import reads the file again and ingests its good orders in batches, saving progress
 * after each. Both are safe to run again: the ingest is idempotent on the platform order id.
 */
const BATCH_ORDERS = 2000;
const ERRORS_KEPT = 1000;
const PROGRESS_EVERY_ROWS = 5000;

type Report = { totalRows: number; validRows: number; errorRows: number; errors: Array<{ line: number; 'zh-CN': string; en: string }> };

function newReport(): Report {
  return { totalRows: 0, validRows: 0, errorRows: 0, errors: [] };
}

function count(report: Report, item: ReadItem) {
  report.totalRows += item.rows;
  if (item.kind === 'order') report.validRows += item.rows;
  else {
    report.errorRows += item.rows;
    if (report.errors.length < ERRORS_KEPT) report.errors.push({ line: item.line, ...item.reason });
  }
}

/** For the progress bar before the rows are known: the lines of the file less its header. */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return Math.max(1, n);
}

async function loadFile(job: JobContext, importId: string) {
  const row = await job.db.selectFrom('order_imports').select(['file', 'encoding', 'mapping', 'default_platform', 'file_name']).where('account_id', '=', job.accountId!).where('id', '=', importId).executeTakeFirst();
  if (!row || !row.mapping) return null;
  const text = decodeCsv(row.file, row.encoding);
  const totalLines = lineCount(text);
  return { row, text, totalLines };
}

async function saveReport(job: JobContext, importId: string, status: 'validated' | 'done', report: Report, result?: Record<string, number>) {
  await job.db
    .updateTable('order_imports')
    .set({
      status, total_rows: report.totalRows, valid_rows: report.validRows, error_rows: report.errorRows,
      errors: JSON.stringify(report.errors), ...(result && { result: JSON.stringify(result) }), updated_at: job.clock.now(),
    })
    .where('account_id', '=', job.accountId!)
    .where('id', '=', importId)
    .execute();
}

async function markFailed(job: JobContext, importId: string, err: unknown) {
  if (job.attempt < job.maxAttempts) return;
  await job.db.updateTable('order_imports').set({ status: 'failed', failure: String((err as Error)?.message ?? err).slice(0, 500), updated_at: job.clock.now() })
    .where('account_id', '=', job.accountId!).where('id', '=', importId).execute();
}

async function validate(job: JobContext) {
  const importId = String(job.payload.importId);
  const file = await loadFile(job, importId);
  if (!file) return { skipped: true };
  const report = newReport();
  for (const item of readOrders(file.text, file.row.mapping!, file.row.default_platform)) {
    count(report, item);
    if (report.totalRows % PROGRESS_EVERY_ROWS === 0) await job.progress(report.totalRows, file.totalLines);
  }
  await job.progress(report.totalRows, report.totalRows);
  await saveReport(job, importId, 'validated', report);
  return { totalRows: report.totalRows, errorRows: report.errorRows };
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Rows read between two looks at the database's answers while a batch is in flight. */
const ROWS_PER_YIELD = 200;

/** An import that made at least this many customers refreshes their tables' statistics. */
const ANALYZE_AFTER_CUSTOMERS = 1000;

async function runImport(job: JobContext) {
  const importId = String(job.payload.importId);
  const file = await loadFile(job, importId);
  if (!file) return { skipped: true };
  const ctx: Ctx = { accountId: job.accountId!, actor: systemActor('order import'), db: job.db, clock: job.clock, log: job.log, locale: 'zh-CN' };
  const report = newReport();
  const result = { created: 0, updated: 0, unchanged: 0, customersCreated: 0 };
  // Batches go to the database while the next is read from the file: reading is JavaScript on this
  // process's core, writing is the database's work, so the two overlap. On PostgreSQL two batches
  // are in the database at once (the ingest locks only each batch's own orders and buyers); a batch
  // naming an order that one in flight names waits for it, so a later row of the file is never
  // overtaken by an earlier one.
  const maxInFlight = job.store === 'postgres' ? 2 : 1;
  const inFlight = new Map<Promise<void>, Set<string>>();
  let failure: { error: unknown } | null = null;
  let reported = 0;
  const flush = async (orders: NormalizedOrder[], rowsRead: number) => {
    const r = await ingestOrders(ctx, orders);
    result.created += r.created;
    result.updated += r.updated;
    result.unchanged += r.unchanged;
    result.customersCreated += r.customersCreated;
    if (rowsRead > reported) {
      reported = rowsRead;
      await job.progress(rowsRead, file.totalLines);
    }
  };
  const dispatch = async (orders: NormalizedOrder[]) => {
    const keys = new Set(orders.map((o) => orderKey(o.platform, o.platformOrderId)));
    for (const [running, theirs] of inFlight) {
      if ([...keys].some((k) => theirs.has(k))) await running;
    }
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight.keys());
    if (failure) throw failure.error;
    const running: Promise<void> = flush(orders, report.totalRows)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(running));
    inFlight.set(running, keys);
  };
  let batch: NormalizedOrder[] = [];
  let sinceYield = 0;
  for (const item of readOrders(file.text, file.row.mapping!, file.row.default_platform)) {
    count(report, item);
    if (item.kind === 'order') batch.push(item.order);
    if (batch.length >= BATCH_ORDERS) {
      await dispatch(batch);
      batch = [];
    }
    if (inFlight.size && ++sinceYield >= ROWS_PER_YIELD) {
      sinceYield = 0;
      await yieldToIo();
    }
  }
  if (batch.length) await dispatch(batch);
  await Promise.all(inFlight.keys());
  if (failure) throw (failure as { error: unknown }).error;
  // Thousands of new customers at once: fresh statistics, so the customer list's joins are planned
  // on what is there now (the embedded store has no autovacuum; PostgreSQL's would come later).
  if (result.customersCreated >= ANALYZE_AFTER_CUSTOMERS) await sql`analyze customers, customer_stats, customer_names`.execute(job.db);
  await job.progress(report.totalRows, report.totalRows);
  await saveReport(job, importId, 'done', report, result);
  await recordAudit(ctx, 'orders.imported', { type: 'order_import', id: importId, label: file.row.file_name }, { ...result, errorRows: report.errorRows });
  return result;
}

const guarded = (fn: (job: JobContext) => Promise<unknown>) => async (job: JobContext) => {
  try {
    return await fn(job);
  } catch (err) {
    // Handed back at shutdown: the import goes on from the start on the next worker (rows already
    // in are unchanged), so it is not failed.
    if (!(err instanceof JobReleased)) await markFailed(job, String(job.payload.importId), err);
    throw err;
  }
};

export function registerOrdersJobs(): void {
  defineJob(VALIDATE_JOB, guarded(validate));
  defineJob(IMPORT_JOB, guarded(runImport));
}
