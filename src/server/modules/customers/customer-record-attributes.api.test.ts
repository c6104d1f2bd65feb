import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';

describe(`custom customer attributes (自定义属性) (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let supervisor: TestClient;
  let ownerB: TestClient;
  let accountId: string;
  let customerId: string;
  const defs: Record<string, string> = {};

  const define = async (body: Record<string, unknown>) => {
    const res = await owner.post('/api/customer-attributes', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.attribute;
  };
  const setAttributes = (attributes: Record<string, unknown>, as = owner) => as.patch(`/api/customers/${customerId}`, { attributes });

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const sup = await makeUser(s.db, accountId, 'supervisor');
    supervisor = await loginAs(s.url, sup.email, sup.password);
    const b = await makeAccount(s.db);
    ownerB = await loginAs(s.url, b.email, b.password);
    defs.skin = (await define({ key: 'skin_type', label: '肤质', type: 'select', options: ['油性', '干性', '混合'], sort: 1 })).id;
    defs.interests = (await define({ key: 'interests', label: '兴趣', type: 'multi_select', options: ['护肤', '彩妆', '香水'], sort: 2 })).id;
    defs.size = (await define({ key: 'shoe_size', label: '尺码', type: 'number', sort: 3 })).id;
    defs.met = (await define({ key: 'met_on', label: '首次到店', type: 'date', sort: 4 })).id;
    defs.memo = (await define({ key: 'memo', label: '偏好', type: 'text', sort: 0 })).id;
    const res = await owner.post('/api/customers', { name: '赵敏' });
    customerId = res.body.customer.id;
  });

  after(async () => {
    await s?.close();
  });

  test('definitions are listed in display order to every member; only admins change them', async () => {
    const list = await supervisor.get('/api/customer-attributes');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((d: { key: string }) => d.key), ['memo', 'skin_type', 'interests', 'shoe_size', 'met_on']);
    const refused = await supervisor.post('/api/customer-attributes', { key: 'hobby', label: '爱好', type: 'text' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'forbidden');
  });

  test('bad definitions are refused with a clear error', async () => {
    const cases: Array<[Record<string, unknown>, number, string, string?]> = [
      [{ key: 'colour', label: '颜色', type: 'select', options: [] }, 400, 'attribute_options_invalid', 'options'],
      [{ key: 'colour', label: '颜色', type: 'multi_select', options: ['红', '红'] }, 400, 'attribute_options_invalid', 'options'],
      [{ key: 'height', label: '身高', type: 'number', options: ['高'] }, 400, 'attribute_options_invalid', 'options'],
      [{ key: 'skin_type', label: '肤质2', type: 'text' }, 409, 'attribute_key_taken', 'key'],
      [{ key: 'Skin Type', label: '肤质', type: 'text' }, 400, 'validation_failed', 'key'],
      [{ key: 'x', label: '', type: 'text' }, 400, 'validation_failed', 'label'],
      [{ key: 'x', label: '未知', type: 'colour' }, 400, 'validation_failed', 'type'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await owner.post('/api/customer-attributes', body);
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code);
      if (field) assert.equal(res.body.error.field, field);
    }
    const en = await owner.request('POST', '/api/customer-attributes', { key: 'colour', label: '颜色', type: 'select', options: [] }, { 'accept-language': 'en' });
    assert.match(en.body.error.message, /Select and multi-select attributes need at least one option/);
    const typeChange = await owner.patch(`/api/customer-attributes/${defs.size}`, { options: ['大'] });
    assert.equal(typeChange.status, 400, 'a number attribute takes no options');
  });

  test('values are checked against their definition (4xx naming the attribute)', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ skin_type: '中性' }, 'attributes.skin_type'],
      [{ skin_type: ['油性'] }, 'attributes.skin_type'],
      [{ interests: ['护肤', '游泳'] }, 'attributes.interests'],
      [{ interests: '护肤' }, 'attributes.interests'],
      [{ shoe_size: 'forty' }, 'attributes.shoe_size'],
      [{ met_on: '2024-02-30' }, 'attributes.met_on'],
      [{ met_on: '30/01/2024' }, 'attributes.met_on'],
      [{ memo: '   ' }, 'attributes.memo'],
    ];
    for (const [attributes, field] of bad) {
      const res = await setAttributes(attributes);
      assert.equal(res.status, 400, JSON.stringify(attributes));
      assert.equal(res.body.error.code, 'attribute_value_invalid');
      assert.equal(res.body.error.field, field);
    }
    const zh = await setAttributes({ skin_type: '中性' });
    assert.match(zh.body.error.message, /属性「肤质」的值无效：应为以下选项之一：油性、干性、混合/);
    const unknown = await setAttributes({ hobby: '跑步' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'attribute_unknown');
    const stored = await owner.get(`/api/customers/${customerId}`);
    assert.deepEqual(stored.body.customer.attributes, [], 'nothing was stored by the refused changes');
  });

  test('good values are stored, shown in definition order, filterable, cleared with null', async () => {
    const res = await setAttributes({ skin_type: '混合', interests: ['香水', '护肤', '香水'], shoe_size: '38.5', met_on: '2024-02-29', memo: '喜欢小样' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.customer.attributes.map((a: { key: string; value: unknown }) => [a.key, a.value]), [
      ['memo', '喜欢小样'], ['skin_type', '混合'], ['interests', ['香水', '护肤']], ['shoe_size', 38.5], ['met_on', '2024-02-29'],
    ]);
    const ids = async (attribute: string) => (await owner.get(`/api/customers?attribute=${encodeURIComponent(attribute)}`)).body.items.map((c: { id: string }) => c.id);
    assert.deepEqual(await ids('interests:护肤'), [customerId], 'a multi-select matches any one of its values');
    assert.deepEqual(await ids('interests:彩妆'), []);
    assert.deepEqual(await ids('shoe_size:38.5'), [customerId]);
    assert.deepEqual(await ids('met_on:2024-02-29'), [customerId]);
    const cleared = await setAttributes({ memo: null });
    assert.deepEqual(cleared.body.customer.attributes.map((a: { key: string }) => a.key), ['skin_type', 'interests', 'shoe_size', 'met_on']);
  });

  test('renaming keeps values; deleting a definition removes its values everywhere', async () => {
    const renamed = await owner.patch(`/api/customer-attributes/${defs.skin}`, { label: '皮肤类型', options: ['油性', '干性', '混合', '敏感'] });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.attribute.key, 'skin_type');
    const after1 = await owner.get(`/api/customers/${customerId}`);
    assert.equal(after1.body.customer.attributes.find((a: { key: string }) => a.key === 'skin_type').label, '皮肤类型');
    const del = await owner.delete(`/api/customer-attributes/${defs.interests}`);
    assert.equal(del.status, 204);
    const row = await s.db.selectFrom('customers').select('attributes').where('id', '=', customerId).executeTakeFirstOrThrow();
    const stored = (typeof row.attributes === 'string' ? JSON.parse(row.attributes) : row.attributes) as Record<string, unknown>;
    assert.equal(stored.interests, undefined);
    assert.equal(stored.skin_type, '混合');
    const audit = await s.db.selectFrom('audit_log').select('action').where('account_id', '=', accountId).where('target_type', '=', 'customer_attribute').execute();
    assert.ok(audit.some((a) => a.action === 'customer_attribute.deleted'));
  });

  test('another account can neither see nor change these definitions', async () => {
    const list = await ownerB.get('/api/customer-attributes');
    assert.deepEqual(list.body.items, []);
    for (const [method, body] of [['PATCH', { label: 'B' }], ['DELETE', undefined]] as const) {
      const res = await ownerB.request(method, `/api/customer-attributes/${defs.size}`, body);
      assert.equal(res.status, 404, `${method}: ${res.status}`);
    }
    const same = await ownerB.post('/api/customer-attributes', { key: 'skin_type', label: '肤质', type: 'text' });
    assert.equal(same.status, 201, 'keys are unique per account only');
    const mine = await owner.get('/api/customer-attributes');
    assert.ok(mine.body.items.some((d: { id: string; label: string }) => d.id === defs.size && d.label === '尺码'));
  });
});
