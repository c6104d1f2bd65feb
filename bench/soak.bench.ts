// Soak: a ShopDesk server in its own process under a steady, mixed, realistic load for
// SOAK_MINUTES, sampled every minute; does its memory stay flat, and its p99?
//
// The shop: SOAK_AGENTS agents signed in with their workspace socket open, SOAK_BUYERS customers
// with names and phones (made by their first orders through the API). The load, at a fixed total
// of SOAK_RATE operations a second (open loop: started on time whatever the answers' speed):
//   84%  shopper visits: POST /api/widget/v1/sessions, the widget socket, 4 messages 6 s apart
//        over the socket (each until its ack); per visit an agent opens the conversation (its
//        messages and customer panel), answers each message 1.5 s after its ack over REST, and
//        resolves the conversation 2 s after the shopper left: 13 operations a visit;
//    9%  agents listing conversations (mine / all / unassigned, open);
//  4.5%  agents searching customers (a name's start, a phone's last 4 digits, a whole phone);
//    1%  agents searching messages;
//  1.5%  orders from the shop's connector (POST /api/orders, one paid order of a known buyer).
// Each shopper comes from its own address (X-Forwarded-For, with SHOPDESK_TRUST_PROXY); every
// flood guard stays at its default. Realtime goes through Redis when it answers.
//
// Every minute: the server's RSS (/proc/<pid>/status) and, from its /metrics, the V8 heap, the
// event loop lag and open handles; p50/p99 of the requests that completed in the minute, and of
// the message round trip (the shopper's send → the first agent socket hearing message.created),
// and of the reply's way back (the agent's POST → the shopper's socket); errors (non-2xx, error
// frames, timeouts, messages no agent heard within 30 s, starts skipped because the load
// generator fell behind). A light raw probe runs beside the load (SOAK_PROBE_RATE plain
// INSERT + SELECT round trips a second on PostgreSQL): what the machine gives anyone that minute.
// After the soak, with the server stopped, the raw limit at the soak's own rate (SOAK_RAW_SECONDS).
//
//   npm run bench -- soak
//   SOAK_MINUTES=1 SOAK_RATE=20 npm run bench -- soak
//   BENCH_STORE=embedded npm run bench -- soak
//
// Environment: BENCH_DATABASE_URL (the PostgreSQL server; a fresh database shopdesk_bench_soak_<hex>
// is made there and dropped at the end), BENCH_STORE=postgres|embedded, BENCH_REDIS_URL ('none':
// without Redis), SOAK_MINUTES (10), SOAK_RATE (30), SOAK_AGENTS (10), SOAK_BUYERS (2000),
// SOAK_WARMUP_MINUTES (2: left out of the memory slope), SOAK_PROBE_RATE (2), SOAK_RAW_SECONDS (60),
// SOAK_SERVER_OUTPUT=path (the server's log), SOAK_HEAP_SNAPSHOTS=dir (the server writes a heap
// snapshot there at the end of the warm-up and once the load has stopped).
//
// Ends with one JSON line: {"minutes","rate_per_s","requests","errors","rss_mb_first","rss_mb_last",
// "rss_growth_pct","rss_slope_mb_per_min_after_warmup","p99_ms_first_minute","p99_ms_second_minute",
// "p99_ms_last_minute","p99_drift_pct","raw_pg_p99_ms","ratio_p99", …}.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TestClient } from '../test/harness.ts';
import { startNode, type NodeProcess } from '../test/nodes.ts';
import { openAgentSocket, type AgentSocket } from './chat-clients.ts';
import { cpuSampler } from './chat-cpu.ts';
import { openShopperSocket, pace, sleep } from './soak-clients.ts';
import { createRawTable, dropRawTable, measureRaw, pacedRaw } from './soak-raw.ts';
import { figures, HEADER, rowLine, type Row } from './soak-report.ts';
import { sampleDatabase, sampleServer } from './soak-server.ts';
import { buyer, customerQuery, orderOf, random, redisAnswers, seedAgents, seedBuyers } from './soak-setup.ts';
import { MinuteLog, pct, round1, type Minute } from './soak-stats.ts';
import { admin, databaseUrl, serverUrl } from './bench-db.ts';

