import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { buildApp } from './http/app.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { OutboxDispatcher } from './platform/events.ts';
import { defineJob, JobWorker } from './platform/jobs.ts';
import { createLogger } from './platform/logger.ts';
import { secretBoxFor, SECRET_KEY_FILE, useSecretBox } from './platform/secrets.ts';
import { Scheduler, type Schedule } from './platform/scheduler.ts';
import { pruneHousekeeping } from './platform/housekeeping.ts';
import { Realtime } from './realtime/realtime.ts';
import { closeAllSockets } from './realtime/gateway.ts';
import { ensureFirstAccount, type FirstLogin } from './bootstrap.ts';
import { registerAccountsEventHandlers } from './modules/accounts/index.ts';
import { drainMessageWrites, ensureDefaultInbox, onAgentRecontact, onConversationsArrived, queueSearchBackfill, registerConversationsEventHandlers, registerWorkspaceJobs, setMessageWriteConcurrency, WORKSPACE_SCHEDULES } from './modules/conversations/index.ts';
import { registerRoutingEventHandlers, registerRoutingJobs, routeArrived, ROUTING_SCHEDULES, startRoutingTicker } from './modules/routing/index.ts';
import { registerOrdersJobs } from './modules/orders/index.ts';
import { registerEmailChannelHandlers, sealStoredSmtpPasswords } from './modules/channels/email/index.ts';
import { assertMayContact, type StartChannel } from './modules/customers/consent/index.ts';
import { LOYALTY_SCHEDULES, registerLoyaltyEventHandlers, registerLoyaltyJobs } from './modules/customers/loyalty.ts';
import { DUPLICATE_SCHEDULES, registerDuplicateJobs } from './modules/customers/merge/index.ts';
import { registerNotificationHandlers, registerNotificationJobs, registerTicketsEventHandlers, registerTicketsJobs, TICKETS_SCHEDULES } from './modules/tickets/index.ts';

export type Server = {
  app: FastifyInstance;
  database: Database;
  realtime: Realtime;
  worker?: JobWorker;
  dispatcher?: OutboxDispatcher;
  scheduler?: Scheduler;
  firstLogin: FirstLogin | null;
  url: string;
  log: Logger;
  close(): Promise<void>;
};

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize })
    : openDatabase({ dataDir: config.dataDir });
}

/** Accounts made before conversations existed, or by older tools, get their web inbox at start. */
async function ensureInboxes(db: Database['db']): Promise<void> {
  const lacking = await db
    .selectFrom('accounts')
    .select('id')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('inboxes').select('inboxes.id').whereRef('inboxes.account_id', '=', 'accounts.id').where('inboxes.channel', '=', 'web'))))
    .execute();
  for (const a of lacking) await ensureDefaultInbox(db, a.id);
}

/**
 * The key secrets at rest are sealed with. Nodes sharing a PostgreSQL database must share it too,
 * which a key file made in each node's own data directory would not be.
 */
function setUpSecretKey(config: Config, database: Database, log: Logger): void {
  useSecretBox(secretBoxFor({ key: config.secretKey, dataDir: config.dataDir }));
  if (database.kind === 'postgres' && !config.secretKey) {
    log.warn({ keyFile: path.join(config.dataDir, SECRET_KEY_FILE) }, 'SHOPDESK_SECRET_KEY is not set: secrets are sealed with this node’s own key file; on several nodes set the same SHOPDESK_SECRET_KEY on all of them');
  }
}

