import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as E from '../../../../contracts/channels-email.ts';
import { ErrorBody, errorResponses } from '../../../../contracts/common.ts';
import type { Db } from '../../../db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import { EMAIL_MAX_BYTES } from './email.errors.ts';
import { authenticateInbound } from './email-inboxes.service.ts';
import { receiveEmail } from './email-inbound.service.ts';

const RAW_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];
const isRaw = (contentType: string | undefined) => RAW_TYPES.some((t) => (contentType ?? '').toLowerCase().startsWith(t));

/** Where a mail relay hands over each message the shop's address receives. */
export function emailInboundRoutes(deps: { db: Db; clock: Clock }) {
  return async function (app: FastifyInstance) {
    // A mail's source is bytes in any charset, possibly 8-bit: read it whole as a Buffer, up to 25 MB, in this plugin only.
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: EMAIL_MAX_BYTES }, (_req, body, done) => done(null, body));
    // Too large a mail gets its own limit in the message; everything else goes on to the app's error handler.
    app.setErrorHandler((err: FastifyError, req) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && isRaw(req.headers['content-type'])) throw new AppError('email_too_large', { vars: { limit: '25 MB' } });
      throw err;
    });

    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/channels/email/:inboxId/inbound',
      {
        config: { access: 'public' },
        schema: {
          tags: ['email channel'],
          summary: 'A mail relay posts one received email (raw RFC 5322 source)',
          description: `Body: the raw message as \`message/rfc822\` (or \`text/plain\`, \`application/octet-stream\`), at most 25 MB. Authenticate with the inbox's inbound key in the \`${E.EMAIL_INBOUND_KEY_HEADER}\` header (or \`?key=\`). Posting the same message again (same Message-ID) stores it once.`,
          consumes: RAW_TYPES,
          params: E.EmailInboundParams,
          querystring: E.EmailInboundQuery,
          response: { 200: E.EmailInboundResult, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
        },
      },
      async (req) => {
        const header = req.headers[E.EMAIL_INBOUND_KEY_HEADER];
        const key = (Array.isArray(header) ? header[0] : header) ?? req.query.key;
        const inbox = await authenticateInbound(deps.db, req.params.inboxId, key);
        if (!Buffer.isBuffer(req.body)) throw new AppError('email_raw_required');
        if (req.body.length === 0) throw new AppError('email_empty');
        return receiveEmail(deps, inbox, req.body);
      },
    );
  };
}
