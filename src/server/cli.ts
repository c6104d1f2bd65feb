import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, parseRoles } from './platform/config.ts';
import { createLogger } from './platform/logger.ts';
import { systemClock } from './platform/clock.ts';
import { migrate } from './db/migrator.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { SecretKeyError } from './platform/secrets.ts';

// The server's modules are loaded by the commands that use them, so that help, backup and restore
// start in a second instead of loading the whole server first.
const serverModules = () => Promise.all([import('./main.ts'), import('./bootstrap.ts'), import('./modules/accounts/index.ts'), import('./web-build.ts'), import('./modules/conversations/index.ts')]);

const HELP = `ShopDesk 店服 — customer service and CRM for online shops

Usage: shopdesk <command> [options]

Commands:
  serve [--roles web,worker,scheduler]   run the server (default: all roles)
  migrate                                apply pending database migrations
  create-admin --email E --password P [--account NAME] [--name NAME]
                                         create an account with its owner
  seed --demo [--seed N] [--customers N] [--orders N] [--account ID] [--force]
                                         fill an account with a realistic demo shop
                                         (--force replaces its customers, orders and their chats)
  reindex-search [--all]                 fill the search words of messages that have none
                                         (--all: of every message, after a segmentation change)
  backup [--out FILE]                    write the embedded database and its secret key to one
                                         file (ShopDesk stopped; on PostgreSQL: prints pg_dump use)
  restore FILE [--force]                 restore such a file into SHOPDESK_DATA_DIR and migrate it
                                         (--force: move the data already there aside first)
  help                                   show this text

Configuration comes from the environment: see README.md.`;

export async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'migrate':
        return await migrateCommand();
      case 'create-admin':
        return await createAdmin(rest);
      case 'reindex-search':
        return await reindexSearchCommand(rest);
      case 'backup': {
        const { backupCommand } = await import('./db/backup.command.ts');
        return await backupCommand(rest);
      }
      case 'restore': {
        const { restoreCommand } = await import('./db/backup.command.ts');
        return await restoreCommand(rest);
      }
      case 'seed': {
        const { seedCommand } = await import('./demo/seed.command.ts');
        return await seedCommand(rest);
      }
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return;
      default:
        console.error(`Unknown command "${command}".\n\n${HELP}`);
        process.exitCode = 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof SecretKeyError) {
      console.error(`shopdesk: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

async function serve(args: string[]) {
  const [{ startServer }, { printFirstLogin }, , { ensureWebBuilt }] = await serverModules();
  const { values } = parseArgs({ args, options: { roles: { type: 'string' } } });
  const config = loadConfig(process.env, values.roles ? { roles: parseRoles(values.roles) } : {});
  if (config.roles.includes('web')) await ensureWebBuilt();
  const server = await startServer(config);
  server.log.info({ url: server.url, roles: config.roles, database: server.database.kind }, 'ShopDesk started');
  if (server.database.kind === 'embedded') {
    server.log.info({ dataDir: config.dataDir }, 'embedded database: survives a killed process but not power loss; use PostgreSQL (DATABASE_URL) in production');
  }
  if (server.firstLogin) printFirstLogin(server.firstLogin, server.url || `http://localhost:${config.port}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down: finishing requests and jobs');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function reindexSearchCommand(args: string[]) {
  const [{ openConfiguredDatabase }, , , , { reindexSearch }] = await serverModules();
  const { values } = parseArgs({ args, options: { all: { type: 'boolean' } } });
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database.db);
    const { indexed } = await reindexSearch(database.db, { all: values.all, batch: 1000, onProgress: (n) => process.stdout.write(`\rIndexed ${n} messages…`) });
    console.log(`${indexed ? '\n' : ''}Search words filled for ${indexed} message${indexed === 1 ? '' : 's'}.`);
  } finally {
    await database.close();
  }
}

async function migrateCommand() {
  const [{ openConfiguredDatabase }] = await serverModules();
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const result = await migrate(database.db);
    console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'The database is up to date.');
    console.log(`Schema version ${result.current} (${database.kind}).`);
  } finally {
    await database.close();
  }
}

async function createAdmin(args: string[]) {
  const [{ openConfiguredDatabase }, , { createAccountWithOwner }, , { ensureDefaultInbox }] = await serverModules();
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' }, account: { type: 'string' }, name: { type: 'string' } } });
  const config = loadConfig();
  const email = values.email ?? config.adminEmail;
  const password = values.password ?? config.adminPassword;
  if (!email || !password) {
    console.error('create-admin needs --email and --password (or SHOPDESK_ADMIN_EMAIL and SHOPDESK_ADMIN_PASSWORD).');
    process.exitCode = 2;
    return;
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database.db);
    const log = createLogger('warn');
    const { accountId, user } = await createAccountWithOwner({ db: database.db, clock: systemClock, log }, { accountName: values.account ?? config.accountName, email, password, name: values.name });
    await ensureDefaultInbox(database.db, accountId);
    console.log(`Created account ${accountId} with owner ${user.email} (${user.id}).`);
  } catch (err: any) {
    if (err?.code === 'email_taken' || err?.code === 'weak_password') {
      console.error(`shopdesk: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  } finally {
    await database.close();
  }
}
