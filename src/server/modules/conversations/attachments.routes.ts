import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as A from '../../../contracts/attachments.ts';
import { ErrorBody, errorResponses, IdParams } from '../../../contracts/common.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import {
  declaredFamily,
  findAttachment,
  findAttachmentForVisitor,
  limitFor,
  readAttachmentBytes,
  storeAttachment,
  tooLarge,
  UploadedBytes,
  type StoredFile,
  type Uploader,
} from './attachments.service.ts';
import { loadConversation, openConversation } from './conversations.service.ts';
import { contentDisposition, isInline } from './file-types.ts';
import { RateLimiter } from './rate-limit.ts';
import { findThumbnail, takesThumbnail, type Thumbnail } from './thumbnails.service.ts';
import { resolveVisitor, type Visitor } from './visitors.service.ts';
import type { WidgetDeps } from './widget.routes.ts';

const tags = ['attachments'];
const uploadLimiter = new RateLimiter(20, 60_000);

const uploadErrors = { ...errorResponses, 413: ErrorBody, 415: ErrorBody };
const fileResponse = {
  200: { description: 'the file, with its type, its name (Content-Disposition) and Range support; with ?size=thumb an image’s thumbnail (image/webp) once it is made', content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } } },
  ...errorResponses,
  416: ErrorBody,
};

/**
 * Reads any body that is not JSON as the raw bytes of a file. `admit` runs before a byte is read
 * (it may refuse the caller) and says who uploads, which sets the ceiling; a declared length over
 * it is refused at once, a stream that grows past it as soon as it does.
 */
function acceptRawUploads(app: FastifyInstance, admit: (req: FastifyRequest) => Promise<Uploader['type']>) {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', async (req: FastifyRequest, payload: NodeJS.ReadableStream) => {
    const uploader = await admit(req);
    const family = declaredFamily(req.headers['content-type']);
    const limit = limitFor(uploader, family);
    if (Number(req.headers['content-length']) > limit) throw tooLarge(uploader, family);
    return new UploadedBytes(await readLimited(payload, limit, () => tooLarge(uploader, family)));
  });
}

function readLimited(stream: NodeJS.ReadableStream, limit: number, tooBig: () => AppError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client gets the answer instead of a reset.
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooBig());
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    stream.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

function bytesOf(body: unknown): Buffer {
  if (body === undefined || body === null) throw new AppError('attachment_empty');
  if (!(body instanceof UploadedBytes)) throw new AppError('attachment_type_refused');
  return body.bytes;
}

const CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox";

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; one range only (several, or none: the whole file). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** Headers that keep a stored file harmless when opened from our origin: nosniff and a sandboxing CSP. */
function harmless(reply: FastifyReply): FastifyReply {
  return reply.header('x-content-type-options', 'nosniff').header('content-security-policy', CSP);
}

/**
 * Sends a stored file so that it can do no harm when opened from our origin: its checked type,
 * nosniff, a sandboxing CSP, and images and audio inline while anything else downloads.
 * `provisional`: sent in place of a thumbnail not made yet, so the browser must not keep it.
 */
async function sendFile(req: FastifyRequest, reply: FastifyReply, db: Db, accountId: string, file: StoredFile, provisional = false) {
  const range = parseRange(req.headers.range, file.size);
  if (range === 'unsatisfiable') throw new AppError('range_not_satisfiable', { headers: { 'content-range': `bytes */${file.size}` } });
  harmless(reply)
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(isInline(file.contentType) ? 'inline' : 'attachment', file.name))
    .header('cache-control', provisional ? 'private, no-store' : 'private, max-age=86400')
    .header('etag', `"${file.sha256}"`)
    .header('accept-ranges', 'bytes');
  if (!range) return reply.send(await readAttachmentBytes(db, accountId, file.id));
  reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
  return reply.send(await readAttachmentBytes(db, accountId, file.id, { start: range.start, length: range.end - range.start + 1 }));
}

/** A thumbnail, whole (a Range is ignored: it is a few kilobytes), named after its file. */
function sendThumbnail(reply: FastifyReply, file: StoredFile, thumbnail: Thumbnail) {
  const name = `${file.name.replace(/\.[^.]*$/, '')}.webp`;
  harmless(reply)
    .header('content-type', thumbnail.contentType)
    .header('content-disposition', contentDisposition('inline', name))
    .header('cache-control', 'private, max-age=86400')
    .header('etag', `"${file.sha256}-thumb"`);
  return reply.send(thumbnail.data);
}

/** What a download asked for: the file, or (`?size=thumb`) its thumbnail, or the file while it has none. */
async function sendRequested(req: FastifyRequest, reply: FastifyReply, db: Db, accountId: string, file: StoredFile, size: A.DownloadSize) {
  if (size === 'full') return sendFile(req, reply, db, accountId, file);
  const thumbnail = await findThumbnail(db, accountId, file.id);
  if (thumbnail) return sendThumbnail(reply, file, thumbnail);
  return sendFile(req, reply, db, accountId, file, takesThumbnail(file.contentType));
}

