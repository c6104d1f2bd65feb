import { sql, type Selectable } from 'kysely';
import type { Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import type { Locale } from '../../../platform/locale.ts';
import { maskEmailsIn, maskPhone } from '../../../platform/mask.ts';
import { can } from '../../accounts/index.ts';
import type { ImportEncoding, OrderImportsTable, OrderPlatform } from '../orders.tables.ts';
import { csvField, decodeCsv, detectEncoding, parseCsv } from './csv.ts';
import { mappingProblem, suggestMapping, type Mapping } from './import-mapping.ts';

/** A CSV import of orders: upload → mapping → validation report → import (jobs with progress) → result. */
// A million orders exported one row each (an order report) take about 150 MB.
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
export const VALIDATE_JOB = 'orders.import-validate';
export const IMPORT_JOB = 'orders.import-run';
const SAMPLE_ROWS = 5;

/** An import without its file (polled every second while a job runs), but with the file's first bytes for the sample. */
type ImportRow = Omit<Selectable<OrderImportsTable>, 'file'> & { file_head: Buffer };
const HEAD_BYTES = 256 * 1024;
const IMPORT_COLUMNS = ['id', 'account_id', 'file_name', 'encoding', 'size_bytes', 'headers', 'mapping', 'default_platform', 'status', 'job_id', 'total_rows', 'valid_rows', 'error_rows', 'errors', 'result', 'failure', 'created_by', 'created_at', 'updated_at'] as const;
const fileHead = sql<Buffer>`substring(file from 1 for ${HEAD_BYTES})`.as('file_head');
type Progress = { done: number; total: number } | null;

function sampleOf(row: Pick<ImportRow, 'file_head' | 'encoding'>): string[][] {
  const text = decodeCsv(row.file_head, row.encoding);
  const out: string[][] = [];
  for (const r of parseCsv(text)) {
    if (out.length > SAMPLE_ROWS) break;
    out.push(r.fields);
  }
  return out.slice(1);
}

// Mainland mobile numbers inside a cell or a reason; an 18-digit order number is not one.
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d{9}(?!\d)/g;

/** Phones and emails in the file's text, masked for someone who may not see them in full. */
function maskContactsIn(text: string): string {
  return maskEmailsIn(text).replace(MOBILE_IN_TEXT, (m) => maskPhone(m) ?? m);
}

const seesContacts = (ctx: Ctx) => can(ctx.actor.role, 'customers.contact.read');

export function presentImport(row: ImportRow, progress: Progress, locale: Locale, masked: boolean) {
  const show = masked ? maskContactsIn : (text: string) => text;
  return {
    id: row.id,
    fileName: row.file_name,
    encoding: row.encoding,
    sizeBytes: row.size_bytes,
    headers: row.headers,
    sample: sampleOf(row).map((cells) => cells.map(show)),
    mapping: row.mapping,
    suggestedMapping: suggestMapping(row.headers) as Record<string, string>,
    defaultPlatform: row.default_platform,
    status: row.status,
    progress,
    totalRows: row.total_rows,
    validRows: row.valid_rows,
    errorRows: row.error_rows,
    errors: row.errors.map((e) => ({ line: e.line, reason: show(e[locale]) })),
    result: row.result as { created: number; updated: number; unchanged: number; customersCreated: number } | null,
    failure: row.failure,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findImport(ctx: Ctx, id: string): Promise<ImportRow> {
  const row = await ctx.db.selectFrom('order_imports').select([...IMPORT_COLUMNS, fileHead]).where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('order_import');
  return row;
}

async function progressOf(ctx: Ctx, row: ImportRow): Promise<Progress> {
  if (!row.job_id) return null;
  const job = await ctx.db.selectFrom('jobs').select('progress').where('id', '=', row.job_id).where('account_id', '=', ctx.accountId).executeTakeFirst();
  const p = job?.progress as { done?: number; total?: number } | null | undefined;
  return p && typeof p.done === 'number' && typeof p.total === 'number' ? { done: p.done, total: p.total } : null;
}

export async function loadImport(ctx: Ctx, id: string) {
  const row = await findImport(ctx, id);
  return presentImport(row, await progressOf(ctx, row), ctx.locale, !seesContacts(ctx));
}

export async function listImports(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('order_imports').select([...IMPORT_COLUMNS, fileHead]).where('account_id', '=', ctx.accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(20).execute();
  return rows.map((r) => presentImport(r, null, ctx.locale, !seesContacts(ctx)));
}

/** Stores an uploaded file and reads its header row. */
export async function createImport(ctx: Ctx, input: { fileName: string; encoding: 'auto' | ImportEncoding; bytes: Buffer }) {
  if (input.bytes.length === 0) throw new AppError('import_file_empty');
  if (input.bytes.length > MAX_IMPORT_BYTES) throw new AppError('import_file_too_large', { vars: { limit: '256 MB' } });
  const encoding = input.encoding === 'auto' ? detectEncoding(input.bytes) : input.encoding;
  const first = parseCsv(decodeCsv(input.bytes.subarray(0, 64 * 1024), encoding)).next();
  const headers = first.done ? [] : first.value.fields.map((h) => h.trim()).filter(Boolean);
  if (headers.length < 2) throw new AppError('import_no_header');
  const row = await ctx.db
    .insertInto('order_imports')
    .values({
      id: newId('job'), account_id: ctx.accountId, file_name: input.fileName, encoding, size_bytes: input.bytes.length, file: input.bytes,
      headers: JSON.stringify(headers), status: 'uploaded', created_by: ctx.actor.id,
    })
    .returning([...IMPORT_COLUMNS, fileHead])
    .executeTakeFirstOrThrow();
  return presentImport(row, null, ctx.locale, !seesContacts(ctx));
}

function checkState(row: ImportRow, allowed: ImportRow['status'][]) {
  if (!allowed.includes(row.status)) throw new AppError('import_wrong_state', { vars: { status: row.status } });
}

/** Saves the mapping and starts the validation job (no order is written). */
export async function requestValidation(ctx: Ctx, id: string, input: { mapping: Mapping; defaultPlatform?: OrderPlatform | null }) {
  const row = await findImport(ctx, id);
  checkState(row, ['uploaded', 'validated', 'failed']);
  const problem = mappingProblem(input.mapping, row.headers, input.defaultPlatform ?? null);
  if (problem) throw new AppError('import_mapping_invalid', { vars: { detail: problem[ctx.locale] }, field: 'mapping' });
  return startJob(ctx, row, VALIDATE_JOB, 'validating', { mapping: JSON.stringify(input.mapping), default_platform: input.defaultPlatform ?? null });
}

/** Starts the import job; the file must have been validated with its mapping first. */
export async function requestImport(ctx: Ctx, id: string) {
  const row = await findImport(ctx, id);
  checkState(row, ['validated', 'done']);
  return startJob(ctx, row, IMPORT_JOB, 'importing', {});
}

async function startJob(ctx: Ctx, row: ImportRow, job: string, status: ImportRow['status'], extra: Partial<Record<'mapping' | 'default_platform', string | null>>) {
  const jobId = await enqueueJob(ctx.db, { name: job, accountId: ctx.accountId, payload: { importId: row.id }, maxAttempts: 3 });
  await ctx.db
    .updateTable('order_imports')
    .set({ ...extra, default_platform: ('default_platform' in extra ? extra.default_platform : row.default_platform) as OrderPlatform | null, status, job_id: jobId, failure: null, updated_at: ctx.clock.now() })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', row.id)
    .execute();
  return loadImport(ctx, row.id);
}

/** The bad rows as a CSV file, in the reader's language. */
export async function errorReport(ctx: Ctx, id: string, locale: Locale): Promise<string> {
  const row = await findImport(ctx, id);
  const head = locale === 'zh-CN' ? ['行号', '原因'] : ['line', 'reason'];
  const show = seesContacts(ctx) ? (text: string) => text : maskContactsIn;
  const lines = row.errors.map((e) => `${e.line},${csvField(show(e[locale]))}`);
  return `\uFEFF${head.join(',')}\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}`;
}
