import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loginAs, startTestServer, testStore, type Response, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId } from '../../../../test/factories.ts';
import { NAME_PROBE_ROWS } from './customer-list.service.ts';

/**
 * A name search first reads the list's own order (NAME_PROBE_ROWS customers) and only asks the name
 * index when a page is not found there. Whichever way a page is found, it must be the same page: here
 * every page of every search is checked against the answer worked out from all the customers.
 */
describe(`customer name search over more customers than the probe reads (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  type Row = { id: string; name: string; nickname: string | null; last_order_at: Date | null; lifetime_spend: number; created_at: Date };
  const all: Row[] = [];
  const TOTAL = NAME_PROBE_ROWS + 600;

  before(async () => {
    s = await startTestServer();
    const accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    // Newest orders first: customers 0 … TOTAL-1 by last order, newest first. 王 is common
    // everywhere; 欧阳 only beyond the probe's reach; 诸葛 a few inside it and more beyond;
    // 司马 never ordered (sorts last); every seventh has a nickname holding 小凡.
    const base = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < TOTAL; i++) {
      const surname = i % 5 === 0 ? '王' : i >= NAME_PROBE_ROWS + 100 && i % 13 === 1 ? '欧阳' : i % 197 === 3 ? '诸葛' : i >= TOTAL - 40 ? '司马' : '陈';
      const row: Row = {
        id: `cus_probe_${String(i).padStart(5, '0')}`,
        name: `${surname}${'伟芳娜敏静丽强磊军洋'[i % 10]}${i}`,
        nickname: i % 7 === 0 ? `xiaofan小凡${i}` : null,
        last_order_at: i >= TOTAL - 40 ? null : new Date(base - i * 60_000 - (i % 3 === 0 ? 0 : 1)),
        lifetime_spend: (i * 37) % 5000,
        created_at: new Date(base - ((i * 7919) % TOTAL) * 1000),
      };
      all.push(row);
    }
    for (let at = 0; at < all.length; at += 500) {
      const part = all.slice(at, at + 500);
      await s.db.transaction().execute(async (trx) => {
        await trx.insertInto('customer_stats').values(part.map((r) => ({ account_id: accountId, customer_id: r.id, last_order_at: r.last_order_at, lifetime_spend: r.lifetime_spend.toFixed(2) }))).execute();
        await trx.insertInto('customers').values(part.map((r) => ({ id: r.id, account_id: accountId, name: r.name, nickname: r.nickname, created_at: r.created_at }))).execute();
      });
    }
    // A shop of this size has statistics (an import refreshes them, as maintenance does): without,
    // the planner takes each table for a handful of rows.
    await sql`analyze customers, customer_stats, customer_names`.execute(s.db);
    const n = await sql<{ n: number }>`select count(*)::int as n from customers where account_id = ${accountId}`.execute(s.db);
    assert.equal(n.rows[0].n, TOTAL);
  });
  after(async () => {
    await s?.close();
  });

  const key = {
    last_order: (r: Row) => (r.last_order_at ? r.last_order_at.getTime() : -Infinity),
    lifetime_spend: (r: Row) => r.lifetime_spend,
    created: (r: Row) => r.created_at.getTime(),
  };

  /** Every match in list order, worked out here from all the customers. */
  function expected(match: (r: Row) => boolean, sort: keyof typeof key, desc: boolean): string[] {
    const k = key[sort];
    return all
      .filter(match)
      .sort((a, b) => {
        const d = k(a) - k(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
        return desc ? -d : d;
      })
      .map((r) => r.id);
  }

  /** Every page the API gives, followed by its cursor to the end. */
  async function walk(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await owner.get(`/api/customers?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      ids.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
      pages++;
      assert.ok(pages < 400, 'the pages come to an end');
    } while (cursor);
    return { ids, pages };
  }

  const prefix = (p: string) => (r: Row) => r.name.startsWith(p) || (r.nickname?.toLowerCase().startsWith(p) ?? false);
  const contains = (p: string) => (r: Row) => r.name.includes(p) || (r.nickname?.toLowerCase().includes(p) ?? false);

  const cases: Array<[string, string, (r: Row) => boolean]> = [
    ['a common surname (found in the list order)', `q=${encodeURIComponent('王')}`, prefix('王')],
    ['a surname only beyond the probe (found by the index)', `q=${encodeURIComponent('欧阳')}`, prefix('欧阳')],
    ['a surname a few of inside the probe and more beyond', `q=${encodeURIComponent('诸葛')}`, prefix('诸葛')],
    ['customers who never ordered (sorted last)', `q=${encodeURIComponent('司马')}`, prefix('司马')],
    ['a nickname prefix, any case', 'q=XIAOFAN', prefix('xiaofan')],
    ['contains, common', `q=${encodeURIComponent('小凡')}&nameMatch=contains`, contains('小凡')],
    ['contains, rare', `q=${encodeURIComponent('阳芳')}&nameMatch=contains`, contains('阳芳')],
    ['contains, one character', `q=${encodeURIComponent('娜')}&nameMatch=contains`, contains('娜')],
    ['no one', `q=${encodeURIComponent('慕容')}`, prefix('慕容')],
  ];

  for (const [label, query, match] of cases) {
    test(`${label}: every page, newest order first`, async () => {
      const want = expected(match, 'last_order', true);
      const got = await walk(query, 20);
      assert.deepEqual(got.ids, want);
      assert.equal(got.pages, Math.max(1, Math.ceil(want.length / 20)), 'a full last page has no cursor after it');
    });
  }

  test('the other sort orders and directions, with pages of 50', async () => {
    for (const [sort, direction] of [['lifetime_spend', 'desc'], ['created', 'asc'], ['last_order', 'asc']] as const) {
      for (const [, query, match] of cases.slice(0, 6)) {
        const got = await walk(`${query}&sort=${sort}&direction=${direction}`, 50);
        assert.deepEqual(got.ids, expected(match, sort, direction === 'desc'), `${query} by ${sort} ${direction}`);
      }
    }
  });

  test('a name search combines with other filters', async () => {
    const got = await walk(`q=${encodeURIComponent('王')}&spendMin=4000`, 20);
    assert.deepEqual(got.ids, expected((r) => prefix('王')(r) && r.lifetime_spend >= 4000, 'last_order', true));
    assert.ok(got.ids.length > 20);
  });
});
