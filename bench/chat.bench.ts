// Chat speed: a real ShopDesk server in its own process, 1,000 shoppers on the widget socket and
// 50 agents on the workspace socket, on PostgreSQL (a fresh database) and on the embedded store.
//
//   A. saturate: every shopper keeps BENCH_IN_FLIGHT messages unacknowledged and sends the next as
//      soon as an ack comes back; acknowledged (= committed) messages a second.
//   B. paced: BENCH_RATE messages a second spread over the shoppers; the time from the shopper's
//      send to each agent socket's receipt of message.created, p50/p99 over every (message, agent).
//   C. idle: the busy shoppers leave and BENCH_IDLE shoppers open the widget and say nothing; the
//      server's resident memory (VmRSS of its process).
//   raw: in the same database, with the server stopped, plain INSERTs of message-shaped rows into a
//      bare table (no index, no constraint): batched (BENCH_RAW_BATCH rows a commit, 2 connections)
//      and single-row commits (16 connections).
//
// The shoppers' flood guards are raised for the run (SHOPDESK_WIDGET_MESSAGES_PER_10S, and the
// inbox's per-minute limits through PATCH /api/inboxes/:id): at their defaults 1,000 shoppers could
// not send 3,000 messages a second. Each shopper comes from its own address (X-Forwarded-For, with
// SHOPDESK_TRUST_PROXY), as the per-address limit on new sessions expects. The server and this
// process each hold BENCH_IDLE + ~1,100 sockets: `ulimit -n` must allow that (checked at start).
//
//   npm run bench -- chat
//   BENCH_STORES=postgres BENCH_SECONDS=10 BENCH_IDLE=0 npm run bench -- chat
//
// For looking into a run: BENCH_SERVER_OUTPUT=path (the server's log), BENCH_LATENCY_DUMP=path (the
// first agent's phase-B receipts), BENCH_SERVER_NODE_OPTIONS (e.g. --import a profiler) with
// BENCH_SIGNAL_SERVER=a|b (SIGUSR2 to the server at the start and end of that phase).
//
// Ends with one JSON line:
// {"pg_msgs_per_s","pg_p99_ms_at_500","embedded_msgs_per_s","raw_insert_per_s","idle_10k_rss_mb",
//  "ratio","raw_single_commit_per_s","pg_p50_ms_at_500","embedded_p50_ms_at_500","embedded_p99_ms_at_500"}.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type WebSocket from 'ws';
import { TestClient } from '../test/harness.ts';
import { startNode, type NodeProcess } from '../test/nodes.ts';
import { inParallel, openAgentSocket, openIdleSocket, openShopperSocket, percentile, type AgentSocket, type Shopper } from './chat-clients.ts';
import { measureRawInserts } from './chat-raw.ts';
import { cpuSampler, type CpuUse } from './chat-cpu.ts';
import { admin, databaseUrl, serverUrl } from './bench-db.ts';

const env = process.env;
const STORES = (env.BENCH_STORES ?? 'postgres,embedded').split(',').map((s) => s.trim());
const WIDGETS = Number(env.BENCH_WIDGETS ?? 1000);
const AGENTS = Number(env.BENCH_AGENTS ?? 50);
const IDLE = Number(env.BENCH_IDLE ?? 10_000);
const SATURATE_S = Number(env.BENCH_SECONDS ?? 20);
const PACED_S = Number(env.BENCH_PACED_SECONDS ?? 20);
const RATE = Number(env.BENCH_RATE ?? 500);
const IN_FLIGHT = Number(env.BENCH_IN_FLIGHT ?? 4);
const RAW_SECONDS = Number(env.BENCH_RAW_SECONDS ?? 10);
const RAW_BATCH = Number(env.BENCH_RAW_BATCH ?? 100);
const ADMIN = { email: 'owner@bench.shopdesk', password: 'bench-owner-password' };
const BODIES = ['请问这款玻尿酸面霜适合敏感肌吗？', '我昨天下的单，什么时候能发货？', '可以开发票吗，抬头写公司名称', '收到的口红颜色和图片不太一样', '会员积分怎么兑换赠品呀'];

