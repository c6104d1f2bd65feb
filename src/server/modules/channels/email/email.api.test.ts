import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../../test/smtp-receiver.ts';
import { enqueueJob } from '../../../platform/jobs.ts';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const word = (s: string) => `=?UTF-8?B?${b64(s)}?=`;

/** A raw RFC 5322 message as a Chinese mail client writes it: encoded subject and name, UTF-8 body, optionally a file. */
function rawMail(opts: { from: string; fromName?: string; to: string; subject: string; body: string; messageId?: string; inReplyTo?: string; references?: string[]; attachment?: { name: string; type: string; data: Buffer }; html?: string }): Buffer {
  const boundary = `b_${crypto.randomBytes(6).toString('hex')}`;
  const head = [
    `From: ${opts.fromName ? `${word(opts.fromName)} ` : ''}<${opts.from}>`,
    `To: ${opts.to}`,
    `Subject: ${word(opts.subject)}`,
    'Date: Thu, 01 May 2025 10:00:00 +0800',
    ...(opts.messageId ? [`Message-ID: <${opts.messageId}>`] : []),
    ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}>`] : []),
    ...(opts.references ? [`References: ${opts.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
  ];
  const textPart = opts.html
    ? ['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', b64(opts.html)]
    : ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', b64(opts.body)];
  if (!opts.attachment) return Buffer.from([...head, ...textPart, ''].join('\r\n'));
  const a = opts.attachment;
  return Buffer.from(
    [
      ...head,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      ...textPart,
      `--${boundary}`,
      `Content-Type: ${a.type}; name="${word(a.name)}"`,
      `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(a.data),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`email channel (${testStore})`, () => {
  let s: TestServer;
  let smtp: SmtpReceiver;
  const refuse = new Set<string>();
  let owner: TestClient;
  let accountId: string;
  let inbox: { id: string; inboundUrl: string; inboundKey: string };
  const shop = 'service@huayang.test';
  const customerMail = { from: 'zhang.wei@example.com', fromName: '张伟', to: shop, subject: '关于订单 #1024 的退货问题', messageId: `c1.${crypto.randomBytes(4).toString('hex')}@mail.example.com` };
  const invoice = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(3000)]);
  let conversationId = '';
  let firstMessageId = '';

  const post = (raw: Buffer | string, opts: { key?: string | null; query?: string; type?: string; inboxId?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': opts.type ?? 'message/rfc822', 'accept-language': 'zh-CN' };
    const key = opts.key === undefined ? inbox.inboundKey : opts.key;
    if (key !== null) headers['x-shopdesk-inbound-key'] = key;
    return fetch(`${s.url}/api/channels/email/${opts.inboxId ?? inbox.id}/inbound${opts.query ?? ''}`, { method: 'POST', headers, body: raw }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
  };
  const messages = async (id = conversationId) => {
    const res = await owner.get(`/api/conversations/${id}/messages`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as any[];
  };

  before(async () => {
    s = await startTestServer({ env: { SHOPDESK_SECRET_KEY: crypto.randomBytes(32).toString('base64') } });
    smtp = await startSmtpReceiver({ logins: { [shop]: 'smtp-pass-1' }, refuse });
    owner = await loginAs(s.url);
    accountId = await firstAccountId(s.db);
  });
  after(async () => {
    await s?.close();
    await smtp?.close();
  });

  test('an admin creates an email inbox; the SMTP password is never returned; agents may not see the settings', async () => {
    const created = await owner.post('/api/channels/email/inboxes', { name: '邮件客服', address: shop, displayName: '花漾美妆客服', smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: shop, password: 'smtp-pass-1' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.inbox.channel, 'email');
    assert.deepEqual(created.body.settings.smtp, { host: '127.0.0.1', port: smtp.port, secure: false, user: shop, passwordSet: true });
    assert.doesNotMatch(JSON.stringify(created.body), /smtp-pass-1/);
    assert.equal(created.body.settings.inboundUrl, `${s.url}/api/channels/email/${created.body.inbox.id}/inbound`);
    assert.ok(created.body.settings.inboundKey.length >= 24);
    inbox = { id: created.body.inbox.id, ...created.body.settings };

    const stored = await s.db.selectFrom('inboxes').select('settings').where('id', '=', inbox.id).executeTakeFirstOrThrow();
    assert.doesNotMatch(JSON.stringify(stored.settings), /smtp-pass-1/, 'the stored row holds no plain password');
    assert.match((stored.settings as any).smtp.password, /^v1:[A-Za-z0-9+/]+=*$/);

    const read = await owner.get(`/api/channels/email/inboxes/${inbox.id}`);
    assert.equal(read.status, 200);
    assert.doesNotMatch(JSON.stringify(read.body), /smtp-pass-1/);
    const renamed = await owner.patch(`/api/channels/email/inboxes/${inbox.id}`, { displayName: '花漾美妆 客服中心', smtp: { port: smtp.port } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.settings.displayName, '花漾美妆 客服中心');
    assert.equal(renamed.body.settings.smtp.passwordSet, true, 'a patch without a password keeps it');
    assert.ok((await owner.get('/api/inboxes')).body.items.some((i: any) => i.id === inbox.id && i.channel === 'email'));

    const noHost = await owner.post('/api/channels/email/inboxes', { name: '无效', address: 'x@huayang.test', smtp: { port: 25 } });
    assert.equal(noHost.status, 400);
    const badAddress = await owner.post('/api/channels/email/inboxes', { name: '无效', address: 'not-an-address' });
    assert.equal(badAddress.status, 400);
    assert.equal(badAddress.body.error.field, 'address');

    const { email, password } = await makeUser(s.db, accountId, 'agent');
    const agent = await loginAs(s.url, email, password);
    assert.equal((await agent.get(`/api/channels/email/inboxes/${inbox.id}`)).status, 403);
    assert.equal((await agent.post('/api/channels/email/inboxes', { name: 'x', address: 'a@b.test' })).status, 403);
    const audit = await owner.get('/api/audit-log?action=inbox.email_settings_changed');
    assert.equal(audit.body.items.length, 1);
    assert.doesNotMatch(JSON.stringify(audit.body), /smtp-pass-1/);
  });

  test('a Chinese email with an attachment becomes a conversation with the customer, the subject and the file', async () => {
    const raw = rawMail({ ...customerMail, body: '你好，\r\n我上周买的面霜过敏了，想申请退货。\r\n发票见附件。\r\n', attachment: { name: '发票.pdf', type: 'application/pdf', data: invoice } });
    const res = await post(raw);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'stored');
    conversationId = res.body.conversationId;
    firstMessageId = res.body.messageId;

    const conv = await owner.get(`/api/conversations/${conversationId}`);
    assert.equal(conv.body.conversation.channel, 'email');
    assert.equal(conv.body.conversation.inbox.id, inbox.id);
    assert.equal(conv.body.conversation.customer.name, '张伟');
    const row = await s.db.selectFrom('conversations').select(['subject', 'customer_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    assert.equal(row.subject, customerMail.subject);
    const identity = await s.db.selectFrom('customer_identities').select('customer_id').where('account_id', '=', accountId).where('kind', '=', 'email').where('value', '=', customerMail.from).executeTakeFirstOrThrow();
    assert.equal(identity.customer_id, row.customer_id);
    const customer = await s.db.selectFrom('customers').select(['email', 'name']).where('id', '=', row.customer_id).executeTakeFirstOrThrow();
    assert.deepEqual(customer, { email: customerMail.from, name: '张伟' });

    const [m] = await messages();
    assert.equal(m.id, firstMessageId);
    assert.equal(m.senderType, 'customer');
    assert.equal(m.sender.name, '张伟');
    assert.equal(m.body, '你好，\n我上周买的面霜过敏了，想申请退货。\n发票见附件。');
    assert.equal(m.meta.subject, customerMail.subject);
    assert.equal(m.meta.from, customerMail.from);
    assert.deepEqual(m.meta.to, [shop]);
    assert.equal(m.meta.messageId, customerMail.messageId);
    assert.equal(m.meta.inReplyTo, null);
    assert.equal(m.attachments.length, 1);
    assert.deepEqual({ ...m.attachments[0], id: undefined }, { id: undefined, name: '发票.pdf', contentType: 'application/pdf', size: invoice.length });
    const stored = await s.db.selectFrom('attachments').selectAll().where('id', '=', m.attachments[0].id).executeTakeFirstOrThrow();
    assert.equal(stored.account_id, accountId);
    assert.equal(stored.conversation_id, conversationId);
    assert.equal(String(stored.message_id), firstMessageId);
    assert.equal(stored.uploader_type, 'customer');
    assert.equal(stored.sha256, crypto.createHash('sha256').update(invoice).digest('hex'));
    assert.ok(Buffer.from(stored.data).equals(invoice), 'the bytes are stored as sent');
  });

  test('the relay posting the same mail again stores nothing new', async () => {
    const raw = rawMail({ ...customerMail, body: '你好，\r\n我上周买的面霜过敏了，想申请退货。\r\n发票见附件。\r\n', attachment: { name: '发票.pdf', type: 'application/pdf', data: invoice } });
    const again = await post(raw, { key: null, query: `?key=${encodeURIComponent(inbox.inboundKey)}`, type: 'text/plain; charset=utf-8' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body, { status: 'duplicate', conversationId, messageId: firstMessageId });
    assert.equal((await messages()).length, 1);
    const files = await s.db.selectFrom('attachments').select('id').where('conversation_id', '=', conversationId).execute();
    assert.equal(files.length, 1);
  });

  test('the same new mail posted three times at once is stored once, with one copy of its file', async () => {
    const raw = rawMail({ from: 'sun@example.com', fromName: '孙丽', to: shop, subject: '并发', messageId: `r1.${crypto.randomBytes(4).toString('hex')}@example.com`, body: '同一封邮件', attachment: { name: '单据.png', type: 'image/png', data: crypto.randomBytes(2048) } });
    const results = await Promise.all([post(raw), post(raw), post(raw)]);
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200], JSON.stringify(results.map((r) => r.body)));
    assert.deepEqual(results.map((r) => r.body.status).sort(), ['duplicate', 'duplicate', 'stored']);
    assert.equal(new Set(results.map((r) => r.body.messageId)).size, 1);
    const files = await s.db.selectFrom('attachments').select(['message_id']).where('account_id', '=', accountId).where('file_name', '=', '单据.png').execute();
    assert.deepEqual(files.map((f) => String(f.message_id)), [results[0].body.messageId]);
    const customers = await s.db.selectFrom('customer_identities').select('customer_id').where('account_id', '=', accountId).where('value', '=', 'sun@example.com').execute();
    assert.equal(customers.length, 1);
  });

  test('a wrong or missing key, an unknown inbox, JSON, an empty or oversized body are refused with a clear error', async () => {
    const raw = rawMail({ from: 'x@example.com', to: shop, subject: '测试', body: '测试' });
    const wrong = await post(raw, { key: 'wrong-key' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'email_key_invalid');
    assert.match(wrong.body.error.message, /密钥/);
    assert.equal((await post(raw, { key: null })).status, 401);
    assert.equal((await post(raw, { key: inbox.inboundKey.slice(0, -1) })).status, 401);
    const unknown = await post(raw, { inboxId: 'inb_nope' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'email_inbox_not_found');
    const webInbox = (await owner.get('/api/inboxes')).body.items.find((i: any) => i.channel === 'web');
    assert.equal((await post(raw, { inboxId: webInbox.id })).status, 404, 'a web inbox takes no mail');
    const json = await post(JSON.stringify({ raw: 'x' }), { type: 'application/json' });
    assert.equal(json.status, 415);
    assert.equal(json.body.error.code, 'email_raw_required');
    const empty = await post('', {});
    assert.equal(empty.status, 400);
    const noSender = await post('this is not a mail at all', { type: 'text/plain' });
    assert.equal(noSender.status, 400);
    assert.equal(noSender.body.error.code, 'email_sender_missing');
    const huge = Buffer.alloc(26 * 1024 * 1024, 'a');
    const tooLarge = await post(huge);
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.error.code, 'email_too_large');
    assert.match(tooLarge.body.error.message, /25 MB/);
    const count = await s.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('source_id', 'like', 'email:%').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 2, 'nothing refused was stored');
  });

  test('a mail past the API’s 1 MB body limit but within 25 MB is taken', async () => {
    const photo = crypto.randomBytes(3 * 1024 * 1024);
    const res = await post(rawMail({ from: 'wu@example.com', to: shop, subject: '破损照片', messageId: `p1.${crypto.randomBytes(4).toString('hex')}@example.com`, body: '收到的瓶子碎了，见照片。', attachment: { name: '照片.jpg', type: 'image/jpeg', data: photo } }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [m] = await messages(res.body.conversationId);
    assert.deepEqual(m.attachments.map((a: any) => [a.name, a.contentType, a.size]), [['照片.jpg', 'image/jpeg', photo.length]]);
  });

  test('an agent’s reply leaves by SMTP in the thread, and the customer’s answer comes back to the same conversation', async () => {
    const { user, email, password } = await makeUser(s.db, accountId, 'agent', { name: '王芳' });
    await s.db.updateTable('users').set({ nickname: '小芳' }).where('id', '=', user.id).execute();
    const agent = await loginAs(s.url, email, password);
    const reply = await agent.post(`/api/conversations/${conversationId}/messages`, { clientId: crypto.randomUUID(), body: '您好，很抱歉给您带来不便。\n退货地址：杭州市余杭区仓前街道 1 号，运费由我们承担。' });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    await agent.post(`/api/conversations/${conversationId}/messages`, { clientId: crypto.randomUUID(), body: '内部备注：已核实过敏情况', private: true });

    const sent = await until('the reply at the SMTP server', async () => smtp.received[0]);
    assert.equal(sent.user, shop, 'sent with the inbox’s SMTP login');
    assert.equal(sent.from, shop);
    assert.deepEqual(sent.to, [customerMail.from]);
    assert.equal(sent.mail.subject, `Re: ${customerMail.subject}`);
    assert.equal(sent.mail.inReplyTo, `<${customerMail.messageId}>`);
    assert.deepEqual([sent.mail.references].flat(), [`<${customerMail.messageId}>`]);
    assert.equal(sent.mail.from?.value[0].address, shop);
    assert.equal(sent.mail.from?.value[0].name, '花漾美妆 客服中心');
    assert.equal(sent.mail.text?.trim(), '您好，很抱歉给您带来不便。\n退货地址：杭州市余杭区仓前街道 1 号，运费由我们承担。');
    assert.doesNotMatch(sent.raw.toString(), /内部备注/, 'internal notes never leave');
    const ourId = sent.mail.messageId!.replace(/^<|>$/g, '');

    const mine = await until('the reply marked sent', async () => (await messages()).find((m) => m.id === reply.body.message.id && m.meta.delivery === 'sent'));
    assert.equal(mine.meta.messageId, ourId);
    assert.equal(mine.meta.subject, `Re: ${customerMail.subject}`);
    assert.deepEqual(mine.meta.to, [customerMail.from]);
    assert.equal(mine.meta.from, shop);

    const answer = rawMail({
      from: customerMail.from,
      fromName: '张伟',
      to: shop,
      subject: `回复：${customerMail.subject}`,
      messageId: `c2.${crypto.randomBytes(4).toString('hex')}@mail.example.com`,
      inReplyTo: ourId,
      references: [customerMail.messageId, ourId],
      body: '好的，谢谢！我明天寄出。\r\n\r\n在 2025年5月2日 10:00，花漾美妆 客服中心 <service@huayang.test> 写道：\r\n> 您好，很抱歉给您带来不便。\r\n',
    });
    const back = await post(answer);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.status, 'stored');
    assert.equal(back.body.conversationId, conversationId, 'the answer threads into the same conversation');
    const last = (await messages()).at(-1);
    assert.equal(last.body, '好的，谢谢！我明天寄出。', 'the quoted earlier mail is left out');
    assert.equal(last.meta.inReplyTo, ourId);

    // Even after the conversation is resolved, an answer in the thread reopens it rather than starting another.
    assert.equal((await owner.post(`/api/conversations/${conversationId}/resolve`)).status, 200);
    const late = await post(rawMail({ from: customerMail.from, to: shop, subject: `Re: ${customerMail.subject}`, messageId: `c3.${crypto.randomBytes(4).toString('hex')}@mail.example.com`, inReplyTo: ourId, body: '已寄出，单号 SF1234567890。' }));
    assert.equal(late.body.conversationId, conversationId);
    assert.equal((await owner.get(`/api/conversations/${conversationId}`)).body.conversation.status, 'open');
  });

  test('sending is idempotent: the same reply queued again is not sent twice', async () => {
    const before = smtp.received.length;
    const reply = (await messages()).find((m) => m.senderType === 'agent' && m.kind === 'text');
    const jobId = await enqueueJob(s.db, { name: 'email.send-reply', accountId, payload: { conversationId, messageId: reply.id } });
    const job = await until('the repeated job', async () => {
      const j = await s.db.selectFrom('jobs').select(['state', 'result']).where('id', '=', jobId).executeTakeFirst();
      return j?.state === 'done' ? j : undefined;
    });
    assert.deepEqual(job.result, { skipped: 'already sent' });
    assert.equal(smtp.received.length, before);
  });

  test('a new mail without a thread from a new address starts its own conversation; HTML is kept as text only', async () => {
    const html = '<html><body><p>请问<b>这款精华</b>什么时候补货？</p><script>alert(1)</script><p><a href="https://shop.test/p/9">商品链接</a></p></body></html>';
    const res = await post(rawMail({ from: 'Li.Na@Example.com', to: shop, subject: '补货咨询', messageId: `n1.${crypto.randomBytes(4).toString('hex')}@example.com`, body: '', html }));
    assert.equal(res.body.status, 'stored');
    assert.notEqual(res.body.conversationId, conversationId);
    const [m] = await messages(res.body.conversationId);
    assert.match(m.body, /请问\s*这款精华\s*什么时候补货？/);
    assert.doesNotMatch(m.body, /<\/?(p|b|html|script)\b/i, 'no markup is stored');
    assert.equal(m.meta.from, 'li.na@example.com');
    assert.equal(m.sender.name, 'li.na@example.com');
  });

  test('a reply that cannot be delivered is marked failed and said in the conversation', async () => {
    refuse.add('bounce@example.com');
    const res = await post(rawMail({ from: 'bounce@example.com', fromName: '赵敏', to: shop, subject: '发票抬头', messageId: `f1.${crypto.randomBytes(4).toString('hex')}@example.com`, body: '请帮我开发票。' }));
    const id = res.body.conversationId;
    const reply = await owner.post(`/api/conversations/${id}/messages`, { clientId: crypto.randomUUID(), body: '好的，请提供抬头和税号。' });
    assert.equal(reply.status, 201);
    const event = await until('the failure event', async () => (await messages(id)).find((m) => m.kind === 'event'));
    assert.equal(event.senderType, 'system');
    assert.equal(event.meta.event, 'email.delivery_failed');
    assert.equal(event.meta.messageId, reply.body.message.id);
    assert.match(event.body, /bounce@example\.com/);
    const failed = (await messages(id)).find((m) => m.id === reply.body.message.id);
    assert.equal(failed.meta.delivery, 'failed');
    assert.match(failed.meta.deliveryError, /Mailbox unavailable|550/);

    // An inbox without SMTP settings says so instead of trying.
    const bare = await owner.post('/api/channels/email/inboxes', { name: '只收不发', address: 'inbox-only@huayang.test' });
    assert.equal(bare.status, 201);
    assert.equal(bare.body.settings.smtp, null);
    const got = await post(rawMail({ from: 'zhou@example.com', to: 'inbox-only@huayang.test', subject: '你好', messageId: `f2.${crypto.randomBytes(4).toString('hex')}@example.com`, body: '在吗' }), { inboxId: bare.body.inbox.id, key: bare.body.settings.inboundKey });
    assert.equal(got.status, 200, JSON.stringify(got.body));
    await owner.post(`/api/conversations/${got.body.conversationId}/messages`, { clientId: crypto.randomUUID(), body: '在的' });
    const notice = await until('the not-configured event', async () => (await messages(got.body.conversationId)).find((m) => m.kind === 'event'));
    assert.equal(notice.meta.code, 'smtp_not_configured');
  });

  test('a copy of the shop’s own mail is ignored; the inbound key can be replaced', async () => {
    const own = await post(rawMail({ from: shop, to: 'someone@example.com', subject: '我们发出的邮件', messageId: `o1.${crypto.randomBytes(4).toString('hex')}@huayang.test`, body: '副本' }));
    assert.deepEqual(own.body, { status: 'ignored', conversationId: null, messageId: null });
    const oldKey = inbox.inboundKey;
    const rotated = await owner.post(`/api/channels/email/inboxes/${inbox.id}/rotate-key`);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.settings.inboundKey, oldKey);
    const raw = rawMail({ from: 'x@example.com', to: shop, subject: '测试', body: '测试', messageId: `k1.${crypto.randomBytes(4).toString('hex')}@example.com` });
    assert.equal((await post(raw, { key: oldKey })).status, 401);
    inbox.inboundKey = rotated.body.settings.inboundKey;
    assert.equal((await post(raw)).status, 200);
  });

  test('another account sees none of it, and its key opens nothing of this inbox', async () => {
    const b = await makeAccount(s.db);
    const other = await loginAs(s.url, b.email, b.password);
    assert.equal((await other.get(`/api/conversations/${conversationId}`)).status, 404);
    assert.equal((await other.get(`/api/conversations/${conversationId}/messages`)).status, 404);
    assert.equal((await other.get(`/api/channels/email/inboxes/${inbox.id}`)).status, 404);
    assert.equal((await other.patch(`/api/channels/email/inboxes/${inbox.id}`, { displayName: '乙店' })).status, 404);
    assert.equal((await other.post(`/api/channels/email/inboxes/${inbox.id}/rotate-key`)).status, 404);
    const list = await other.get('/api/conversations?view=all');
    assert.equal(list.body.items.some((c: any) => c.id === conversationId), false);
    assert.equal((await other.get('/api/inboxes')).body.items.some((i: any) => i.id === inbox.id), false);
    const bInbox = await other.post('/api/channels/email/inboxes', { name: '乙店邮件', address: 'service@yi.test' });
    assert.equal(bInbox.status, 201);
    const raw = rawMail({ from: customerMail.from, to: shop, subject: '乙店的钥匙', messageId: `x1.${crypto.randomBytes(4).toString('hex')}@example.com`, body: '试试' });
    assert.equal((await post(raw, { key: bInbox.body.settings.inboundKey })).status, 401, 'B’s key does not open A’s inbox');
    // The same customer writing to B is B's customer, in B's conversation, never threaded into A's.
    const toB = await post(rawMail({ from: customerMail.from, to: 'service@yi.test', subject: 'Re: 乙店', messageId: `x2.${crypto.randomBytes(4).toString('hex')}@example.com`, inReplyTo: customerMail.messageId, body: '你好乙店' }), { inboxId: bInbox.body.inbox.id, key: bInbox.body.settings.inboundKey });
    assert.equal(toB.status, 200);
    assert.notEqual(toB.body.conversationId, conversationId);
    const bConv = await s.db.selectFrom('conversations').select(['account_id', 'customer_id']).where('id', '=', toB.body.conversationId).executeTakeFirstOrThrow();
    assert.equal(bConv.account_id, b.accountId);
    const aConv = await s.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    assert.notEqual(bConv.customer_id, aConv.customer_id);
    assert.equal((await owner.get(`/api/conversations/${toB.body.conversationId}`)).status, 404);
  });
});
