import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { retryDelayMs } from '../../../platform/jobs.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook, verifyWebhook } from './index.ts';
import { queueReplyDelivery } from './webhook-deliveries.service.ts';

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; verified: boolean };

/**
 * The connector's side: a real HTTP server on loopback that checks each webhook's signature with
 * the secret it was given and answers 401 when it does not verify. /ok answers 204, /flaky fails
 * `flakyFailures` times with 503 first, /down answers 500 until `downFixed`.
 */
function startReceiver(clock: { now(): Date }) {
  const state = { secret: '', flakyFailures: 0, downFixed: false, received: [] as Received[] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const verified = verifyWebhook(state.secret, { timestamp: req.headers[TIMESTAMP_HEADER] as string, signature: req.headers[SIGNATURE_HEADER] as string, body, now: clock.now() });
      state.received.push({ path: req.url ?? '', headers: req.headers, body, verified });
      let status = 204;
      if (!verified) status = 401;
      else if (req.url === '/flaky' && state.flakyFailures-- > 0) status = 503;
      else if (req.url === '/down' && !state.downFixed) status = 500;
      res.statusCode = status;
      res.end(status === 204 ? undefined : 'no');
    });
  });
  return new Promise<{ url: string; state: typeof state; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, state, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe(`API channel: connector in, signed webhook out (${testStore})`, () => {
  const clock = fixedClock(new Date());
  let s: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: TestClient;
  let connector: TestClient;
  let agent: TestClient;
  let agentNickname: string;
  let inbox: { id: string; secret: string };

  /** Runs the outbox and the due jobs (the server's own worker also runs; both are safe together) until `done`. */
  async function settle<T>(done: () => Promise<T | undefined | false> | T | undefined | false, what: string): Promise<T> {
    const until = Date.now() + 8_000;
    for (;;) {
      await s.server.dispatcher!.drain();
      await s.server.worker!.runDue();
      const result = await done();
      if (result) return result;
      if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const deliveryOf = (messageId: string) => s.db.selectFrom('webhook_deliveries').selectAll().where('message_id', '=', Number(messageId)).executeTakeFirst();

  /** Moves the clock to the delivery's next attempt and waits until that attempt is recorded. */
  async function nextAttempt(messageId: string) {
    const before = (await deliveryOf(messageId))!;
    assert.ok(before.next_attempt_at, 'a next attempt is scheduled');
    clock.set(before.next_attempt_at);
    return settle(async () => {
      const d = await deliveryOf(messageId);
      return d && d.attempts > before.attempts ? d : undefined;
    }, `attempt ${before.attempts + 1}`);
  }

  async function customerSays(body: string, extra: Record<string, unknown> = {}) {
    const res = await connector.post(`/api/channels/api/${inbox.id}/messages`, { externalMessageId: `tb-msg-${randomUUID()}`, customer: { externalId: 'tb_buyer_001', name: '林小姐' }, body, ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function agentReplies(conversationId: string, body: string) {
    const res = await agent.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.message as { id: string; createdAt: string };
  }

  before(async () => {
    s = await startTestServer({ clock });
    receiver = await startReceiver(clock);
    owner = await loginAs(s.url);
    const accountId = await firstAccountId(s.db);
    const created = await owner.post('/api/channels/api/inboxes', { name: '淘宝旗舰店', platform: 'taobao', webhookUrl: `${receiver.url}/ok` });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.webhookSecret, /^whsec_/);
    inbox = { id: created.body.inbox.id, secret: created.body.webhookSecret };
    receiver.state.secret = inbox.secret;
    const token = await owner.post('/api/api-tokens', { name: '淘宝对接程序', role: 'admin' });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    connector = new TestClient(s.url, 'zh-CN', token.body.secret);
    const a = await makeUser(s.db, accountId, 'agent', { specialisation: 'pre_sale' });
    agentNickname = '小美';
    await s.db.updateTable('users').set({ nickname: agentNickname }).where('id', '=', a.user.id).execute();
    agent = await loginAs(s.url, a.email, a.password);
  });
  after(async () => {
    await s?.close();
    await receiver?.close();
  });

  test('the settings show the address to post to and never the secret again', async () => {
    const res = await owner.get(`/api/channels/api/inboxes/${inbox.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.inbox.channel, 'api');
    assert.deepEqual({ ...res.body.settings, webhookSecretHint: undefined }, { platform: 'taobao', enabled: true, webhookUrl: `${receiver.url}/ok`, webhookSecretHint: undefined, messagesUrl: `${s.url}/api/channels/api/${inbox.id}/messages` });
    assert.equal(res.body.settings.webhookSecretHint, `whsec_…${inbox.secret.slice(-4)}`);
    assert.ok(!JSON.stringify(res.body).includes(inbox.secret));
    const listed = await owner.get('/api/inboxes');
    assert.ok(listed.body.items.some((i: { id: string; channel: string }) => i.id === inbox.id && i.channel === 'api'));
    assert.ok(!JSON.stringify(listed.body).includes(inbox.secret));
    const bad = await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { webhookUrl: 'ftp://example.test/hook' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'webhookUrl');
  });

  test('a message posted twice is stored once; the agent sees it, replies, and the connector gets the signed webhook', async () => {
    const post = { externalMessageId: 'TB-20250301-0001', externalConversationId: 'TB-CONV-77', customer: { externalId: 'tb_buyer_001', name: '林小姐', phone: '13800138000' }, body: '你好，这件连衣裙有 M 码吗？', sentAt: '2025-03-01T08:00:00+08:00' };
    const first = await connector.post(`/api/channels/api/${inbox.id}/messages`, post);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.duplicate, false);
    const again = await connector.post(`/api/channels/api/${inbox.id}/messages`, post);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.duplicate, true);
    assert.equal(again.body.message.id, first.body.message.id);
    assert.equal(again.body.conversationId, first.body.conversationId);
    const conversationId = first.body.conversationId;
    const stored = await s.db.selectFrom('messages').select(['source_id', 'meta']).where('conversation_id', '=', conversationId).execute();
    assert.equal(stored.length, 1, 'one message however often it is posted');
    assert.equal(stored[0].source_id, `api:${inbox.id}:TB-20250301-0001`);
    assert.equal((stored[0].meta as { sentAt: string }).sentAt, '2025-03-01T00:00:00.000Z');
    const identities = await s.db.selectFrom('customer_identities').selectAll().where('value', '=', 'tb_buyer_001').execute();
    assert.equal(identities.length, 1);
    assert.equal(identities[0].platform, 'taobao');

    const list = await agent.get('/api/conversations?view=unassigned&channel=api');
    assert.equal(list.status, 200);
    const summary = list.body.items.find((c: { id: string }) => c.id === conversationId);
    assert.ok(summary, 'the agent sees the new conversation');
    assert.equal(summary.customer.name, '林小姐');
    assert.equal(summary.entry.externalConversationId, 'TB-CONV-77');
    assert.equal(summary.lastMessagePreview, post.body);

    const reply = await agentReplies(conversationId, '您好，有 M 码的，今天下单明天发货～');
    // An internal note is never sent out.
    assert.equal((await agent.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '顾客问尺码，注意备注', private: true })).status, 201);
    const got = await settle(() => receiver.state.received.find((r) => JSON.parse(r.body).message.id === reply.id), 'the webhook');
    assert.equal(got.path, '/ok');
    assert.equal(got.verified, true, 'the signature verifies with the inbox secret');
    assert.equal(got.headers['content-type'], 'application/json; charset=utf-8');
    const delivery = await settle(async () => {
      const d = await deliveryOf(reply.id);
      return d?.status === 'delivered' ? d : undefined;
    }, 'the delivery to be recorded');
    assert.equal(got.headers[DELIVERY_HEADER], delivery.id);
    assert.equal(got.headers[SIGNATURE_HEADER], signWebhook(inbox.secret, got.headers[TIMESTAMP_HEADER] as string, got.body));
    assert.deepEqual(JSON.parse(got.body), {
      event: 'message.created',
      deliveryId: delivery.id,
      inboxId: inbox.id,
      conversation: { id: conversationId, externalConversationId: 'TB-CONV-77' },
      customer: { externalId: 'tb_buyer_001' },
      message: { id: reply.id, body: '您好，有 M 码的，今天下单明天发货～', sender: { name: agentNickname }, createdAt: reply.createdAt },
    });
    // The same request with another secret does not verify, nor does a changed body.
    const forged = { timestamp: got.headers[TIMESTAMP_HEADER] as string, signature: got.headers[SIGNATURE_HEADER] as string, now: clock.now() };
    assert.equal(verifyWebhook('whsec_not-the-secret', { ...forged, body: got.body }), false);
    assert.equal(verifyWebhook(inbox.secret, { ...forged, body: got.body.replace('M 码', 'L 码') }), false);
    assert.equal(verifyWebhook(inbox.secret, { ...forged, body: got.body, now: new Date(clock.now().getTime() + 10 * 60_000) }), false, 'a replay ten minutes later is refused');

    await settle(() => true, 'the outbox');
    assert.equal(receiver.state.received.filter((r) => JSON.parse(r.body).conversation.id === conversationId).length, 1, 'one webhook: the customer’s message and the note are not sent');
    // The outbox runs handlers at least once: a second run for the same reply finds its delivery.
    const messages = await agent.get(`/api/conversations/${conversationId}/messages`);
    const replyMessage = messages.body.items.find((m: { id: string }) => m.id === reply.id);
    assert.equal(await queueReplyDelivery(s.db, await firstAccountId(s.db), conversationId, replyMessage, clock.now()), delivery.id);
    assert.equal((await s.db.selectFrom('webhook_deliveries').select('id').where('message_id', '=', Number(reply.id)).execute()).length, 1);
    const log = await owner.get(`/api/inboxes/${inbox.id}/webhook-deliveries`);
    assert.equal(log.status, 200);
    assert.equal(log.body.items[0].id, delivery.id);
    assert.equal(log.body.items[0].status, 'delivered');
    assert.equal(log.body.items[0].attempts, 1);
    assert.equal(log.body.items[0].lastStatusCode, 204);
  });

  test('a thread id that changes follows the replies; a new customer gets their own conversation', async () => {
    const first = await customerSays('在吗？', { externalConversationId: 'TB-CONV-88' });
    const second = await customerSays('我想改地址', { externalConversationId: 'TB-CONV-89' });
    assert.equal(second.conversationId, first.conversationId, 'one open conversation per customer and inbox');
    const other = await connector.post(`/api/channels/api/${inbox.id}/messages`, { externalMessageId: 'jd-style-1', customer: { externalId: 'tb_buyer_002' }, body: '发票怎么开？' });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.conversationId, first.conversationId);
    assert.equal(other.body.message.sender.name, 'tb_buyer_002', 'a buyer without a name is known by their id');
    const reply = await agentReplies(first.conversationId, '好的，请发新地址给我');
    const got = await settle(() => receiver.state.received.find((r) => JSON.parse(r.body).message.id === reply.id), 'the webhook');
    assert.equal(JSON.parse(got.body).conversation.externalConversationId, 'TB-CONV-89');
  });

  test('a receiver that fails twice gets the reply on the third attempt, and the log shows the attempts', async () => {
    assert.equal((await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { webhookUrl: `${receiver.url}/flaky` })).status, 200);
    receiver.state.flakyFailures = 2;
    const { conversationId } = await customerSays('快递到哪了？');
    const reply = await agentReplies(conversationId, '已经到您所在城市了，预计明天送达');
    const first = await settle(async () => {
      const d = await deliveryOf(reply.id);
      return d && d.attempts === 1 ? d : undefined;
    }, 'the first attempt');
    assert.equal(first.status, 'pending');
    assert.equal(first.last_status_code, 503);
    assert.match(first.last_error ?? '', /503/);
    assert.equal(first.next_attempt_at!.getTime(), clock.now().getTime() + retryDelayMs(1));
    const second = await nextAttempt(reply.id);
    assert.equal(second.status, 'pending');
    assert.equal(second.attempts, 2);
    assert.ok(second.next_attempt_at!.getTime() - clock.now().getTime() > first.next_attempt_at!.getTime() - first.created_at.getTime(), 'the wait grows');
    const third = await nextAttempt(reply.id);
    assert.equal(third.status, 'delivered');
    assert.equal(third.attempts, 3);
    assert.equal(third.last_status_code, 204);
    assert.equal(third.last_error, null);
    assert.equal(third.next_attempt_at, null);
    const sent = receiver.state.received.filter((r) => r.path === '/flaky' && JSON.parse(r.body).message.id === reply.id);
    assert.equal(sent.length, 3);
    assert.equal(new Set(sent.map((r) => r.headers[DELIVERY_HEADER])).size, 1, 'every attempt carries the same delivery id');
    const log = await owner.get(`/api/inboxes/${inbox.id}/webhook-deliveries?limit=1`);
    assert.equal(log.body.items[0].id, third.id, 'newest first');
    assert.equal(log.body.items[0].attempts, 3);
    assert.ok(log.body.nextCursor);
    const page2 = await owner.get(`/api/inboxes/${inbox.id}/webhook-deliveries?limit=1&cursor=${encodeURIComponent(log.body.nextCursor)}`);
    assert.equal(page2.body.items.length, 1);
    assert.notEqual(page2.body.items[0].id, third.id);
  });

  test('a receiver that always fails ends failed; a manual retry delivers it', async () => {
    assert.equal((await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { webhookUrl: `${receiver.url}/down` })).status, 200);
    const { conversationId } = await customerSays('我要退货');
    const reply = await agentReplies(conversationId, '好的，已为您登记退货');
    await settle(async () => (await deliveryOf(reply.id))?.attempts === 1, 'the first attempt');
    let d = (await deliveryOf(reply.id))!;
    while (d.status === 'pending') d = await nextAttempt(reply.id);
    assert.equal(d.status, 'failed');
    assert.equal(d.attempts, 6);
    assert.equal(d.last_status_code, 500);
    assert.equal(d.next_attempt_at, null);
    const failed = await owner.get(`/api/inboxes/${inbox.id}/webhook-deliveries?status=failed`);
    assert.deepEqual(failed.body.items.map((x: { id: string }) => x.id), [d.id]);

    receiver.state.downFixed = true;
    const retried = await owner.post(`/api/webhook-deliveries/${d.id}/retry`);
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.body.delivery.status, 'pending');
    const twice = await owner.post(`/api/webhook-deliveries/${d.id}/retry`);
    assert.equal(twice.status, 409, 'a delivery still being attempted is not retried again');
    assert.equal(twice.body.error.code, 'delivery_in_progress');
    const done = await settle(async () => {
      const x = await deliveryOf(reply.id);
      return x?.status === 'delivered' ? x : undefined;
    }, 'the manual retry');
    assert.equal(done.attempts, 7);
    assert.equal(done.last_status_code, 204);
  });

  test('with no webhook URL a reply’s delivery fails at once; set the URL and retry it', async () => {
    assert.equal((await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { webhookUrl: null })).body.settings.webhookUrl, null);
    const { conversationId } = await customerSays('能开发票吗？');
    const reply = await agentReplies(conversationId, '可以开的');
    const failed = await settle(async () => {
      const d = await deliveryOf(reply.id);
      return d?.status === 'failed' ? d : undefined;
    }, 'the delivery to fail');
    assert.equal(failed.attempts, 1);
    assert.match(failed.last_error ?? '', /no webhook URL/);
    await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { webhookUrl: `${receiver.url}/ok` });
    assert.equal((await owner.post(`/api/webhook-deliveries/${failed.id}/retry`)).status, 200);
    const done = await settle(async () => {
      const d = await deliveryOf(reply.id);
      return d?.status === 'delivered' ? d : undefined;
    }, 'the retry');
    assert.equal(done.url, `${receiver.url}/ok`);
  });

  test('after the secret is rotated the old one no longer verifies; the receiver with the new one accepts', async () => {
    assert.equal((await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { webhookUrl: `${receiver.url}/ok` })).status, 200);
    const rotated = await owner.post(`/api/channels/api/inboxes/${inbox.id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    const newSecret = rotated.body.webhookSecret as string;
    assert.notEqual(newSecret, inbox.secret);
    const { conversationId } = await customerSays('换个颜色可以吗？');
    const reply = await agentReplies(conversationId, '可以的，您想换什么颜色？');
    const refused = await settle(async () => {
      const d = await deliveryOf(reply.id);
      return d && d.attempts === 1 ? d : undefined;
    }, 'the first attempt');
    assert.equal(refused.last_status_code, 401, 'the receiver still holding the old secret refuses the signature');
    receiver.state.secret = newSecret;
    inbox.secret = newSecret;
    const ok = await nextAttempt(reply.id);
    assert.equal(ok.status, 'delivered');
    const audit = await owner.get('/api/audit-log?action=inbox.webhook_secret_rotated');
    assert.equal(audit.body.items.length, 1);
  });

  test('who may post: an agent’s token is refused, another account’s token finds no inbox, a web inbox is not an API inbox', async () => {
    const body = { externalMessageId: 'x-1', customer: { externalId: 'c-1' }, body: '你好' };
    const agentToken = await owner.post('/api/api-tokens', { name: '客服令牌', role: 'agent' });
    const asAgent = await new TestClient(s.url, 'zh-CN', agentToken.body.secret).post(`/api/channels/api/${inbox.id}/messages`, body);
    assert.equal(asAgent.status, 403);
    assert.equal(asAgent.body.error.code, 'forbidden');

    const b = await makeAccount(s.db);
    const ownerB = await loginAs(s.url, b.email, b.password);
    const tokenB = await ownerB.post('/api/api-tokens', { name: '乙店对接', role: 'owner' });
    const connectorB = new TestClient(s.url, 'en', tokenB.body.secret);
    const foreign = await connectorB.post(`/api/channels/api/${inbox.id}/messages`, body);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'not_found');
    assert.equal(foreign.body.error.message, 'The API inbox not found');
    assert.equal((await ownerB.get(`/api/channels/api/inboxes/${inbox.id}`)).status, 404);
    assert.equal((await ownerB.patch(`/api/channels/api/inboxes/${inbox.id}`, { enabled: false })).status, 404);
    assert.equal((await ownerB.get(`/api/inboxes/${inbox.id}/webhook-deliveries`)).status, 404);
    const aDelivery = await s.db.selectFrom('webhook_deliveries').select('id').where('inbox_id', '=', inbox.id).executeTakeFirstOrThrow();
    assert.equal((await ownerB.post(`/api/webhook-deliveries/${aDelivery.id}/retry`)).status, 404);
    assert.equal((await owner.get(`/api/channels/api/inboxes/${inbox.id}`)).body.settings.enabled, true, 'A’s inbox is untouched');

    const web = (await owner.get('/api/inboxes')).body.items.find((i: { channel: string }) => i.channel === 'web');
    assert.equal((await connector.post(`/api/channels/api/${web.id}/messages`, body)).status, 404);
    assert.equal((await owner.get(`/api/inboxes/${web.id}/webhook-deliveries`)).status, 404);

    const other = await makeUser(s.db, await firstAccountId(s.db), 'agent');
    const agentSession = await loginAs(s.url, other.email, other.password);
    assert.equal((await agentSession.get(`/api/channels/api/inboxes/${inbox.id}`)).status, 403);
    assert.equal((await agentSession.get(`/api/inboxes/${inbox.id}/webhook-deliveries`)).status, 403);
  });

  test('a turned-off channel refuses posts and sends nothing; bad input is a 400 with the field', async () => {
    const { conversationId } = await customerSays('最后一个问题');
    assert.equal((await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { enabled: false })).body.settings.enabled, false);
    const refused = await connector.post(`/api/channels/api/${inbox.id}/messages`, { externalMessageId: 'off-1', customer: { externalId: 'tb_buyer_001' }, body: '还在吗' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'api_channel_disabled');
    const reply = await agentReplies(conversationId, '在的');
    await settle(() => true, 'the outbox');
    assert.equal(await deliveryOf(reply.id), undefined, 'no delivery while the channel is off');
    await owner.patch(`/api/channels/api/inboxes/${inbox.id}`, { enabled: true });

    const cases: [Record<string, unknown>, string][] = [
      [{ customer: { externalId: 'c' }, body: 'x' }, 'externalMessageId'],
      [{ externalMessageId: 'a', customer: {}, body: 'x' }, 'customer.externalId'],
      [{ externalMessageId: 'a', customer: { externalId: 'c', email: 'not-an-email' }, body: 'x' }, 'customer.email'],
      [{ externalMessageId: 'a', customer: { externalId: 'c' }, body: '   ' }, 'body'],
      [{ externalMessageId: 'a', customer: { externalId: 'c' }, body: 'x', sentAt: 'yesterday' }, 'sentAt'],
      [{ externalMessageId: 'a'.repeat(201), customer: { externalId: 'c' }, body: 'x' }, 'externalMessageId'],
    ];
    for (const [body, field] of cases) {
      const res = await connector.post(`/api/channels/api/${inbox.id}/messages`, body);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field);
    }
  });

  test('fuzzing: whatever ids and text a connector sends, no 5xx, and a repeat is never a second message', async () => {
    const text = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.constantFrom("' or 1=1 --", '<script>x</script>', '買家🙂', '\u202Eevil', 'a\u0000b', '\uD800', '../../x', '%00'));
    await fc.assert(
      fc.asyncProperty(text, text, text, text, async (messageId, externalId, name, body) => {
        const post = { externalMessageId: messageId, customer: { externalId, name }, body };
        const first = await connector.post(`/api/channels/api/${inbox.id}/messages`, post);
        assert.ok(first.status < 500, `${first.status} ${JSON.stringify(first.body)}`);
        if (first.status >= 400) return true;
        const again = await connector.post(`/api/channels/api/${inbox.id}/messages`, post);
        assert.equal(again.status, 200, JSON.stringify(again.body));
        assert.equal(again.body.message.id, first.body.message.id);
        return true;
      }),
      { numRuns: 25 },
    );
  });
});