const env = process.env;
const STORE = env.BENCH_STORE === 'embedded' ? 'embedded' : 'postgres';
const REDIS = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MINUTES = Number(env.SOAK_MINUTES ?? 10);
const RATE = Number(env.SOAK_RATE ?? 30);
const AGENTS = Number(env.SOAK_AGENTS ?? 10);
const BUYERS = Number(env.SOAK_BUYERS ?? 2000);
const WARMUP = Number(env.SOAK_WARMUP_MINUTES ?? 2);
const PROBE_RATE = Number(env.SOAK_PROBE_RATE ?? 2);
const RAW_SECONDS = Number(env.SOAK_RAW_SECONDS ?? 60);
const MESSAGES_PER_VISIT = 4;
const OPS_PER_VISIT = 5 + 2 * MESSAGES_PER_VISIT; // session, socket, open (2), resolve; sends and replies
const MESSAGE_GAP_MS = 6000;
const THINK_MS = 1500;
const ADMIN = { email: 'owner@soak.shopdesk', password: 'soak-owner-password' };
const BODIES = ['请问这款玻尿酸面霜适合敏感肌吗？', '我昨天下的单，什么时候能发货？', '可以开发票吗，抬头写公司名称', '收到的口红颜色和图片不太一样', '会员积分怎么兑换赠品呀', '满300减50的活动还有吗'];
const SEARCH_WORDS = ['发货', '发票', '积分', '口红', '面霜', '活动'];

const log = (line: string) => process.stderr.write(`soak: ${line}\n`);

