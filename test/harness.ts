import crypto from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { openDatabase, type Database, type Db } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrator.ts';
import { loadConfig, type Config } from '../src/server/platform/config.ts';
import { systemClock, type Clock } from '../src/server/platform/clock.ts';
import { startServer, type Server } from '../src/server/main.ts';

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** PostgreSQL when TEST_DATABASE_URL is set, otherwise the embedded store in memory. */
export const testStore: 'postgres' | 'embedded' = process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded';

export type TestDatabase = { db: Db; database: Database; url?: string; close(): Promise<void> };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated, empty database of its own for one test file. */
export async function openTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ memory: true });
    if (opts.migrate !== false) await migrate(database.db);
    return { db: database.db, database, close: () => database.close() };
  }
  const name = `shopdesk_t_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const database = await openDatabase({ url, poolSize: 5 });
  if (opts.migrate !== false) await migrate(database.db);
  return {
    db: database.db,
    database,
    url,
    close: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export const ADMIN_EMAIL = 'owner@test.shopdesk';
export const ADMIN_PASSWORD = 'owner-password-1';

export type TestServer = { server: Server; url: string; db: Db; config: Config; close(): Promise<void> };

/** A running ShopDesk on a random port with its own database and a first account (ADMIN_EMAIL). */
export async function startTestServer(opts: { clock?: Clock; env?: Record<string, string>; database?: TestDatabase } = {}): Promise<TestServer> {
  const tdb = opts.database ?? (await openTestDatabase());
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SHOPDESK_ADMIN_EMAIL: ADMIN_EMAIL,
    SHOPDESK_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SHOPDESK_ACCOUNT_NAME: '测试店铺',
    ...opts.env,
  } as NodeJS.ProcessEnv);
  const server = await startServer(config, { clock: opts.clock ?? systemClock, log: silentLog, database: tdb.database });
  return {
    server,
    url: server.url,
    db: tdb.db,
    config,
    close: async () => {
      await server.close();
      if (!opts.database) await tdb.close();
    },
  };
}

export type Response<T = any> = { status: number; body: T; headers: Headers };

/** A browser-like HTTP client: keeps the session cookie and sends the CSRF token it was given. */
export class TestClient {
  cookie = '';
  csrfToken = '';
  constructor(readonly baseUrl: string, public locale = 'zh-CN', public bearer?: string, public visitorToken?: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const h: Record<string, string> = { 'accept-language': this.locale, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') h['x-csrf-token'] = this.csrfToken;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.visitorToken) h['x-visitor-token'] = this.visitorToken;
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string' && parsed.csrfToken) this.csrfToken = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body?: unknown) { return this.request<T>('POST', path, body ?? {}); }
  patch<T = any>(path: string, body: unknown) { return this.request<T>('PATCH', path, body); }
  delete<T = any>(path: string) { return this.request<T>('DELETE', path); }

  async login(email: string, password: string): Promise<Response> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

export async function loginAs(url: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<TestClient> {
  const c = new TestClient(url);
  await c.login(email, password);
  return c;
}
