import type { Db } from '../../../db/database.ts';
import { systemActor, type Ctx } from '../../../platform/context.ts';
import { defineJob, type JobContext } from '../../../platform/jobs.ts';
import type { Schedule } from '../../../platform/scheduler.ts';
import { scanDuplicates } from './duplicates.service.ts';

export const DUPLICATE_SCAN_JOB = 'customers.duplicate-scan';

/**
 * The nightly look for duplicates: every account that has used 重复客户 (it has a scan row) is
 * scanned again, so the suggestions a team reads in the morning include yesterday's imports and
 * chats. An account that never opened the page is left alone (its first visit scans). One account's
 * failure is logged and does not stop the others; progress counts accounts.
 */
export async function scanAllAccounts(job: JobContext): Promise<{ accounts: number; pairs: number; failed: number }> {
  const accounts = await accountsToScan(job.db);
  await job.progress(0, accounts.length);
  let pairs = 0;
  let failed = 0;
  for (const [i, accountId] of accounts.entries()) {
    const ctx: Ctx = { accountId, actor: systemActor('duplicate scan'), db: job.db, clock: job.clock, log: job.log, locale: 'zh-CN' };
    try {
      pairs += (await scanDuplicates(ctx)).pairs;
    } catch (err) {
      failed++;
      job.log.warn({ err, accountId }, 'duplicate scan failed for an account');
    }
    await job.progress(i + 1, accounts.length);
  }
  return { accounts: accounts.length, pairs, failed };
}

async function accountsToScan(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('customer_duplicate_scans').select('account_id').orderBy('account_id').execute();
  return rows.map((r) => r.account_id);
}

export function registerDuplicateJobs(): void {
  defineJob(DUPLICATE_SCAN_JOB, scanAllAccounts);
}

/** Every night at 04:20 (China time), after the points expiry and before the shop opens. */
export const DUPLICATE_SCHEDULES: Schedule[] = [{ name: 'customers.duplicate-scan', cron: '20 4 * * *', job: DUPLICATE_SCAN_JOB }];
