import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { demoCatalogue } from '../demo/demo-catalogue.ts';
import { renderHome, renderNotFound, renderProduct } from './demo-shop.pages.ts';

export type DemoShopDeps = { db: Db };

/**
 * The demo shop at /demo: public pages (no API, no access rule) that carry the chat widget, so a
 * newcomer can play the shopper in one window and the agent in another.
 */
export function demoShopRoutes(deps: DemoShopDeps) {
  return async function (app: FastifyInstance) {
    const catalogue = demoCatalogue();
    const bySku = new Map(catalogue.products.map((p) => [p.sku, p]));
    const send = (reply: FastifyReply, status: number, page: string) =>
      reply.status(status).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);

    app.get('/demo', { schema: { hide: true } }, async (_req, reply) => send(reply, 200, renderHome(catalogue, { inboxId: await firstWebInboxId(deps.db) })));
    app.get('/demo/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/demo'));
    app.get<{ Params: { sku: string } }>('/demo/products/:sku', { schema: { hide: true } }, async (req, reply) => {
      const ctx = { inboxId: await firstWebInboxId(deps.db) };
      const product = bySku.get(req.params.sku);
      return product ? send(reply, 200, renderProduct(catalogue, product, ctx)) : send(reply, 404, renderNotFound(catalogue, ctx));
    });
  };
}

/** The first account's first web inbox; null while there is none (or before the conversations migration). */
export async function firstWebInboxId(db: Db): Promise<string | null> {
  try {
    const { rows } = await sql<{ id: string }>`
      select id from inboxes
      where account_id = (select id from accounts order by created_at limit 1) and channel = 'web'
      order by created_at limit 1`.execute(db);
    return rows[0]?.id ?? null;
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return null; // undefined_table: inboxes does not exist yet
    throw err;
  }
}
