import crypto from 'node:crypto';
import { sql } from 'kysely';
import { ATTACHMENT_TYPES, MAX_FILE_BYTES, MAX_RECORDING_BYTES, MB, type FileFamily } from '../../../contracts/attachment-types.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import './attachments.errors.ts';
import type { AttachmentRef, MessageKind } from './conversations.tables.ts';
import { checkFile, cleanFileName, normaliseType } from './file-types.ts';
import { queueThumbnail } from './thumbnails.service.ts';

/** Who uploads decides the ceiling: the team may send long call recordings, a shopper never more than a photo's worth. */
export type Uploader = { type: 'agent'; id: string | null } | { type: 'customer'; id: string };

/** The most bytes a file of this family (unknown: not sniffed yet) may have. */
export function limitFor(uploader: Uploader['type'], family: FileFamily | undefined): number {
  if (uploader === 'customer') return MAX_FILE_BYTES;
  return family === undefined || family === 'audio' ? MAX_RECORDING_BYTES : MAX_FILE_BYTES;
}

export function tooLarge(uploader: Uploader['type'], family: FileFamily | undefined): AppError {
  const what = uploader === 'customer' || !family ? 'file_any' : `file_${family}`;
  return new AppError('attachment_too_large', { vars: { what, limit: `${limitFor(uploader, family) / MB} MB` } });
}

/** The family a declared Content-Type claims, before the bytes are seen. */
export function declaredFamily(declared: string | undefined): FileFamily | undefined {
  return ATTACHMENT_TYPES[normaliseType(declared)]?.family;
}

/** The raw bytes of an upload, wrapped so that request-wide hooks walking the body do not visit every byte. */
export class UploadedBytes {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

/**
 * Checks and stores one file of a conversation. Not linked to any message yet: the message that
 * names it in `attachmentIds` claims it. An image's thumbnail is made in the background.
 */
export async function storeAttachment(
  db: Db,
  input: { accountId: string; conversationId: string; uploader: Uploader; bytes: Buffer; declaredType: string | undefined; name: string | undefined; now: Date },
): Promise<AttachmentRef> {
  if (input.bytes.length === 0) throw new AppError('attachment_empty');
  const check = checkFile(input.bytes, input.declaredType, input.name ?? '');
  if (!check.ok) {
    if (check.reason === 'mismatch') throw new AppError('attachment_type_mismatch', { vars: { type: String(input.declaredType ?? '').split(';')[0].slice(0, 80) } });
    throw new AppError('attachment_type_refused');
  }
  if (input.bytes.length > limitFor(input.uploader.type, check.family)) throw tooLarge(input.uploader.type, check.family);
  const row = {
    id: newId('att'),
    account_id: input.accountId,
    conversation_id: input.conversationId,
    message_id: null,
    uploader_type: input.uploader.type,
    uploader_id: input.uploader.id,
    file_name: cleanFileName(input.name, check.contentType),
    content_type: check.contentType,
    byte_size: input.bytes.length,
    sha256: crypto.createHash('sha256').update(input.bytes).digest('hex'),
    data: input.bytes,
    created_at: input.now,
  };
  const store = async (trx: Db) => {
    await trx.insertInto('attachments').values(row).execute();
    await queueThumbnail(trx, row.account_id, { id: row.id, contentType: row.content_type });
  };
  await (db.isTransaction ? store(db) : db.transaction().execute(store));
  return { id: row.id, name: row.file_name, contentType: row.content_type, size: row.byte_size };
}

/**
 * The files a new message names, locked and checked: each must be of this account and this
 * conversation and not sent with another message yet. Runs inside the message's transaction,
 * after its conversation row is locked, so two messages cannot claim the same file.
 */
export async function claimAttachments(trx: Db, accountId: string, conversationId: string, ids: string[]): Promise<AttachmentRef[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await trx
    .selectFrom('attachments')
    .select(['id', 'file_name', 'content_type', 'byte_size'])
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .where('id', 'in', unique)
    .where('message_id', 'is', null)
    .forUpdate()
    .execute();
  if (rows.length !== unique.length) throw new AppError('attachments_invalid', { field: 'attachmentIds' });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.map((id) => {
    const r = byId.get(id)!;
    return { id: r.id, name: r.file_name, contentType: r.content_type, size: r.byte_size };
  });
}

/** The conversation list's line for a message without text. */
export function attachmentsPreview(attachments: AttachmentRef[]): string {
  if (attachments.length === 0) return '';
  const first = attachments[0];
  const label = first.contentType.startsWith('image/') ? '[图片]' : first.contentType.startsWith('audio/') ? `[录音] ${first.name}` : `[文件] ${first.name}`;
  return attachments.length > 1 ? `${label} 等 ${attachments.length} 个附件` : label;
}

/** Message kinds a customer never sees: internal notes, and calls the team logged for itself. */
export const HIDDEN_FROM_CUSTOMER: MessageKind[] = ['note', 'call'];

export type StoredFile = { id: string; name: string; contentType: string; size: number; sha256: string; createdAt: Date };

const META = ['a.id', 'a.file_name', 'a.content_type', 'a.byte_size', 'a.sha256', 'a.created_at'] as const;
const present = (r: { id: string; file_name: string; content_type: string; byte_size: number; sha256: string; created_at: Date }): StoredFile => ({
  id: r.id,
  name: r.file_name,
  contentType: r.content_type,
  size: r.byte_size,
  sha256: r.sha256,
  createdAt: r.created_at,
});

/** Any file of the account, for its team. */
export async function findAttachment(db: Db, accountId: string, id: string): Promise<StoredFile> {
  const row = await db.selectFrom('attachments as a').select(META).where('a.account_id', '=', accountId).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('attachment');
  return present(row);
}

/**
 * A file the shopper may open: sent in one of their own conversations of this inbox, on a message
 * they can see. Anything else (another visitor's file, a file on an internal note, a file not sent
 * yet) is simply not found.
 */
export async function findAttachmentForVisitor(db: Db, visitor: { accountId: string; customerId: string; inboxId: string }, id: string): Promise<StoredFile> {
  const row = await db
    .selectFrom('attachments as a')
    .innerJoin('messages as m', (j) => j.onRef('m.account_id', '=', 'a.account_id').onRef('m.id', '=', 'a.message_id').onRef('m.conversation_id', '=', 'a.conversation_id'))
    .innerJoin('conversations as c', (j) => j.onRef('c.account_id', '=', 'a.account_id').onRef('c.id', '=', 'a.conversation_id'))
    .select(META)
    .where('a.account_id', '=', visitor.accountId)
    .where('a.id', '=', id)
    .where('c.customer_id', '=', visitor.customerId)
    .where('c.inbox_id', '=', visitor.inboxId)
    .where('m.kind', 'not in', HIDDEN_FROM_CUSTOMER)
    .executeTakeFirst();
  if (!row) throw notFound('attachment');
  return present(row);
}

/** The bytes of a file, whole or a range of them (`start` and `length` in bytes). */
export async function readAttachmentBytes(db: Db, accountId: string, id: string, range?: { start: number; length: number }): Promise<Buffer> {
  const data = range
    ? sql<Uint8Array>`substring(data from ${range.start + 1} for ${range.length})`
    : sql<Uint8Array>`data`;
  const row = await db.selectFrom('attachments').select(data.as('data')).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirstOrThrow();
  const bytes = row.data;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