/** Opens the database, migrates, and starts the roles this process is asked for. */
export async function startServer(config: Config, opts: { clock?: Clock; log?: Logger; database?: Database; listen?: boolean } = {}): Promise<Server> {
  const log = opts.log ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const database = opts.database ?? (await openConfiguredDatabase(config));
  let shuttingDown = false;
  try {
    const migrated = await migrate(database.db);
    if (migrated.applied.length) log.info({ applied: migrated.applied }, 'database migrated');
    const firstLogin = await ensureFirstAccount({ db: database.db, clock, log, config });
    await ensureInboxes(database.db);
    setUpSecretKey(config, database, log);
    // Sealing needs the key, which SQL migrations do not have: passwords saved plain are sealed here, once.
    await sealStoredSmtpPasswords(database.db, log);

    // Group commit of chat messages: the embedded store has one session; PostgreSQL overlaps a few commits.
    setMessageWriteConcurrency(database.db, database.kind === 'embedded' ? 1 : Math.max(1, Math.min(4, Math.floor(config.databasePoolSize / 2))));

    // A new chat is placed with an agent in the transaction that stores its first message.
    onConversationsArrived(routeArrived);
    // An agent writing again in a resolved conversation is held to the contact window and consent (seed 001).
    onAgentRecontact((ctx, c) => assertMayContact(ctx, c.customerId, c.channel as StartChannel));

    const realtime = new Realtime({ redisUrl: config.redisUrl, log });
    await realtime.start();

    const app = await buildApp({ config, database, clock, log, realtime, isShuttingDown: () => shuttingDown });
    let worker: JobWorker | undefined;
    let dispatcher: OutboxDispatcher | undefined;
    let scheduler: Scheduler | undefined;
    let stopRoutingTicker: (() => void) | undefined;
    if (config.roles.includes('worker')) {
      registerAccountsEventHandlers();
      // Routing first: a new conversation is placed before the workspace hears of it, so the first
      // frame already carries its agent.
      registerRoutingEventHandlers();
      registerConversationsEventHandlers();
      registerEmailChannelHandlers();
      registerLoyaltyEventHandlers();
      registerTicketsEventHandlers();
      defineJob('platform.maintain-database', async () => {
        await database.maintain();
        return { store: database.kind };
      });
      defineJob('platform.housekeeping', async (job) => pruneHousekeeping(database.db, job.clock.now()));
      registerWorkspaceJobs();
      registerRoutingJobs();
      registerOrdersJobs();
      registerLoyaltyJobs();
      registerDuplicateJobs();
      registerNotificationHandlers();
      registerNotificationJobs({ publicUrl: config.publicUrl });
      registerTicketsJobs();
      await queueSearchBackfill(database.db, clock);
      worker = new JobWorker({ db: database.db, log, clock, concurrency: database.kind === 'embedded' ? 1 : 4, store: database.kind });
      dispatcher = new OutboxDispatcher({ db: database.db, log, clock, publish: (msg) => realtime.publish(msg) });
      worker.start();
      dispatcher.start();
      stopRoutingTicker = startRoutingTicker({ db: database.db, clock, log, publish: (msg) => realtime.publish(msg), everyMs: config.routingTickMs });
    }
    if (config.roles.includes('scheduler')) {
      const schedules: Schedule[] = [{ name: 'housekeeping', cron: '40 4 * * *', job: 'platform.housekeeping' }];
      schedules.push({ name: 'maintain-database', cron: config.vacuumCron, job: 'platform.maintain-database' });
      schedules.push(...WORKSPACE_SCHEDULES, ...ROUTING_SCHEDULES);
      schedules.push(...LOYALTY_SCHEDULES, ...DUPLICATE_SCHEDULES);
      schedules.push(...TICKETS_SCHEDULES);
      scheduler = new Scheduler({ db: database.db, log, clock, nodeId: worker?.nodeId ?? `${process.pid}`, schedules });
      scheduler.start();
    }

    let url = '';
    if (config.roles.includes('web') && opts.listen !== false) {
      url = await app.listen({ port: config.port, host: config.host });
      url = url.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    } else {
      await app.ready();
    }

    /**
     * Graceful shutdown (SIGTERM): /readyz answers 503 at once so a load balancer stops sending;
     * sockets are closed with 1012 (service restart), so clients reconnect (to another node) and send
     * again what was not acknowledged; requests in flight finish while new ones get 503; every
     * message handed to the writer is committed before the database closes; running jobs get a
     * few seconds and are then handed back to the queue, their attempt not counted.
     */
    const close = async () => {
      if (shuttingDown) return;
      shuttingDown = true;
      scheduler?.stop();
      stopRoutingTicker?.();
      const started = Date.now();
      const step = (what: string) => log.info({ ms: Date.now() - started }, `shutdown: ${what}`);
      closeAllSockets(app);
      await app.close();
      step('requests finished');
      if (!(await drainMessageWrites(database.db))) log.warn('shutdown: message writes still in flight after 10 s');
      step('message writes committed');
      await Promise.all([worker?.stop({ graceMs: config.jobGraceMs }), dispatcher?.stop()]);
      step('jobs finished or handed back');
      await realtime.stop();
      if (!opts.database) await database.close();
      step('database closed');
    };
    return { app, database, realtime, worker, dispatcher, scheduler, firstLogin, url, log, close };
  } catch (err) {
    if (!opts.database) await database.close().catch(() => {});
    throw err;
  }
}