async function soak(url: string | undefined, dataDir: string, database: string | undefined) {
  const tag = crypto.randomBytes(3).toString('hex');
  const redis = REDIS !== 'none' && (await redisAnswers(REDIS)) ? REDIS : undefined;
  const snapshots = env.SOAK_HEAP_SNAPSHOTS ? path.resolve(env.SOAK_HEAP_SNAPSHOTS) : undefined;
  if (snapshots) fs.mkdirSync(snapshots, { recursive: true });
  const node: NodeProcess = await startNode({
    SHOPDESK_ADMIN_EMAIL: ADMIN.email,
    SHOPDESK_ADMIN_PASSWORD: ADMIN.password,
    SHOPDESK_ACCOUNT_NAME: '花漾美妆（长稳测试）',
    SHOPDESK_TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    // Files (attachments, the key file) go to a directory of the run's own, on PostgreSQL too.
    SHOPDESK_DATA_DIR: dataDir,
    ...(url ? { DATABASE_URL: url } : { DATABASE_URL: '' }),
    ...(redis ? { REDIS_URL: redis } : {}),
    ...(snapshots ? { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}` } : {}),
  }, 120_000);
  const pid = node.child.pid!;
  const pool = url ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
  const agentSockets: AgentSocket[] = [];
  const shoppers = new Set<{ close(): void }>();
  try {
    log(`server pid ${pid} at ${node.url} (${STORE}${redis ? `, realtime over ${redis}` : ', no Redis'}), ${(await sampleServer(pid, node.url)).rssMb} MB`);
    const owner = new TestClient(node.url);
    await owner.login(ADMIN.email, ADMIN.password);
    const inboxId = ((await owner.get('/api/inboxes')).body.items as Array<{ id: string; channel: string }>).find((i) => i.channel === 'web')!.id;
    const token = await owner.post('/api/api-tokens', { name: '订单对接程序（长稳测试）', role: 'admin' });
    if (token.status !== 201) throw new Error(`API token: ${token.status} ${JSON.stringify(token.body)}`);
    const connector = new TestClient(node.url, 'zh-CN', token.body.secret);
    let t = performance.now();
    const agents = await seedAgents(node.url, owner, AGENTS, tag);
    await seedBuyers(connector, BUYERS, tag);
    log(`${AGENTS} agents signed in, ${BUYERS} customers with a first order (${((performance.now() - t) / 1000).toFixed(1)} s)`);

    const minutes = new MinuteLog();
    // Round trips: the shopper's send time by client id, until the first agent's socket hears it.
    const sentAt = new Map<string, number>();
    const replySentAt = new Map<string, number>();
    const onAgentFrame = (clientId: string, at: number) => {
      const sent = sentAt.get(clientId);
      if (sent === undefined) return;
      sentAt.delete(clientId);
      minutes.current.roundTrip.push(at - sent);
    };
    for (const [k, a] of agents.entries()) agentSockets.push(await openAgentSocket(node.url, a.client.cookie, k === 0 ? onAgentFrame : () => {}, () => k === 0));
    log(`${agentSockets.length} agent sockets open`);

    const rnd = random(42);
    const agentFor = (n: number) => agents[n % agents.length].client;
    /** Times one HTTP request; anything but the expected status counts as an error. */
    const http = async <R extends { status: number }>(kind: string, call: () => Promise<R>, ok = [200, 201]): Promise<R | null> => {
      const started = performance.now();
      try {
        const res = await call();
        if (ok.includes(res.status)) minutes.request(kind, performance.now() - started);
        else minutes.error(kind, `http_${res.status}`);
        return res;
      } catch (err) {
        minutes.error(kind, (err as Error).name || 'exception');
        return null;
      }
    };

    const visit = async (n: number) => {
      const agent = agentFor(n);
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const session = await http('widget.session', async () => {
        const res = await fetch(`${node.url}/api/widget/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ inboxId, entry: { productName: '玻尿酸保湿面霜', pageUrl: `https://shop.example/p/${n % 97}` } }) });
        return { status: res.status, body: (await res.json()) as { visitorToken?: string } };
      });
      const visitorToken = session?.status === 200 ? session.body.visitorToken : undefined;
      if (!visitorToken) return;
      let repliesHeard = 0;
      const onReply = (clientId: string, at: number) => {
        const sent = replySentAt.get(clientId);
        if (sent === undefined) return;
        replySentAt.delete(clientId);
        repliesHeard++;
        minutes.current.replyRoundTrip.push(at - sent);
      };
      const connectStart = performance.now();
      let shopper;
      try {
        shopper = await openShopperSocket(node.url, visitorToken, onReply);
        minutes.request('widget.connect', performance.now() - connectStart);
      } catch (err) {
        minutes.error('widget.connect', (err as Error).message.slice(0, 40));
        return;
      }
      shoppers.add(shopper);
      const replies: Promise<unknown>[] = [];
      let conversationId: string | undefined;
      let repliesSent = 0;
      for (let k = 0; k < MESSAGES_PER_VISIT; k++) {
        if (k > 0) await sleep(MESSAGE_GAP_MS);
        const clientId = `s-${tag}-${n}-${k}`;
        const started = performance.now();
        sentAt.set(clientId, started);
        try {
          const ack = await shopper.send(clientId, BODIES[(n + k) % BODIES.length]);
          minutes.request('widget.send', ack.at - started);
          const id = (conversationId = ack.conversationId);
          if (k === 0) {
            // The agent opens the conversation: its messages and the customer panel.
            replies.push(http('agent.open_messages', () => agent.get(`/api/conversations/${id}/messages`)));
            replies.push(http('agent.open_customer', () => agent.get(`/api/conversations/${id}/customer`)));
          }
          replies.push(sleep(THINK_MS).then(() => {
            const replyId = `a-${tag}-${n}-${k}`;
            replySentAt.set(replyId, performance.now());
            repliesSent++;
            return http('agent.reply', () => agent.post(`/api/conversations/${id}/messages`, { clientId: replyId, body: `您好，${BODIES[(n + k) % BODIES.length].slice(0, 6)}……这边帮您查一下，请稍等～` }), [201]);
          }));
        } catch (err) {
          sentAt.delete(clientId);
          minutes.error('widget.send', (err as Error).message.slice(0, 40));
        }
      }
      await Promise.all(replies);
      for (const until = performance.now() + 10_000; repliesHeard < repliesSent && performance.now() < until; ) await sleep(50);
      shopper.close();
      shoppers.delete(shopper);
      if (!conversationId) return;
      await sleep(2000);
      const id = conversationId;
      await http('agent.resolve', () => agent.post(`/api/conversations/${id}/resolve`));
    };

    const views = ['view=mine&status=open', 'view=mine&status=open', 'view=all&status=open', 'view=unassigned&status=open'];
    const list = async (n: number) => void (await http('agent.list', () => agentFor(n).get(`/api/conversations?${views[n % views.length]}`)));
    const searchCustomers = async (n: number) => void (await http('agent.search_customers', () => agentFor(n).get(`/api/customers?q=${encodeURIComponent(customerQuery(rnd, BUYERS))}`)));
    const searchMessages = async (n: number) => void (await http('agent.search_messages', () => agentFor(n).get(`/api/conversations/search?q=${encodeURIComponent(SEARCH_WORDS[n % SEARCH_WORDS.length])}`)));
    const order = async (n: number) => void (await http('orders.post', () => connector.post('/api/orders', { orders: [orderOf(n, buyer(Math.floor(rnd() * BUYERS)), tag, rnd)] })));

    // The raw probe beside the load (PostgreSQL only: a table of the bench's own in the same database).
    let probe: ReturnType<typeof pacedRaw> | undefined;
    if (url && PROBE_RATE > 0) {
      await createRawTable(url);
      probe = pacedRaw(url, PROBE_RATE, 1, (ms) => minutes.current.rawProbe.push(ms), () => minutes.error('raw.probe', 'error'));
    }
    const skip = (kind: string) => () => minutes.error(kind, 'skipped_behind');
    const pacers = [
      pace((RATE * 0.84) / OPS_PER_VISIT, 1000, visit, skip('visit')),
      pace(RATE * 0.09, 200, list, skip('agent.list')),
      pace(RATE * 0.045, 200, searchCustomers, skip('agent.search_customers')),
      pace(RATE * 0.01, 200, searchMessages, skip('agent.search_messages')),
      pace(RATE * 0.015, 200, order, skip('orders.post')),
    ];
    log(`load: ${RATE} operations/s for ${MINUTES} min: ${((RATE * 0.84) / OPS_PER_VISIT).toFixed(2)} shopper visits/s (${((RATE * 0.84 * MESSAGES_PER_VISIT) / OPS_PER_VISIT).toFixed(1)} messages/s and as many replies), ${(RATE * 0.09).toFixed(2)} lists/s, ${(RATE * 0.045).toFixed(2)} customer searches/s, ${(RATE * 0.01).toFixed(2)} message searches/s, ${(RATE * 0.015).toFixed(2)} orders/s; raw probe ${probe ? `${PROBE_RATE}/s` : 'off'}`);
    process.stderr.write(`${HEADER}\n`);

    const rows: Row[] = [];
    const soakStart = performance.now();
    const memory = setInterval(() => {
      void sampleServer(pid, node.url).then((s) => {
        minutes.current.rssSamples.push(s.rssMb);
        if (s.heapUsedMb !== null) minutes.current.heapSamples.push(s.heapUsedMb);
      }, () => {});
    }, 5000);
    let cpu = cpuSampler(pid, database);
    cpu.start();
    for (let m = 1; m <= MINUTES; m++) {
      await sleep(soakStart + m * 60_000 - performance.now());
      // A message no agent heard within 30 s is lost for this purpose: an error of its minute.
      const now = performance.now();
      for (const [id, at] of sentAt) if (now - at > 30_000) {
        sentAt.delete(id);
        minutes.error('roundtrip', 'not_heard_30s');
      }
      for (const [id, at] of replySentAt) if (now - at > 30_000) replySentAt.delete(id);
      const minute = minutes.roll();
      const cpuUse = cpu.stop();
      cpu = cpuSampler(pid, database);
      cpu.start();
      const [server, db] = await Promise.all([sampleServer(pid, node.url), pool ? sampleDatabase(pool) : Promise.resolve(null)]);
      const row: Row = { minute, server, db, cpu: cpuUse, achievedPerS: minute.requests.length / 60 };
      rows.push(row);
      process.stderr.write(`${rowLine(row)}\n`);
      if (snapshots && m === WARMUP && m < MINUTES) process.kill(pid, 'SIGUSR2');
    }
    clearInterval(memory);
    await Promise.all(pacers.map((p) => p.stop(30_000)));
    await probe?.stop();
    const leftover = minutes.current;
    if (snapshots) {
      await sleep(5000);
      process.kill(pid, 'SIGUSR2');
      await sleep(15_000);
      log(`heap snapshots in ${snapshots}: ${fs.readdirSync(snapshots).join(', ')}`);
    }
    const after = await sampleServer(pid, node.url);
    log(`load stopped; ${leftover.requests.length} requests finished after the last minute (${leftover.errors} errors); server RSS ${after.rssMb} MB (peak ${after.hwmMb} MB), heap ${after.heapUsedMb} MB, ${after.handles} handles, ${after.openFds} fds`);
    const db = rows[rows.length - 1]?.db;
    if (db) log(`database at the end: ${db.sizeMb} MB, ${db.conversations} conversations (${db.openConversations} open), ${db.messages} messages, ${db.outboxPending} outbox events pending`);
    const kinds = [...new Set(rows.flatMap((r) => [...r.minute.byKind.keys()]))].sort();
    const byKind = (m: Minute) => kinds.map((k) => `${k} ${m.byKind.get(k)?.length ?? 0}×p99 ${round1(pct(m.byKind.get(k) ?? [], 99)) ?? '—'}`).join(', ');
    log(`by kind, minute 1: ${byKind(rows[0].minute)}`);
    if (rows.length > 1) log(`by kind, minute ${rows.length}: ${byKind(rows[rows.length - 1].minute)}`);
    const errorKinds = new Map<string, number>();
    for (const r of rows) for (const [k, n] of r.minute.errorsByKind) errorKinds.set(k, (errorKinds.get(k) ?? 0) + n);
    if (errorKinds.size) log(`errors by kind: ${JSON.stringify(Object.fromEntries(errorKinds))}`);
    return { rows, after };
  } finally {
    if (env.SOAK_SERVER_OUTPUT) fs.writeFileSync(env.SOAK_SERVER_OUTPUT, node.output());
    const warnings = node.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    if (warnings.length) log(`the server logged ${warnings.length} warnings/errors; the first: ${warnings.slice(0, 3).join('\n')}`);
    for (const s of shoppers) s.close();
    for (const a of agentSockets) a.close();
    await node.stop();
    await pool?.end();
  }
}