const log = (line: string) => process.stderr.write(`chat: ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

/** CHECKPOINT on PostgreSQL (needs superuser or pg_checkpoint; without it the figures are a little noisier). */
async function checkpoint(url: string | undefined): Promise<void> {
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('checkpoint');
  } catch {
    // not allowed
  } finally {
    await client.end();
  }
}

/** A shopper's address: the flood guard on new sessions counts per address, as it would for real shoppers. */
const shopperAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function startShopperSessions(base: string, inboxId: string, from: number, count: number): Promise<string[]> {
  return inParallel(Array.from({ length: count }, (_, k) => from + k), 16, async (i) => {
    const res = await fetch(`${base}/api/widget/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': shopperAddress(i) },
      body: JSON.stringify({ inboxId, entry: { productName: '玻尿酸保湿面霜', pageUrl: `https://shop.example/p/${i % 97}` } }),
    });
    const body = (await res.json()) as { visitorToken?: string };
    if (res.status !== 200 || !body.visitorToken) throw new Error(`widget session ${i}: ${res.status} ${JSON.stringify(body)}`);
    return body.visitorToken;
  });
}

async function seedAgents(base: string, owner: TestClient, runTag: string): Promise<string[]> {
  return inParallel(Array.from({ length: AGENTS }, (_, i) => i), 4, async (i) => {
    const inv = await owner.post('/api/invitations', { email: `agent${i}-${runTag}@bench.shopdesk`, role: 'agent', name: `客服${i + 1}` });
    if (inv.status !== 201) throw new Error(`invite: ${inv.status} ${JSON.stringify(inv.body)}`);
    const agent = new TestClient(base);
    const accepted = await agent.post('/api/invitations/accept', { token: String(inv.body.inviteUrl).split('/invite/')[1], name: `客服${i + 1}`, password: 'bench-agent-password' });
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return agent.cookie;
  });
}

type StoreFigures = {
  msgs_per_s: number;
  delivered_per_s: number;
  ack_p50_ms_saturated: number;
  ack_p99_ms_saturated: number;
  p50_ms_at_rate: number;
  p99_ms_at_rate: number;
  max_ms_at_rate: number;
  ack_p99_ms_at_rate: number;
  delivered_share_at_rate: number;
  rss_busy_mb: number;
  idle_rss_mb?: number;
  idle_rss_before_mb?: number;
  cpu_saturated: CpuUse;
  cpu_at_rate: CpuUse;
};

