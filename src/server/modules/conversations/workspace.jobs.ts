import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { defineJob, enqueueJob } from '../../platform/jobs.ts';
import type { Schedule } from '../../platform/scheduler.ts';
import { wakeSnoozed } from './conversations.status.ts';
import { reindexSearch } from './search.service.ts';
import { makeThumbnail, THUMBNAIL_JOB } from './thumbnails.service.ts';

// A new message gets its search words in the INSERT that stores it (messages.batch.ts): updating the
// row after commit wrote every message twice, which at chat rates cost more than the words
// themselves. A customer's message waking a pending or snoozed conversation is part of storing it too.

const REINDEX_JOB = 'conversations.reindex-search';
// One run indexes this many batches, then hands over, so a large backfill does not hold the worker.
const REINDEX_BATCHES_PER_RUN = 20;

export function registerWorkspaceJobs(): void {
  defineJob('conversations.wake-snoozed', async (job) => wakeSnoozed(job));
  defineJob(THUMBNAIL_JOB, makeThumbnail);
  defineJob(REINDEX_JOB, async (job) => {
    const result = await reindexSearch(job.db, { maxBatches: REINDEX_BATCHES_PER_RUN });
    if (!result.done) await enqueueJob(job.db, { name: REINDEX_JOB, runAt: new Date(job.clock.now().getTime() + 1000) });
    return result;
  });
}

/** Snoozed conversations are looked at every minute. */
export const WORKSPACE_SCHEDULES: Schedule[] = [{ name: 'conversations.wake-snoozed', cron: '* * * * *', job: 'conversations.wake-snoozed' }];

/** At start: messages stored without search words (older data, imports, demo chats) get them in the background. */
export async function queueSearchBackfill(db: Db, clock: Clock): Promise<void> {
  await enqueueJob(db, { name: REINDEX_JOB, singletonKey: REINDEX_JOB, runAt: clock.now() });
}