async function main() {
  log(`${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-soak-'));
  try {
    if (STORE === 'embedded') {
      const { rows } = await soak(undefined, dataDir, undefined);
      console.log(JSON.stringify(figures(rows, null, { store: STORE, rate: RATE, warmupMinutes: WARMUP })));
      return;
    }
    const name = `shopdesk_bench_soak_${crypto.randomBytes(4).toString('hex')}`;
    const url = databaseUrl(name);
    await admin(`create database ${name}`);
    try {
      const probe = new pg.Client({ connectionString: url });
      await probe.connect();
      log(`PostgreSQL ${(await probe.query('show server_version')).rows[0].server_version}, database ${name}`);
      await probe.end();
      const { rows } = await soak(url, dataDir, name);
      log(`raw: plain INSERT … RETURNING + SELECT round trips at ${RATE}/s for ${RAW_SECONDS} s on 4 connections, server stopped`);
      await createRawTable(url);
      const raw = await measureRaw(url, RATE, RAW_SECONDS);
      await dropRawTable(url);
      log(`raw: ${raw.samples.length} round trips, p50 ${round1(pct(raw.samples, 50))} ms, p99 ${round1(pct(raw.samples, 99))} ms${raw.errors ? `, ${raw.errors} errors` : ''}`);
      console.log(JSON.stringify(figures(rows, raw, { store: STORE, rate: RATE, warmupMinutes: WARMUP })));
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
    }
  } finally {
    log(`load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
