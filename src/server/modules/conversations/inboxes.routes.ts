import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import * as C from '../../../contracts/conversations.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { notFound, registerNotFoundSubject } from '../../platform/errors.ts';
import { newSecret } from '../../platform/ids.ts';
import { recordAudit } from '../accounts/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { forgetInboxLimits, inboxLimitsOf } from './rate-limit.ts';
import { businessHoursOf } from './business-hours.ts';
import type { InboxesTable } from './conversations.tables.ts';

registerNotFoundSubject('inbox', { 'zh-CN': '该咨询入口', en: 'The inbox' });

const tags = ['inboxes'];
const One = z.object({ inbox: C.Inbox });

const present = (i: Selectable<InboxesTable>) => {
  const settings = (i.settings ?? {}) as { offline?: boolean };
  return { id: i.id, name: i.name, channel: i.channel, greeting: i.greeting ?? '', color: i.color, offline: Boolean(settings.offline), limits: inboxLimitsOf(settings), businessHours: businessHoursOf(settings), createdAt: i.created_at.toISOString() };
};
/** Every inbox answers in this one shape, whatever its channel. */
export const presentInbox = present;

async function getInbox(ctx: Ctx, id: string) {
  const inbox = await ctx.db.selectFrom('inboxes').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  return inbox;
}

function origin(req: FastifyRequest, publicUrl?: string) {
  return publicUrl ?? `${req.protocol}://${req.host}`;
}

export function inboxesRoutes(opts: { publicUrl?: string }) {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/inboxes', { config: { access: 'conversations.read' }, schema: { tags, summary: 'The account’s inboxes', response: { 200: z.object({ items: z.array(C.Inbox) }), ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      const rows = await ctx.db.selectFrom('inboxes').selectAll().where('account_id', '=', ctx.accountId).orderBy('created_at').execute();
      return { items: rows.map(present) };
    });

    r.patch('/inboxes/:id', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Rename an inbox, change its greeting or colour, or take it offline', params: IdParams, body: C.InboxPatch, response: { 200: One, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      const before = await getInbox(ctx, req.params.id);
      const { offline, limits, businessHours, ...fields } = req.body;
      const previous = (before.settings ?? {}) as Record<string, unknown>;
      const settings = { ...previous, ...(offline !== undefined ? { offline } : {}), ...(limits ? { limits: { ...inboxLimitsOf(previous), ...limits } } : {}), ...(businessHours ? { businessHours } : {}) };
      forgetInboxLimits(before.id);
      const inbox = await ctx.db.updateTable('inboxes').set({ ...fields, settings: JSON.stringify(settings) }).where('account_id', '=', ctx.accountId).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
      return { inbox: present(inbox) };
    });

    r.get('/inboxes/:id/embed', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'The script tag for the shop’s pages and the identity secret', params: IdParams, response: { 200: C.InboxEmbed, ...errorResponses } } }, async (req) => {
      const inbox = await getInbox(req.ctx(), req.params.id);
      return { snippet: `<script src="${origin(req, opts.publicUrl)}/widget.js" data-inbox="${inbox.id}" async></script>`, identitySecret: inbox.identity_secret };
    });

    r.post('/inboxes/:id/rotate-secret', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Replace the identity secret; signatures made with the old one stop working', params: IdParams, response: { 200: C.InboxEmbed, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      const inbox = await getInbox(ctx, req.params.id);
      const secret = newSecret(32);
      await ctx.db.updateTable('inboxes').set({ identity_secret: secret }).where('account_id', '=', ctx.accountId).where('id', '=', inbox.id).execute();
      await recordAudit(ctx, 'inbox.secret_rotated', { type: 'inbox', id: inbox.id, label: inbox.name });
      return { snippet: `<script src="${origin(req, opts.publicUrl)}/widget.js" data-inbox="${inbox.id}" async></script>`, identitySecret: secret };
    });
  };
}
