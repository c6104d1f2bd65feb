import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as T from '../../../contracts/tickets.ts';
import { errorResponses } from '../../../contracts/common.ts';
import type { Db } from '../../db/database.ts';
import { localeFromHeader } from '../../platform/locale.ts';
import { notFound } from '../../platform/errors.ts';
import { resolveVisitor } from '../conversations/index.ts';
import { accountTimeZone, progressByToken, progressFor, readProgressToken } from './progress.service.ts';
import { PROGRESS_PAGE_CSP, renderProgressNotFound, renderProgressPage } from './progress.page.ts';

export type ProgressDeps = { db: Db; publicUrl?: string };

const tags = ['work-orders'];
const TokenParams = z.strictObject({ token: z.string().min(1).max(300) });

/** 工单进度 for the customer: in the chat widget (visitor token), and by the signed link mailed to them. */
export function progressRoutes(deps: ProgressDeps) {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/widget/v1/work-orders', { config: { access: 'public' }, schema: { tags: ['widget'], summary: 'The shopper’s work orders and the shop’s public replies (needs x-visitor-token)', response: { 200: T.ProgressList, ...errorResponses } } }, async (req) => {
      const visitor = await resolveVisitor(deps.db, (req.headers['x-visitor-token'] as string | undefined) ?? undefined);
      return progressFor(deps.db, { accountId: visitor.accountId, customerId: visitor.customerId, locale: req.locale, publicUrl: deps.publicUrl });
    });

    r.get('/progress/:token', { config: { access: 'public' }, schema: { tags, summary: 'A customer’s work orders by the signed link mailed to them (the page /progress/:token as JSON)', params: TokenParams, response: { 200: T.ProgressList, ...errorResponses } } }, async (req) => {
      const list = await progressByToken(deps.db, req.params.token, req.locale, deps.publicUrl);
      if (!list) throw notFound('work_order');
      return list;
    });
  };
}

/** The page behind the signed link, outside /api: plain HTML, no script, every value escaped. */
export function progressPageRoutes(deps: ProgressDeps) {
  return async function (app: FastifyInstance) {
    app.get<{ Params: { token: string } }>('/progress/:token', { schema: { hide: true } }, async (req, reply) => {
      const locale = localeFromHeader(req.headers['accept-language']);
      const list = req.params.token.length <= 300 ? await progressByToken(deps.db, req.params.token, locale, deps.publicUrl) : null;
      const timeZone = list ? await accountTimeZone(deps.db, readProgressToken(req.params.token)!.accountId) : null;
      return reply
        .status(list ? 200 : 404)
        .header('cache-control', 'no-store')
        .header('content-security-policy', PROGRESS_PAGE_CSP)
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff')
        .header('x-robots-tag', 'noindex')
        .type('text/html; charset=utf-8')
        .send(list && timeZone ? renderProgressPage(list, locale, timeZone) : renderProgressNotFound(locale));
    });
  };
}
