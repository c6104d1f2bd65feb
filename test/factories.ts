import type { Db } from '../src/server/db/database.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { systemActor, type Ctx } from '../src/server/platform/context.ts';
import { createAccountWithOwner, createUser, type Role, type Specialisation } from '../src/server/modules/accounts/index.ts';
import { silentLog } from './harness.ts';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export const PASSWORD = 'factory-password-1';

/** A second (or third…) shop with its owner, for isolation tests. */
export async function makeAccount(db: Db, name = `店铺${unique()}`) {
  const email = `owner-${unique()}@shop.test`;
  const { accountId, user } = await createAccountWithOwner({ db, clock: systemClock, log: silentLog }, { accountName: name, email, password: PASSWORD, name: '店主' });
  return { accountId, owner: user, email, password: PASSWORD };
}

export async function makeUser(db: Db, accountId: string, role: Role, opts: { specialisation?: Specialisation; name?: string } = {}) {
  const ctx: Ctx = { accountId, actor: systemActor('test'), db, clock: systemClock, log: silentLog, locale: 'zh-CN' };
  const email = `${role}-${unique()}@shop.test`;
  const user = await createUser(ctx, { email, password: PASSWORD, name: opts.name ?? `${role}成员`, role, specialisation: opts.specialisation });
  return { user, email, password: PASSWORD };
}

export async function firstAccountId(db: Db): Promise<string> {
  const row = await db.selectFrom('accounts').select('id').orderBy('created_at').executeTakeFirstOrThrow();
  return row.id;
}

/** A customer's order figures and tier, set directly (they live in customer_stats, made with the customer). */
export async function setCustomerStats(
  db: Db,
  customerId: string,
  values: { lifetime_spend?: string | number; order_count?: number; last_order_at?: Date | null; tier?: string },
) {
  await db.updateTable('customer_stats').set({ ...values, lifetime_spend: values.lifetime_spend === undefined ? undefined : String(values.lifetime_spend) }).where('customer_id', '=', customerId).execute();
}