async function runStore(store: 'postgres' | 'embedded', url: string | undefined, dataDir: string | undefined): Promise<StoreFigures> {
  const database = url ? new URL(url).pathname.slice(1) : undefined;
  const runTag = crypto.randomBytes(3).toString('hex');
  const nodeEnv: Record<string, string> = {
    SHOPDESK_ADMIN_EMAIL: ADMIN.email,
    SHOPDESK_ADMIN_PASSWORD: ADMIN.password,
    SHOPDESK_ACCOUNT_NAME: '花漾美妆（基准测试）',
    // Shoppers come from many addresses; the bench names them in X-Forwarded-For as a proxy would.
    SHOPDESK_TRUST_PROXY: 'true',
    // The per-shopper flood guard (20 messages / 10 s) would cap 1,000 shoppers at 2,000 messages/s.
    SHOPDESK_WIDGET_MESSAGES_PER_10S: '100000',
    LOG_LEVEL: 'warn',
    ...(env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: env.BENCH_SERVER_NODE_OPTIONS } : {}),
    ...(url ? { DATABASE_URL: url } : { DATABASE_URL: '', SHOPDESK_DATA_DIR: dataDir! }),
  };
  const node: NodeProcess = await startNode(nodeEnv, 120_000);
  const pid = node.child.pid!;
  const agents: AgentSocket[] = [];
  let shoppers: Shopper[] = [];
  const idle: WebSocket[] = [];
  try {
    log(`${store}: server pid ${pid} at ${node.url}, ${rssMb(pid).rss} MB`);
    const owner = new TestClient(node.url);
    await owner.login(ADMIN.email, ADMIN.password);
    const inboxes = await owner.get('/api/inboxes');
    const inboxId = (inboxes.body.items as Array<{ id: string; channel: string }>).find((i) => i.channel === 'web')!.id;
    // The inbox's own flood guards (per minute, all shoppers together) are set as a shop expecting this traffic would.
    const limits = await owner.patch(`/api/inboxes/${inboxId}`, { limits: { messagesPerMinute: 1_000_000, newVisitorsPerMinute: 1_000_000 } });
    if (limits.status !== 200) log(`${store}: could not raise the inbox limits: ${limits.status} ${JSON.stringify(limits.body)}`);

    let t = performance.now();
    const cookies = await seedAgents(node.url, owner, runTag);
    log(`${store}: ${AGENTS} agents signed in (${((performance.now() - t) / 1000).toFixed(1)} s)`);

    // Agent receipts: phase B's messages are "b-<seq>"; everything else is only counted.
    let phase: 'warm' | 'a' | 'b' = 'warm';
    const sentAt = new Float64Array(Math.max(1, RATE * PACED_S * 2));
    const receipts = new Uint8Array(sentAt.length);
    let latencies = new Float64Array(1 << 20);
    let nLatencies = 0;
    // Phase A is also counted as delivered: messages that reached the first agent's socket.
    let deliveredA = 0;
    // BENCH_LATENCY_DUMP=path: the first agent's receipts of phase B as "sent_at_ms latency_ms" lines.
    const latencyDump: string[] | null = env.BENCH_LATENCY_DUMP ? [] : null;
    const onClientId = (agent: number, clientId: string, at: number) => {
      if (agent === 0 && clientId.charCodeAt(6) === 97 /* a */) deliveredA++;
      if (phase !== 'b' || clientId.charCodeAt(6) !== 98 /* b */) return;
      const seq = Number(clientId.slice(8));
      if (!(seq < sentAt.length) || sentAt[seq] === 0) return;
      receipts[seq]++;
      if (agent === 0 && latencyDump) latencyDump.push(`${(sentAt[seq] - sentAt[0]).toFixed(1)} ${(at - sentAt[seq]).toFixed(1)}`);
      if (nLatencies === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[nLatencies++] = at - sentAt[seq];
    };
    // Outside phase B only the first agent's socket looks for client ids; the others count frames.
    for (const [k, cookie] of cookies.entries()) agents.push(await openAgentSocket(node.url, cookie, (clientId, at) => onClientId(k, clientId, at), () => k === 0 || phase === 'b'));
    log(`${store}: ${agents.length} agent sockets open`);

    t = performance.now();
    const tokens = await startShopperSessions(node.url, inboxId, 0, WIDGETS);
    log(`${store}: ${WIDGETS} shopper sessions (${((performance.now() - t) / 1000).toFixed(1)} s)`);

    let acked = 0;
    let errors = 0;
    const errorCodes = new Map<string, number>();
    let ackTimes = new Float64Array(1 << 20);
    let nAck = 0;
    const sendTimes = new Map<string, number>();
    let onAckPhase: (s: Shopper) => void = () => {};
    const events = {
      onAck: (s: Shopper, clientId: string, at: number) => {
        acked++;
        const started = sendTimes.get(clientId);
        if (started !== undefined) {
          sendTimes.delete(clientId);
          if (nAck === ackTimes.length) {
            const bigger = new Float64Array(ackTimes.length * 2);
            bigger.set(ackTimes);
            ackTimes = bigger;
          }
          ackTimes[nAck++] = at - started;
        }
        onAckPhase(s);
      },
      onError: (_s: Shopper, _clientId: string | null, code: string) => {
        errors++;
        errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
      },
    };
    t = performance.now();
    shoppers = await inParallel(tokens, 50, (token, i) => openShopperSocket(node.url, token, i, events));
    log(`${store}: ${shoppers.length} shopper sockets open (${((performance.now() - t) / 1000).toFixed(1)} s)`);

    let seq = 0;
    const send = (s: Shopper, prefix: string) => {
      const clientId = `bench-${prefix}-${seq++}`;
      sendTimes.set(clientId, performance.now());
      s.send(clientId, BODIES[seq % BODIES.length]);
      return clientId;
    };

    // Warm-up: each shopper's first message opens its conversation.
    t = performance.now();
    for (const s of shoppers) send(s, 'w');
    while (acked + errors < shoppers.length && performance.now() - t < 120_000) await sleep(20);
    log(`${store}: warm-up, ${acked} conversations opened (${((performance.now() - t) / 1000).toFixed(1)} s)${errors ? `, ${errors} errors` : ''}`);
    sendTimes.clear();

    // A: saturate. On PostgreSQL each measurement starts with a CHECKPOINT, as in demo-data: the
    // previous step's dirty pages are not flushed in the middle of it.
    await checkpoint(url);
    phase = 'a';
    acked = 0;
    nAck = 0;
    let running = true;
    onAckPhase = (s) => {
      if (running && s.inFlight < IN_FLIGHT) send(s, 'a');
    };
    const cpuA = cpuSampler(pid, database);
    for (const s of shoppers) while (s.inFlight < IN_FLIGHT) send(s, 'a');
    await sleep(2000);
    const a0 = acked;
    const d0 = deliveredA;
    const nAck0 = nAck;
    cpuA.start();
    // BENCH_SIGNAL_SERVER=a (or b): SIGUSR2 to the server at the start and the end of that phase (for a profiler preloaded there).
    if (env.BENCH_SIGNAL_SERVER === 'a') process.kill(pid, 'SIGUSR2');
    const aStart = performance.now();
    await sleep(SATURATE_S * 1000);
    const msgsPerSecond = (acked - a0) / ((performance.now() - aStart) / 1000);
    const deliveredPerSecond = (deliveredA - d0) / ((performance.now() - aStart) / 1000);
    const sentA = seq;
    if (env.BENCH_SIGNAL_SERVER === 'a') process.kill(pid, 'SIGUSR2');
    const cpu = cpuA.stop();
    const ackSlice = ackTimes.slice(nAck0, nAck);
    running = false;
    const drainStart = performance.now();
    while (shoppers.some((s) => s.inFlight > 0) && performance.now() - drainStart < 60_000) await sleep(20);
    const ackDrain = (performance.now() - drainStart) / 1000;
    // Everything acknowledged also reaches the agents before B starts: B measures B alone.
    const totalA = acked;
    while (deliveredA < totalA && performance.now() - drainStart < 120_000) await sleep(20);
    log(`${store}: A: ${sentA} sent, the last acks ${ackDrain.toFixed(1)} s after the window, all at the agents ${((performance.now() - drainStart) / 1000).toFixed(1)} s after it (${deliveredA} of ${totalA}); delivered to an agent during the window: ${Math.round(deliveredPerSecond)}/s`);
    log(`${store}: A saturated: ${Math.round(msgsPerSecond)} acknowledged msgs/s over ${SATURATE_S} s (in flight ${IN_FLIGHT}/shopper); ack p50 ${percentile(ackSlice, ackSlice.length, 50).toFixed(1)} ms p99 ${percentile(ackSlice, ackSlice.length, 99).toFixed(1)} ms; CPU (% of a core) server ${cpu.server}, postgres ${cpu.postgres}, load generator ${cpu.bench}, other ${cpu.other}; machine ${cpu.machine}% busy${errors ? `; errors ${JSON.stringify(Object.fromEntries(errorCodes))}` : ''}`);
    await sleep(1000);
    sendTimes.clear();

    // B: paced.
    await checkpoint(url);
    phase = 'b';
    nAck = 0;
    onAckPhase = () => {};
    let bSeq = 0;
    const total = RATE * PACED_S;
    const cpuB = cpuSampler(pid, database);
    cpuB.start();
    if (env.BENCH_SIGNAL_SERVER === 'b') process.kill(pid, 'SIGUSR2');
    const bStart = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - bStart) / 1000) * RATE));
        while (bSeq < due) {
          const s = shoppers[bSeq % shoppers.length];
          const clientId = `bench-b-${bSeq}`;
          const now = performance.now();
          sentAt[bSeq] = now;
          sendTimes.set(clientId, now);
          s.send(clientId, BODIES[bSeq % BODIES.length]);
          bSeq++;
        }
        if (bSeq >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    if (env.BENCH_SIGNAL_SERVER === 'b') process.kill(pid, 'SIGUSR2');
    const cpuAtRate = cpuB.stop();
    await sleep(3000);
    phase = 'warm';
    const expected = total * agents.length;
    let delivered = 0;
    for (let i = 0; i < total; i++) delivered += receipts[i];
    const p50 = percentile(latencies, nLatencies, 50);
    const p99 = percentile(latencies, nLatencies, 99);
    const max = percentile(latencies, nLatencies, 100);
    const ackP99 = percentile(ackTimes, nAck, 99);
    log(`${store}: B at ${RATE}/s for ${PACED_S} s: send→agent p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(0)} ms over ${nLatencies} receipts (${((delivered / expected) * 100).toFixed(2)}% of ${expected}); ack p99 ${ackP99.toFixed(1)} ms; CPU server ${cpuAtRate.server}, postgres ${cpuAtRate.postgres}, load generator ${cpuAtRate.bench}, other ${cpuAtRate.other}`);
    if (latencyDump) fs.writeFileSync(`${env.BENCH_LATENCY_DUMP}.${store}.txt`, latencyDump.join('\n'));
    const busy = rssMb(pid);
    log(`${store}: server RSS after load ${busy.rss} MB (peak ${busy.hwm} MB)`);

    const figures: StoreFigures = {
      msgs_per_s: Math.round(msgsPerSecond),
      delivered_per_s: Math.round(deliveredPerSecond),
      ack_p50_ms_saturated: round1(percentile(ackSlice, ackSlice.length, 50)),
      ack_p99_ms_saturated: round1(percentile(ackSlice, ackSlice.length, 99)),
      p50_ms_at_rate: round1(p50),
      p99_ms_at_rate: round1(p99),
      max_ms_at_rate: round1(max),
      ack_p99_ms_at_rate: round1(ackP99),
      delivered_share_at_rate: Number((delivered / expected).toFixed(4)),
      rss_busy_mb: busy.rss,
      cpu_saturated: cpu,
      cpu_at_rate: cpuAtRate,
    };

    log(`${store}: figures ${JSON.stringify(figures)}`);

    // C: idle shoppers, on PostgreSQL (the production store; the embedded one adds its own memory).
    if (store === 'postgres' && IDLE > 0) {
      for (const s of shoppers) s.ws.close();
      shoppers = [];
      await sleep(2000);
      const before = rssMb(pid);
      t = performance.now();
      const idleTokens = await startShopperSessions(node.url, inboxId, WIDGETS, IDLE);
      log(`${store}: ${IDLE} idle shopper sessions (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      t = performance.now();
      await inParallel(idleTokens, 100, async (token) => {
        idle.push(await openIdleSocket(node.url, token));
      });
      log(`${store}: ${idle.length} idle sockets open (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      await sleep(5000);
      const after = rssMb(pid);
      log(`${store}: C idle: server RSS ${before.rss} MB before the idle shoppers, ${after.rss} MB with ${idle.length} idle sockets and ${agents.length} agents (${(((after.rss - before.rss) * 1024) / idle.length).toFixed(1)} KB a socket)`);
      figures.idle_rss_before_mb = before.rss;
      figures.idle_rss_mb = after.rss;
    }
    return figures;
  } finally {
    if (env.BENCH_SERVER_OUTPUT) fs.writeFileSync(`${env.BENCH_SERVER_OUTPUT}.${store}.log`, node.output());
    const warnings = node.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    if (warnings.length) log(`${store}: the server logged ${warnings.length} warnings/errors; the first: ${warnings.slice(0, 3).join('\n')}`);
    for (const s of shoppers) s.ws.terminate();
    for (const ws of idle) ws.terminate();
    for (const a of agents) a.close();
    await node.stop();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The soft limit on open files of this process (the server, started from it, inherits it). */
function openFilesLimit(): number {
  const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === 'unlimited' || !soft ? Infinity : Number(soft);
}

async function main() {
  const needed = IDLE + WIDGETS + AGENTS + 500;
  if (openFilesLimit() < needed) throw new Error(`open files limit ${openFilesLimit()} < ${needed}: run \`ulimit -n ${needed}\` (or more) first`);
  log(`${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${WIDGETS} shoppers, ${AGENTS} agents, stores ${STORES.join(', ')}`);
  const out: Record<string, unknown> = {};
  let pgFigures: StoreFigures | undefined;
  let embeddedFigures: StoreFigures | undefined;
  let raw: Awaited<ReturnType<typeof measureRawInserts>> | undefined;

  if (STORES.includes('postgres')) {
    const name = `shopdesk_bench_${crypto.randomBytes(5).toString('hex')}`;
    const url = databaseUrl(name);
    await admin(`create database ${name}`);
    try {
      const version = await new pg.Client({ connectionString: url });
      await version.connect();
      log(`postgres: ${(await version.query('show server_version')).rows[0].server_version}, database ${name}`);
      await version.end();
      pgFigures = await runStore('postgres', url, undefined);
      log(`raw: message-shaped rows into a bare table, ${RAW_SECONDS} s each: ${RAW_BATCH} rows a commit on 2 connections, then single-row commits on 16`);
      raw = await measureRawInserts(url, { seconds: RAW_SECONDS, batchRows: RAW_BATCH });
      log(`raw: ${raw.batched_per_s} rows/s batched, ${raw.single_per_s} rows/s in single-row commits`);
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
    }
  }
  if (STORES.includes('embedded')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-bench-'));
    try {
      embeddedFigures = await runStore('embedded', undefined, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  out.pg_msgs_per_s = pgFigures?.msgs_per_s ?? null;
  out.pg_p99_ms_at_500 = pgFigures?.p99_ms_at_rate ?? null;
  out.embedded_msgs_per_s = embeddedFigures?.msgs_per_s ?? null;
  out.raw_insert_per_s = raw?.batched_per_s ?? null;
  out.idle_10k_rss_mb = pgFigures?.idle_rss_mb ?? null;
  out.ratio = pgFigures && raw ? Number((pgFigures.msgs_per_s / raw.batched_per_s).toFixed(3)) : null;
  out.raw_single_commit_per_s = raw?.single_per_s ?? null;
  out.pg_p50_ms_at_500 = pgFigures?.p50_ms_at_rate ?? null;
  out.embedded_p50_ms_at_500 = embeddedFigures?.p50_ms_at_rate ?? null;
  out.embedded_p99_ms_at_500 = embeddedFigures?.p99_ms_at_rate ?? null;
  if (RATE !== 500) out.rate = RATE;
  console.log(JSON.stringify(out));
}

await main();