/** The team's side: upload to a conversation, download any file of the account. */
export function attachmentsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    await app.register(async (scope) => {
      // Signed in already (the auth hook runs on request); an agent's ceiling allows call recordings.
      acceptRawUploads(scope, async () => 'agent');
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/conversations/:id/attachments',
        {
          config: { access: 'conversations.reply' },
          schema: {
            tags,
            summary: 'Upload a file to the conversation (raw bytes; Content-Type and ?name=); send it with a message’s attachmentIds. Images and documents up to 10 MB, recordings up to 50 MB',
            params: IdParams,
            querystring: A.UploadQuery,
            body: A.UploadBytes,
            consumes: A.UPLOAD_CONTENT_TYPES,
            response: { 201: A.Uploaded, ...uploadErrors },
          },
        },
        async (req, reply) => {
          const ctx = req.ctx();
          await loadConversation(ctx.db, ctx.accountId, req.params.id);
          const attachment = await storeAttachment(ctx.db, {
            accountId: ctx.accountId,
            conversationId: req.params.id,
            uploader: { type: 'agent', id: ctx.actor.id },
            bytes: bytesOf(req.body),
            declaredType: req.headers['content-type'],
            name: req.query.name,
            now: ctx.clock.now(),
          });
          return reply.status(201).send({ attachment });
        },
      );
    });

    r.get('/attachments/:id', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Download a file of a conversation (Range requests for audio), or an image’s thumbnail (?size=thumb)', params: IdParams, querystring: A.DownloadQuery, response: fileResponse } }, async (req, reply) => {
      const ctx = req.ctx();
      const file = await findAttachment(ctx.db, ctx.accountId, req.params.id);
      reply.header('cross-origin-resource-policy', 'same-origin');
      return sendRequested(req, reply, ctx.db, ctx.accountId, file, req.query.size);
    });
  };
}

/**
 * The shopper's side. Both need the x-visitor-token header: the widget fetches a file and shows it
 * from a blob: URL, so no credential ever travels in a URL (history, logs, Referer, a forwarded link).
 */
export function widgetAttachmentsRoutes(deps: WidgetDeps) {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const token = (req: FastifyRequest) => (req.headers['x-visitor-token'] as string | undefined) ?? undefined;
    const visitors = new WeakMap<FastifyRequest, Visitor>();

    await app.register(async (scope) => {
      // An anonymous caller is refused before a byte of the upload is read.
      acceptRawUploads(scope, async (req) => {
        const visitor = await resolveVisitor(deps.db, token(req));
        uploadLimiter.hit(visitor.id);
        visitors.set(req, visitor);
        return 'customer';
      });
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/widget/v1/attachments',
        {
          config: { access: 'public' },
          schema: {
            tags: ['widget'],
            summary: 'Upload a file to the shopper’s current conversation (needs x-visitor-token; raw bytes, Content-Type and ?name=; up to 10 MB); send it with attachmentIds',
            querystring: A.UploadQuery,
            body: A.UploadBytes,
            consumes: A.UPLOAD_CONTENT_TYPES,
            response: { 201: A.Uploaded, ...uploadErrors },
          },
        },
        async (req, reply) => {
          const visitor = visitors.get(req) ?? (await resolveVisitor(deps.db, token(req)));
          const bytes = bytesOf(req.body);
          const now = deps.clock.now();
          const attachment = await deps.db.transaction().execute(async (trx) => {
            const conv = await openConversation(trx, { accountId: visitor.accountId, inboxId: visitor.inboxId, customerId: visitor.customerId, channel: 'web', entry: visitor.entry, now });
            return storeAttachment(trx, {
              accountId: visitor.accountId,
              conversationId: conv.id,
              uploader: { type: 'customer', id: visitor.customerId },
              bytes,
              declaredType: req.headers['content-type'],
              name: req.query.name,
              now,
            });
          });
          return reply.status(201).send({ attachment });
        },
      );
    });

    r.get('/widget/v1/attachments/:id', { config: { access: 'public' }, schema: { tags: ['widget'], summary: 'Download a file of the shopper’s own conversations (needs x-visitor-token), or an image’s thumbnail (?size=thumb); never one on an internal note', params: IdParams, querystring: A.DownloadQuery, response: fileResponse } }, async (req, reply) => {
      const visitor = await resolveVisitor(deps.db, token(req));
      const file = await findAttachmentForVisitor(deps.db, visitor, req.params.id);
      return sendRequested(req, reply, deps.db, visitor.accountId, file, req.query.size);
    });
  };
}
