import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';

describe(`customer record, search and list (客户档案) (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let ownerB: TestClient;
  let accountId: string;
  const ids: Record<string, string> = {};

  const create = async (body: Record<string, unknown>, as = owner) => {
    const res = await as.post('/api/customers', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.customer;
  };
  const search = async (query: string, as = owner) => {
    const res = await as.get(`/api/customers?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: Array<Record<string, any>>; nextCursor: string | null };
  };
  const names = async (query: string) => (await search(query)).items.map((c) => c.name).sort();

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    const b = await makeAccount(s.db);
    ownerB = await loginAs(s.url, b.email, b.password);

    const size = await owner.post('/api/customer-attributes', { key: 'skin_type', label: '肤质', type: 'select', options: ['油性', '干性', '混合'] });
    assert.equal(size.status, 201, JSON.stringify(size.body));
    ids.zhangwei = (await create({ name: '张伟', phone: '138 1234 5678', email: 'Zhang.Wei@Example.com', tags: ['老客', '爱砍价'], province: '浙江省', city: '杭州市', district: '西湖区', gender: 'male', birthday: '1990-05-01', attributes: { skin_type: '油性' } })).id;
    ids.zhangxf = (await create({ name: '张小凡', nickname: 'xiaofan', phone: '13900005678', tags: ['老客'] })).id;
    ids.lina = (await create({ name: '李娜', nickname: '娜娜小凡', email: 'lina@example.com', phone: '+86 137-0000-1111', attributes: { skin_type: '干性' } })).id;
    ids.wang = (await create({ name: '王芳', phone: '13600002222' })).id;
    await s.db.updateTable('customer_stats').set({ tier: 'vip', lifetime_spend: '12888.50', order_count: 7, last_order_at: new Date('2026-03-01T08:00:00Z') }).where('customer_id', '=', ids.zhangwei).execute();
    await s.db.updateTable('customer_stats').set({ tier: 'advanced', lifetime_spend: '3000.00', order_count: 3, last_order_at: new Date('2026-06-15T08:00:00Z') }).where('customer_id', '=', ids.zhangxf).execute();
    await s.db.updateTable('customer_stats').set({ lifetime_spend: '299.00', order_count: 1, last_order_at: new Date('2025-11-11T02:00:00Z') }).where('customer_id', '=', ids.lina).execute();
  });

  after(async () => {
    await s?.close();
  });

  test('q finds by the last 4 digits of a phone, a full phone in any writing, a name prefix, a name anywhere, an email', async () => {
    assert.deepEqual(await names('q=5678'), ['张伟', '张小凡']);
    assert.deepEqual(await names('q=1111'), ['李娜'], 'the stored phone is normalised (+86 and dashes dropped)');
    assert.deepEqual(await names(`q=${encodeURIComponent('138-1234-5678')}`), ['张伟']);
    assert.deepEqual(await names(`q=${encodeURIComponent('+8613700001111')}`), ['李娜']);
    assert.deepEqual(await names(`q=${encodeURIComponent('张')}`), ['张伟', '张小凡']);
    assert.deepEqual(await names(`q=${encodeURIComponent('小凡')}`), [], 'prefix: 小凡 starts no name');
    assert.deepEqual(await names(`q=${encodeURIComponent('小凡')}&nameMatch=contains`), ['张小凡', '李娜'], 'contains: in a name or a nickname');
    assert.deepEqual(await names('q=XIAO'), ['张小凡'], 'nickname prefix, any case');
    assert.deepEqual(await names(`q=${encodeURIComponent('zhang.wei@example.COM')}`), ['张伟']);
    assert.deepEqual(await names(`q=${encodeURIComponent('%')}&nameMatch=contains`), [], 'LIKE wildcards are matched literally');
    assert.deepEqual(await names(`q=${encodeURIComponent('娜')}&nameMatch=contains`), ['李娜'], 'one character, in a name and a nickname of one record');
    assert.deepEqual(await names(`q=${encodeURIComponent('娜小')}&nameMatch=contains`), ['李娜'], 'two characters across 娜娜小凡');
    assert.deepEqual(await names(`q=${encodeURIComponent('芳小')}&nameMatch=contains`), [], 'characters of the record in another order are no match');
  });

  test('name contains follows a rename, a new customer and an erasure (the side table its index is on)', async () => {
    const made = await create({ name: '赵敏儿' });
    assert.deepEqual(await names(`q=${encodeURIComponent('敏儿')}&nameMatch=contains`), ['赵敏儿']);
    await s.db.updateTable('customers').set({ name: '赵灵儿' }).where('id', '=', made.id).execute();
    assert.deepEqual(await names(`q=${encodeURIComponent('敏儿')}&nameMatch=contains`), []);
    assert.deepEqual(await names(`q=${encodeURIComponent('灵儿')}&nameMatch=contains`), ['赵灵儿']);
    await s.db.updateTable('customer_stats').set({ lifetime_spend: '1.00' }).where('customer_id', '=', made.id).execute();
    assert.deepEqual(await names(`q=${encodeURIComponent('灵儿')}&nameMatch=contains`), ['赵灵儿'], 'an update of other columns leaves it alone');
    await s.db.updateTable('customers').set({ name: null }).where('id', '=', made.id).execute();
    assert.deepEqual(await names(`q=${encodeURIComponent('灵儿')}&nameMatch=contains`), []);
    await s.db.deleteFrom('customers').where('id', '=', made.id).execute();
    assert.equal((await s.db.selectFrom('customer_names').select('customer_id').where('customer_id', '=', made.id).execute()).length, 0, 'its names go with it');
  });

  test('filters: tag, tier, spend range, last order dates, custom attribute value', async () => {
    assert.deepEqual(await names(`tag=${encodeURIComponent('老客')}`), ['张伟', '张小凡']);
    assert.deepEqual(await names(`tag=${encodeURIComponent('爱砍价')}`), ['张伟']);
    assert.deepEqual(await names('tier=vip'), ['张伟']);
    assert.deepEqual(await names('tier=normal'), ['李娜', '王芳']);
    assert.deepEqual(await names('spendMin=299&spendMax=3000'), ['张小凡', '李娜']);
    assert.deepEqual(await names('spendMin=3000.01'), ['张伟']);
    assert.deepEqual(await names(`lastOrderFrom=${encodeURIComponent('2026-01-01T00:00:00Z')}`), ['张伟', '张小凡']);
    assert.deepEqual(await names(`lastOrderFrom=${encodeURIComponent('2025-01-01T00:00:00Z')}&lastOrderTo=${encodeURIComponent('2026-06-01T00:00:00Z')}`), ['张伟', '李娜']);
    assert.deepEqual(await names(`lastOrderTo=${encodeURIComponent('2026-06-01T00:00:00Z')}`), ['张伟', '李娜'], 'who never ordered ordered before no date');
    assert.deepEqual(await names(`attribute=${encodeURIComponent('skin_type:油性')}`), ['张伟']);
    assert.deepEqual(await names(`attribute=${encodeURIComponent('skin_type:干性')}&q=${encodeURIComponent('李')}`), ['李娜'], 'filters combine');
    const bad = await owner.get(`/api/customers?attribute=${encodeURIComponent('skin_type:中性')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'attribute_value_invalid');
    const unknown = await owner.get(`/api/customers?attribute=${encodeURIComponent('hobby:跑步')}`);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'attribute_unknown');
    const range = await owner.get('/api/customers?spendMin=100&spendMax=10');
    assert.equal(range.status, 400);
    assert.equal(range.body.error.code, 'customer_spend_range_invalid');
  });

  test('the record: every section, contacts in full for an admin and masked for an agent', async () => {
    const full = await owner.get(`/api/customers/${ids.zhangwei}`);
    assert.equal(full.status, 200, JSON.stringify(full.body));
    const c = full.body.customer;
    assert.equal(c.phone, '13812345678');
    assert.equal(c.email, 'Zhang.Wei@Example.com');
    assert.deepEqual(c.phones, ['13812345678']);
    assert.deepEqual(c.emails, ['Zhang.Wei@Example.com']);
    assert.equal(c.contactMasked, false);
    assert.equal(c.district, '西湖区');
    assert.equal(c.birthday, '1990-05-01');
    assert.equal(c.tier, 'vip');
    assert.equal(c.lifetimeSpend, '12888.50');
    assert.equal(c.averageOrderValue, '1841.21');
    assert.deepEqual(c.tags, ['老客', '爱砍价']);
    assert.deepEqual(c.attributes, [{ key: 'skin_type', label: '肤质', type: 'select', value: '油性' }]);
    assert.ok(c.identities.some((i: any) => i.kind === 'phone' && i.value === '13812345678'));

    const masked = (await agent.get(`/api/customers/${ids.zhangwei}`)).body.customer;
    assert.equal(masked.phone, '138****5678');
    assert.equal(masked.email, 'Z***@Example.com');
    assert.deepEqual(masked.phones, ['138****5678']);
    assert.equal(masked.contactMasked, true);
    assert.ok(!JSON.stringify(masked).includes('13812345678'), 'the full number is nowhere in the agent’s answer');

    const list = await search('q=5678', agent);
    assert.deepEqual(list.items.map((i) => i.phone).sort(), ['138****5678', '139****5678']);
    assert.ok(list.items.every((i) => i.contactMasked === true));
    assert.ok(!JSON.stringify(list).includes('13812345678'));
    const adminList = await search('q=5678');
    assert.deepEqual(adminList.items.map((i) => i.phone).sort(), ['13812345678', '13900005678']);
  });

  test('create and change: validation, contacts owned by one customer, audited with masked contacts', async () => {
    const dupPhone = await owner.post('/api/customers', { name: '重复', phone: '13812345678' });
    assert.equal(dupPhone.status, 409);
    assert.equal(dupPhone.body.error.code, 'customer_phone_taken');
    const dupEmail = await owner.post('/api/customers', { name: '重复', email: 'zhang.wei@example.com' });
    assert.equal(dupEmail.status, 409);
    assert.equal(dupEmail.body.error.code, 'customer_email_taken');
    for (const body of [{ gender: 'robot' }, { birthday: '1990/05/01' }, { email: 'not-an-email' }, { phone: 'call me' }, { surprise: 1 }]) {
      const res = await owner.post('/api/customers', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'validation_failed');
    }
    const manager = await owner.patch(`/api/customers/${ids.wang}`, { accountManagerId: 'usr_NOPE' });
    assert.equal(manager.status, 400);
    assert.equal(manager.body.error.code, 'customer_manager_invalid');

    const patched = await owner.patch(`/api/customers/${ids.wang}`, { nickname: '芳芳', phone: '13600009999', city: '上海市' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.customer.nickname, '芳芳');
    assert.deepEqual(patched.body.customer.phones, ['13600009999', '13600002222'], 'the old number still identifies the customer');
    assert.deepEqual(await names('q=9999'), ['王芳']);
    const audit = await s.db.selectFrom('audit_log').select(['action', 'data']).where('account_id', '=', accountId).where('target_id', '=', ids.wang).where('action', '=', 'customer.updated').executeTakeFirstOrThrow();
    const data = (typeof audit.data === 'string' ? JSON.parse(audit.data) : audit.data) as Record<string, any>;
    assert.deepEqual(data.phone, { from: '136****2222', to: '136****9999' });
    assert.deepEqual(data.nickname, { from: null, to: '芳芳' });

    const forbidden = await agent.post('/api/customers', { name: '客服建的' });
    assert.equal(forbidden.status, 403);
    const forbiddenPatch = await agent.patch(`/api/customers/${ids.wang}`, { name: '改名' });
    assert.equal(forbiddenPatch.status, 403);
  });

  test('tags: an agent adds and removes them; the change is audited', async () => {
    const res = await agent.post(`/api/customers/${ids.lina}/tags`, { add: ['敏感肌', '敏感肌', '复购'], remove: [] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.customer.tags, ['敏感肌', '复购']);
    const removed = await agent.post(`/api/customers/${ids.lina}/tags`, { remove: ['复购'] });
    assert.deepEqual(removed.body.customer.tags, ['敏感肌']);
    assert.deepEqual(await names(`tag=${encodeURIComponent('敏感肌')}`), ['李娜']);
    const n = await s.db.selectFrom('audit_log').select('id').where('account_id', '=', accountId).where('target_id', '=', ids.lina).where('action', '=', 'customer.tags_changed').execute();
    assert.equal(n.length, 2);
    const tooLong = await agent.post(`/api/customers/${ids.lina}/tags`, { add: ['x'.repeat(33)] });
    assert.equal(tooLong.status, 400);
  });

  test('another account sees none of these customers, by id, by list or by search', async () => {
    for (const id of Object.values(ids)) {
      for (const [method, path, body] of [['GET', `/api/customers/${id}`], ['PATCH', `/api/customers/${id}`, { name: 'B' }], ['POST', `/api/customers/${id}/tags`, { add: ['B'] }], ['GET', `/api/customers/${id}/notes`], ['POST', `/api/customers/${id}/notes`, { body: 'B' }], ['GET', `/api/customers/${id}/timeline`]] as const) {
        const res = await ownerB.request(method, path, body);
        assert.equal(res.status, 404, `${method} ${path}: ${res.status}`);
      }
    }
    const list = await ownerB.get('/api/customers?q=5678');
    assert.deepEqual(list.body.items, []);
    const all = await ownerB.get('/api/customers');
    assert.deepEqual(all.body.items, []);
    const attr = await ownerB.get(`/api/customers?attribute=${encodeURIComponent('skin_type:油性')}`);
    assert.equal(attr.status, 400, 'A’s attribute definitions are not B’s');
    const unchanged = await owner.get(`/api/customers/${ids.lina}`);
    assert.equal(unchanged.body.customer.name, '李娜');
  });

  test('keyset pages: every sort and direction, no customer twice, none missing, in order', async () => {
    const bulk = await makeAccount(s.db);
    const client = await loginAs(s.url, bulk.email, bulk.password);
    const base = Date.parse('2026-01-01T00:00:00Z');
    const rows = Array.from({ length: 137 }, (_, i) => ({
      id: newId('cus'),
      account_id: bulk.accountId,
      name: `客户${i}`,
      // Many ties, and a run without orders, so the id tie-break and the nulls are exercised.
      lifetime_spend: String((i % 9) * 100),
      last_order_at: i % 5 === 0 ? null : new Date(base + (i % 13) * 86_400_000 + (i % 3)),
      created_at: new Date(base + (i % 17) * 1000),
    }));
    // The figures first, in the same transaction (the customer's own trigger then keeps them).
    await s.db.transaction().execute(async (trx) => {
      await trx.insertInto('customer_stats').values(rows.map((r) => ({ account_id: r.account_id, customer_id: r.id, lifetime_spend: r.lifetime_spend, last_order_at: r.last_order_at }))).execute();
      await trx.insertInto('customers').values(rows.map((r) => ({ id: r.id, account_id: r.account_id, name: r.name, created_at: r.created_at }))).execute();
    });
    const value = (r: (typeof rows)[number], sort: string) => (sort === 'lifetime_spend' ? Number(r.lifetime_spend) : sort === 'created' ? r.created_at.getTime() : r.last_order_at?.getTime() ?? null);
    for (const sort of ['last_order', 'lifetime_spend', 'created']) {
      for (const direction of ['desc', 'asc']) {
        const expected = [...rows]
          .sort((a, b) => {
            const va = value(a, sort);
            const vb = value(b, sort);
            const sign = direction === 'desc' ? -1 : 1;
            if (va !== vb) {
              if (va === null) return direction === 'desc' ? 1 : -1;
              if (vb === null) return direction === 'desc' ? -1 : 1;
              return sign * (va - vb);
            }
            return sign * (a.id < b.id ? -1 : 1);
          })
          .map((r) => r.id);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res: any = await client.get(`/api/customers?sort=${sort}&direction=${direction}&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          seen.push(...res.body.items.map((c: { id: string }) => c.id));
          cursor = res.body.nextCursor;
          pages++;
        } while (cursor && pages < 50);
        assert.equal(pages, 14, `${sort} ${direction}: 137 rows in pages of 10`);
        assert.equal(new Set(seen).size, seen.length, `${sort} ${direction}: no customer twice`);
        assert.deepEqual(seen, expected, `${sort} ${direction}: every customer, in order`);
      }
    }
    const filtered: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await client.get(`/api/customers?spendMin=300&spendMax=500&sort=lifetime_spend&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      filtered.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(new Set(filtered), new Set(rows.filter((r) => Number(r.lifetime_spend) >= 300 && Number(r.lifetime_spend) <= 500).map((r) => r.id)));
    for (const cursor of ['not-a-cursor', `c1.${Buffer.from('[null,"cus_x"]').toString('base64url')}`, `c1.${Buffer.from('["1"]').toString('base64url')}`]) {
      const bad = await client.get(`/api/customers?cursor=${cursor}`);
      assert.equal(bad.status, 400, cursor);
      assert.equal(bad.body.error.code, 'validation_failed');
      assert.equal(bad.body.error.field, 'cursor');
    }
  });
});
