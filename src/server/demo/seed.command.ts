import { parseArgs } from 'node:util';
import { migrate } from '../db/migrator.ts';
import type { Db } from '../db/database.ts';
import { openConfiguredDatabase } from '../main.ts';
import { systemClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { systemActor, type Ctx } from '../platform/context.ts';
import { createLogger } from '../platform/logger.ts';
import { DEMO_BRAND } from './demo-catalogue.data.ts';
import { createProgressBar, formatDuration } from './progress-bar.ts';
import { seedDemoPoints } from './seed-points.ts';
import { clearCommerceData, countCustomers, seedDemoShop } from './seed.service.ts';

const USAGE = `Usage: shopdesk seed --demo [options]

Fills an account with a demo shop (${DEMO_BRAND}, cosmetics and skincare): product groups and
products, customers with Chinese names, regions, phones and marketplace ids, and two years of
orders with 双十一, 618 and 年货节 in them. The same seed gives the same shop.

Options:
  --seed N          random seed (default 42)
  --customers N     customers to create (default 2000; 1m and 10k work too)
  --orders N        orders over the two years before now (default 20000)
  --account ID      the account to fill (default: the first account)
  --force           the account already has customers: delete its customers (and what hangs
                    on them: orders, conversations) and products first, then seed
  --help            show this text

The database is the configured one (DATABASE_URL, or the embedded store in SHOPDESK_DATA_DIR).`;

class UsageError extends Error {}

/** "20000", "20_000", "20,000", "20k", "1m", "1.5m". */
export function parseCount(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.replace(/[_,]/g, ''));
  const n = match ? Number(match[1]) * (match[2].toLowerCase() === 'k' ? 1e3 : match[2].toLowerCase() === 'm' ? 1e6 : 1) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, such as 20000 or 1m (got "${value}")`);
  return n;
}

async function findAccount(db: Db, id: string | undefined) {
  let query = db.selectFrom('accounts').select(['id', 'name']);
  query = id ? query.where('id', '=', id) : query.orderBy('created_at').orderBy('id');
  return query.executeTakeFirst();
}

async function countProducts(ctx: Ctx): Promise<number> {
  const row = await ctx.db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', ctx.accountId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const fmt = (n: number) => n.toLocaleString('en-US');

export async function seedCommand(args: string[]): Promise<void> {
  let options: { seed: number; customers: number; orders: number; account?: string; force: boolean };
  try {
    const { values } = parseArgs({
      args,
      options: {
        demo: { type: 'boolean' },
        seed: { type: 'string' },
        customers: { type: 'string' },
        orders: { type: 'string' },
        account: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    if (!values.demo) throw new UsageError('only demo data can be seeded: add --demo');
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer (got "${values.seed}")`);
    options = {
      seed,
      customers: parseCount('customers', values.customers, 2000),
      orders: parseCount('orders', values.orders, 20000),
      account: values.account,
      force: Boolean(values.force),
    };
    if (options.orders > 0 && options.customers === 0) throw new UsageError('orders need customers: give --customers more than 0');
  } catch (err) {
    console.error(`shopdesk seed: ${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database.db);
    const account = await findAccount(database.db, options.account);
    if (!account) {
      console.error(options.account
        ? `shopdesk seed: there is no account ${options.account}.`
        : 'shopdesk seed: there is no account yet: run shopdesk serve once or create-admin first.');
      process.exitCode = 1;
      return;
    }
    const ctx: Ctx = { accountId: account.id, actor: systemActor('seed'), db: database.db, clock: systemClock, log: createLogger('warn'), locale: 'zh-CN' };
    const [customers, products] = [await countCustomers(ctx), await countProducts(ctx)];
    if (customers + products > 0) {
      if (!options.force) {
        console.error(`shopdesk seed: account "${account.name}" (${account.id}) already has ${fmt(customers)} customers and ${fmt(products)} products; seeding again would mix two shops. Add --force to delete them (with their orders and conversations) and seed afresh.`);
        process.exitCode = 1;
        return;
      }
      console.error(`Deleting the customers (with their orders and conversations) and products of "${account.name}" …`);
      await clearCommerceData(ctx);
    }

    console.error(`Seeding the ${DEMO_BRAND} demo shop into "${account.name}" (${account.id}) on ${database.kind === 'postgres' ? 'PostgreSQL' : 'the embedded database'}: ${fmt(options.customers)} customers, ${fmt(options.orders)} orders, seed ${options.seed}. Records below are customers and orders.`);
    const bar = createProgressBar({ unit: 'records' });
    const result = await seedDemoShop(ctx, {
      seed: options.seed,
      customers: options.customers,
      orders: options.orders,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.finish();
    console.error('Points: earned on paid orders, reversed on refunds, expired after their validity …');
    const pointsBar = createProgressBar({ unit: 'customers' });
    const points = await seedDemoPoints(ctx, { onProgress: (done, total) => pointsBar.update(done, total) });
    pointsBar.finish();
    const rows = result.customers + result.identities + result.orders + result.items + result.products + result.groups;
    console.log([
      `Demo shop seeded in ${formatDuration(result.seconds)}: ${fmt(Math.round((result.customers + result.orders) / result.seconds))} customers and orders a second, ${fmt(Math.round(rows / result.seconds))} rows a second in all.`,
      `  ${fmt(result.groups)} product groups, ${fmt(result.products)} products`,
      `  ${fmt(result.customers)} customers with ${fmt(result.identities)} identities (phone, e-mail, marketplace ids)`,
      `  ${fmt(result.orders)} orders with ${fmt(result.items)} items; paid revenue ¥${Number(result.revenue).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
      `  ${fmt(points.entries)} points entries; ${fmt(points.customers)} customers hold points`,
    ].join('\n'));
  } finally {
    await database.close();
  }
}
