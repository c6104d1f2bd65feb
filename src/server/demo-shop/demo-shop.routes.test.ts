import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { demoCatalogue, type DemoProduct } from '../demo/demo-catalogue.ts';
import { DEMO_NOTICE_EN, DEMO_NOTICE_ZH, renderProduct } from './demo-shop.pages.ts';
import { escapeHtml, scriptJson } from './html.ts';
import { demoShopRoutes } from './index.ts';

describe('the demo shop pages', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    tdb = await openTestDatabase();
    app = Fastify();
    await app.register(demoShopRoutes({ db: tdb.db }));
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await tdb?.close();
  });

  test('the home page lists the products on sale by group, in Chinese, with the demo notice', async () => {
    const res = await app.inject({ method: 'GET', url: '/demo' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html; charset=utf-8/);
    assert.match(res.body, /<html lang="zh-CN">/);
    assert.ok(res.body.includes(escapeHtml(DEMO_NOTICE_ZH)) && res.body.includes(escapeHtml(DEMO_NOTICE_EN)));
    const { groups, products } = demoCatalogue();
    for (const g of groups) if (g.parentKey === null) assert.ok(res.body.includes(`<h2>${g.name}</h2>`), g.name);
    for (const p of products) {
      const listed = res.body.includes(`href="/demo/products/${p.sku}"`);
      assert.equal(listed, p.status === 'active', `${p.sku} ${p.status}`);
    }
    assert.ok(res.body.includes('¥199.00'));
  });

  test('a product page shows name, price, description and a cart button; an unknown SKU is a 404 page', async () => {
    const res = await app.inject({ method: 'GET', url: '/demo/products/FC-CR-002' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('花漾神经酰胺修护面霜 50g'));
    assert.ok(res.body.includes('¥199.00'));
    assert.ok(res.body.includes('加入购物车'));
    assert.ok(res.body.includes('锁住水分'));

    const missing = await app.inject({ method: 'GET', url: '/demo/products/NOPE-001' });
    assert.equal(missing.statusCode, 404);
    assert.ok(missing.body.includes('商品不存在'));
    const slash = await app.inject({ method: 'GET', url: '/demo/' });
    assert.equal(slash.statusCode, 302);
    assert.equal(slash.headers.location, '/demo');
  });

  test('the widget is embedded with the first account\'s web inbox, or a notice says why not', async (t) => {
    const before = await app.inject({ method: 'GET', url: '/demo/products/FC-CR-002' });
    assert.ok(before.body.includes('data-testid="no-inbox"'));
    assert.ok(!before.body.includes('/widget.js'));

    const { rows } = await sql<{ t: string | null }>`select to_regclass('inboxes')::text as t`.execute(tdb.db);
    if (!rows[0].t) return t.todo('the inboxes table arrives with migration 0003');
    await sql`insert into accounts (id, name, created_at) values ('acc_first', '花漾美妆', now() - interval '1 day'), ('acc_later', '别家', now())`.execute(tdb.db);
    await sql`insert into inboxes (id, account_id, name, channel, identity_secret, created_at) values
      ('inb_other', 'acc_later', '别家官网', 'web', 's1', now() - interval '2 days'),
      ('inb_mail', 'acc_first', '邮件', 'email', 's2', now() - interval '2 days'),
      ('inb_web1', 'acc_first', '官网商城', 'web', 's3', now() - interval '1 day'),
      ('inb_web2', 'acc_first', '第二个', 'web', 's4', now())`.execute(tdb.db);
    const res = await app.inject({ method: 'GET', url: '/demo/products/FC-CR-002' });
    assert.ok(res.body.includes('<script src="/widget.js" data-inbox="inb_web1" async></script>'));
    assert.ok(res.body.includes('window.ShopDeskSettings = {"locale":"zh-CN","product":{"id":"FC-CR-002","name":"花漾神经酰胺修护面霜 50g"}};'));
    assert.ok(!res.body.includes('data-testid="no-inbox"'));
  });
});

describe('the demo shop escapes what it prints', () => {
  test('a product name with markup stays text in the page and in the widget settings', () => {
    const catalogue = demoCatalogue();
    const evil: DemoProduct = { ...catalogue.products[0], sku: 'X"><b>', name: '</script><img src=x onerror=alert(1)>&\u2028' };
    const page = renderProduct({ ...catalogue, products: [...catalogue.products, evil] }, evil, { inboxId: 'inb_"<x>' });
    assert.ok(!page.includes('<img src=x'));
    assert.ok(!page.includes('</script><img'));
    assert.ok(!page.includes('X"><b>'));
    assert.ok(page.includes('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;'));
    assert.ok(page.includes('data-inbox="inb_&quot;&lt;x&gt;"'));
    assert.ok(page.includes('\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\u0026\\u2028'));
  });

  test('scriptJson keeps a value parseable and unable to close its script element', () => {
    const value = { s: '</script><!-- \u2028\u2029 & "q"' };
    const out = scriptJson(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(out));
    assert.deepEqual(JSON.parse(out), value);
  });
});
