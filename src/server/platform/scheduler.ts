import type { Logger } from 'pino';
import { CronExpressionParser } from 'cron-parser';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import { enqueueJob } from './jobs.ts';

export type Schedule = { name: string; cron: string; job: string; payload?: Record<string, unknown>; timezone?: string };

/**
 * Turns cron schedules into jobs. Each slot is claimed in schedule_runs, so with several
 * scheduler processes a slot still fires exactly once. After downtime only the latest missed
 * slot fires, not every one.
 */
export class Scheduler {
  private timer?: NodeJS.Timeout;
  private stopped = true;

  constructor(private deps: { db: Db; log: Logger; clock: Clock; nodeId: string; schedules: Schedule[]; tickMs?: number }) {
    for (const s of deps.schedules) CronExpressionParser.parse(s.cron);
  }

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async loop() {
    if (this.stopped) return;
    try {
      await this.tick();
    } catch (err) {
      this.deps.log.warn({ err }, 'scheduler tick failed; will retry');
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), this.deps.tickMs ?? 5000);
  }

  /** Fires every schedule whose latest slot has not fired yet; returns the names fired. */
  async tick(): Promise<string[]> {
    const { db, clock, nodeId } = this.deps;
    const now = clock.now();
    const fired: string[] = [];
    for (const s of this.deps.schedules) {
      const slot = CronExpressionParser.parse(s.cron, { currentDate: new Date(now.getTime() + 1), tz: s.timezone ?? 'Asia/Shanghai' }).prev().toDate();
      const claimed = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('schedule_runs')
          .values({ schedule: s.name, slot, claimed_by: nodeId })
          .onConflict((oc) => oc.columns(['schedule', 'slot']).doNothing())
          .returning('slot')
          .executeTakeFirst();
        if (!row) return false;
        await enqueueJob(trx, { name: s.job, payload: { ...s.payload, slot: slot.toISOString() }, runAt: now, singletonKey: `schedule:${s.name}` });
        return true;
      });
      if (claimed) fired.push(s.name);
    }
    return fired;
  }
}
