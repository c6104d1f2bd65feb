import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, openTestDatabase, testStore, type TestClient, type TestDatabase } from '../../../../../test/harness.ts';
import { firstAccountId } from '../../../../../test/factories.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../../test/smtp-receiver.ts';
import { loadConfig } from '../../../platform/config.ts';
import { decodeSecretKey, isSealed, openWith, SECRET_KEY_FILE } from '../../../platform/secrets.ts';
import { startServer, type Server } from '../../../main.ts';
import { openSmtpPassword } from './email-smtp-password.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`SMTP passwords at rest (${testStore})`, () => {
  const shop = 'service@huayang.test';
  const password = `smtp-${crypto.randomBytes(6).toString('hex')}`;
  const wrongPassword = `wrong-${crypto.randomBytes(6).toString('hex')}`;
  const key = crypto.randomBytes(32).toString('base64');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-smtp-secret-'));
  // Everything the servers log, at every level, to look for the password in.
  const logs: string[] = [];
  const log = pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) });
  let tdb: TestDatabase;
  let smtp: SmtpReceiver;
  let server: Server | undefined;
  let owner: TestClient;
  let accountId: string;
  let inbox: { id: string; inboundKey: string };

  const start = async (env: Record<string, string>) => {
    await server?.close();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'trace', SHOPDESK_ADMIN_EMAIL: ADMIN_EMAIL, SHOPDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env } as NodeJS.ProcessEnv);
    server = await startServer(config, { log, database: tdb.database });
    owner = await loginAs(server.url);
  };
  const storedPassword = async () => {
    const row = await tdb.db.selectFrom('inboxes').select('settings').where('account_id', '=', accountId).where('id', '=', inbox.id).executeTakeFirstOrThrow();
    return (row.settings as { smtp: { password: string } }).smtp.password;
  };
  // The row as it was before passwords were sealed.
  const storePlain = (value: string) =>
    sql`update inboxes set settings = jsonb_set(settings, '{smtp,password}', to_jsonb(${value}::text)) where account_id = ${accountId} and id = ${inbox.id}`.execute(tdb.db);
  const messages = async (conversationId: string) => {
    const res = await owner.get(`/api/conversations/${conversationId}/messages`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as any[];
  };
  /** A customer writes in, an agent replies: the reply's delivery once it is settled, and the failure notice if it failed. */
  const replyToNewMail = async () => {
    const raw = [`From: <buyer.${crypto.randomBytes(3).toString('hex')}@example.com>`, `To: ${shop}`, 'Subject: 发票', `Message-ID: <${crypto.randomUUID()}@example.com>`, '', '请开发票'].join('\r\n');
    const res = await fetch(`${server!.url}/api/channels/email/${inbox.id}/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822', 'x-shopdesk-inbound-key': inbox.inboundKey }, body: raw });
    const { conversationId } = (await res.json()) as { conversationId: string };
    assert.equal(res.status, 200);
    const reply = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: crypto.randomUUID(), body: '好的，已为您开具。' });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return until('the reply settled', async () => {
      const all = await messages(conversationId);
      const delivery = all.find((m) => m.id === reply.body.message.id)?.meta.delivery as string | undefined;
      const failure = all.find((m) => m.kind === 'event' && m.meta.event === 'email.delivery_failed');
      return delivery === 'sent' || (delivery === 'failed' && failure) ? { delivery, failure } : undefined;
    });
  };

  before(async () => {
    tdb = await openTestDatabase();
    smtp = await startSmtpReceiver({ logins: { [shop]: password } });
    await start({ SHOPDESK_SECRET_KEY: key });
    accountId = await firstAccountId(tdb.db);
  });
  after(async () => {
    await server?.close();
    await smtp?.close();
    await tdb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a saved SMTP password is stored sealed for its inbox, and replies sign in with it', async () => {
    const created = await owner.post('/api/channels/email/inboxes', { name: '邮件客服', address: shop, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: shop, password } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    inbox = { id: created.body.inbox.id, inboundKey: created.body.settings.inboundKey };
    const stored = await storedPassword();
    assert.ok(isSealed(stored), stored);
    assert.ok(!stored.includes(password));
    assert.equal(openSmtpPassword({ accountId, inboxId: inbox.id }, stored), password);
    assert.throws(() => openSmtpPassword({ accountId, inboxId: 'inb_other' }, stored), 'sealed for this inbox only');

    assert.equal((await replyToNewMail()).delivery, 'sent');
    assert.equal(smtp.received.at(-1)?.user, shop, 'signed in with the right password');
    assert.deepEqual(smtp.refusedLogins, []);
  });

  test('a password stored plain before sealing still signs in, and the next save seals it', async () => {
    await storePlain(password);
    const before = smtp.received.length;
    assert.equal((await replyToNewMail()).delivery, 'sent');
    assert.equal(smtp.received.length, before + 1);

    const saved = await owner.patch(`/api/channels/email/inboxes/${inbox.id}`, { displayName: '花漾美妆客服' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.settings.smtp.passwordSet, true);
    const stored = await storedPassword();
    assert.ok(isSealed(stored));
    assert.equal(openSmtpPassword({ accountId, inboxId: inbox.id }, stored), password);
    assert.equal((await replyToNewMail()).delivery, 'sent');
  });

  test('plain passwords are sealed at start; a key that cannot open them is reported, and replies say why they fail', async () => {
    await storePlain(password);
    await start({ SHOPDESK_SECRET_KEY: key });
    assert.ok(isSealed(await storedPassword()), 'sealed at start');
    assert.ok(logs.some((l) => l.includes('SMTP passwords stored in plain text were sealed')));
    assert.equal((await replyToNewMail()).delivery, 'sent');

    const mark = logs.length;
    await start({ SHOPDESK_SECRET_KEY: crypto.randomBytes(32).toString('hex') });
    const report = logs.slice(mark).map((l) => JSON.parse(l)).find((l) => l.level === 50 && Array.isArray(l.inboxes));
    assert.ok(report, 'an error names the inboxes whose password this key cannot open');
    assert.deepEqual(report.inboxes, [inbox.id]);
    const before = { received: smtp.received.length, refused: smtp.refusedLogins.length };
    const { delivery, failure } = await replyToNewMail();
    assert.equal(delivery, 'failed');
    assert.equal(failure.meta.code, 'smtp_password_unreadable');
    assert.match(failure.body, /重新填写密码/);
    assert.deepEqual({ received: smtp.received.length, refused: smtp.refusedLogins.length }, before, 'no sign-in is tried with a wrong password');

    const reentered = await owner.patch(`/api/channels/email/inboxes/${inbox.id}`, { smtp: { password } });
    assert.equal(reentered.status, 200);
    assert.equal((await replyToNewMail()).delivery, 'sent');
    await start({ SHOPDESK_SECRET_KEY: key });
  });

  test('the password is in no answer, audit entry, job, message or log line, even when the server refuses it', async () => {
    const wrong = await owner.patch(`/api/channels/email/inboxes/${inbox.id}`, { smtp: { password: wrongPassword } });
    assert.equal(wrong.status, 200);
    const { delivery, failure } = await replyToNewMail();
    assert.equal(delivery, 'failed');
    assert.equal(failure.meta.code, 'smtp_refused');
    assert.match(failure.body, /Invalid username or password|535/);
    assert.equal(smtp.refusedLogins.at(-1), shop, 'the wrong password reached the server');
    assert.equal((await owner.patch(`/api/channels/email/inboxes/${inbox.id}`, { smtp: { password } })).status, 200);

    const answers = JSON.stringify([(await owner.get(`/api/channels/email/inboxes/${inbox.id}`)).body, (await owner.get('/api/audit-log')).body]);
    const rows = JSON.stringify(
      await Promise.all([
        tdb.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId).execute(),
        tdb.db.selectFrom('jobs').selectAll().where('account_id', '=', accountId).execute(),
        tdb.db.selectFrom('messages').selectAll().where('account_id', '=', accountId).execute(),
        tdb.db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).execute(),
      ]),
    );
    assert.ok(logs.some((l) => /email reply not sent/.test(l)), 'the refusal was logged');
    for (const secret of [password, wrongPassword]) {
      assert.ok(!answers.includes(secret), 'not in API answers');
      assert.ok(!rows.includes(secret), 'not stored in the clear anywhere');
      assert.ok(!logs.some((l) => l.includes(secret)), 'not in the logs');
    }
  });

  test('without SHOPDESK_SECRET_KEY the data directory’s secret.key seals it, with a warning on PostgreSQL only', async () => {
    const warnings = () => logs.filter((l) => l.includes('SHOPDESK_SECRET_KEY is not set')).length;
    assert.equal(warnings(), 0);
    const file = path.join(dataDir, SECRET_KEY_FILE);
    assert.ok(!fs.existsSync(file));
    await start({ SHOPDESK_DATA_DIR: dataDir });
    assert.equal(warnings(), testStore === 'postgres' ? 1 : 0);
    // The stored password was sealed with SHOPDESK_SECRET_KEY: checking it at start made the file.
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const fileKey = decodeSecretKey(fs.readFileSync(file, 'utf8'));
    assert.ok(fileKey);

    assert.equal((await owner.patch(`/api/channels/email/inboxes/${inbox.id}`, { smtp: { password } })).status, 200);
    assert.equal(openWith(fileKey, await storedPassword(), `inboxes/${accountId}/${inbox.id}/smtp.password`), password, 'sealed with the file’s key');
    assert.equal((await replyToNewMail()).delivery, 'sent');
    assert.equal(warnings(), testStore === 'postgres' ? 1 : 0, 'said once');
  });
});
