import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { enqueueJob, type JobContext } from '../../platform/jobs.ts';

export const THUMBNAIL_JOB = 'conversations.make-thumbnail';
/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_SIDE = 320;
export const THUMBNAIL_TYPE = 'image/webp';

/** The image types a thumbnail is made of (the ones an upload may be). */
const THUMBNAILED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
// Decoding is refused past this many pixels (a small file can claim a huge image): the original is shown instead.
const MAX_INPUT_PIXELS = 100_000_000;

export type Thumbnail = { contentType: string; width: number; height: number; data: Buffer };

export function takesThumbnail(contentType: string): boolean {
  return THUMBNAILED.has(contentType);
}

/** Asks for the thumbnail of a stored image; commits with the caller's transaction. Other files get none. */
export async function queueThumbnail(db: Db, accountId: string, attachment: { id: string; contentType: string }): Promise<void> {
  if (!takesThumbnail(attachment.contentType)) return;
  await enqueueJob(db, { name: THUMBNAIL_JOB, accountId, payload: { attachmentId: attachment.id }, singletonKey: `${THUMBNAIL_JOB}:${attachment.id}` });
}

type Sharp = typeof import('sharp').default;
let loaded: Promise<Sharp> | undefined;

/** sharp (libvips) is loaded by the first thumbnail, so processes that make none never pay for it. */
function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    // Every image is decoded once: libvips' operation cache would only hold memory.
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

/**
 * The thumbnail of an image: upright (EXIF orientation applied), fitted inside 320×320 without
 * enlarging, the first frame of an animation, as WebP (which keeps transparency). Null when the
 * bytes cannot be decoded as an image.
 */
export async function renderThumbnail(bytes: Buffer): Promise<Thumbnail | null> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { contentType: THUMBNAIL_TYPE, width: info.width, height: info.height, data };
  } catch {
    return null;
  }
}

/** The job: makes and stores one attachment's thumbnail; a rerun, a file gone or not an image does nothing. */
export async function makeThumbnail(job: JobContext): Promise<unknown> {
  const accountId = job.accountId;
  const attachmentId = String(job.payload.attachmentId ?? '');
  if (!accountId || !attachmentId) return { skipped: 'no attachment' };
  const done = await job.db.selectFrom('attachment_thumbnails').select('attachment_id').where('account_id', '=', accountId).where('attachment_id', '=', attachmentId).executeTakeFirst();
  if (done) return { skipped: 'made already' };
  const file = await job.db.selectFrom('attachments').select(['content_type', 'data']).where('account_id', '=', accountId).where('id', '=', attachmentId).executeTakeFirst();
  if (!file) return { skipped: 'gone' };
  if (!takesThumbnail(file.content_type)) return { skipped: 'not an image' };
  const thumbnail = await renderThumbnail(asBuffer(file.data));
  if (!thumbnail) return { skipped: 'not decodable' };
  await saveThumbnail(job.db, accountId, attachmentId, thumbnail);
  return { width: thumbnail.width, height: thumbnail.height, size: thumbnail.data.length };
}

/** Stores a thumbnail unless its file was deleted meanwhile (then there is nothing to show it for). */
async function saveThumbnail(db: Db, accountId: string, attachmentId: string, t: Thumbnail): Promise<void> {
  await db
    .insertInto('attachment_thumbnails')
    .columns(['account_id', 'attachment_id', 'content_type', 'width', 'height', 'byte_size', 'data'])
    .expression((eb) =>
      eb
        .selectFrom('attachments')
        .select([
          'account_id',
          'id',
          sql<string>`${t.contentType}::text`.as('content_type'),
          sql<number>`${t.width}::integer`.as('width'),
          sql<number>`${t.height}::integer`.as('height'),
          sql<number>`${t.data.length}::integer`.as('byte_size'),
          sql<Buffer>`${t.data}::bytea`.as('data'),
        ])
        .where('account_id', '=', accountId)
        .where('id', '=', attachmentId),
    )
    .onConflict((oc) => oc.columns(['account_id', 'attachment_id']).doNothing())
    .execute();
}

/** An attachment's thumbnail, if it has one yet. The caller has checked that the file may be opened. */
export async function findThumbnail(db: Db, accountId: string, attachmentId: string): Promise<Thumbnail | null> {
  const row = await db
    .selectFrom('attachment_thumbnails')
    .select(['content_type', 'width', 'height', 'data'])
    .where('account_id', '=', accountId)
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
  if (!row) return null;
  return { contentType: row.content_type, width: row.width, height: row.height, data: asBuffer(row.data) };
}

/** The bytes of a bytea column: a Buffer from pg, a Uint8Array from the embedded store. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
