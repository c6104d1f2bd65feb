import type { Schedule } from '../../platform/scheduler.ts';

export function registerRoutingEventHandlers(): void {}
export function registerRoutingJobs(): void {}
export const ROUTING_SCHEDULES: Schedule[] = [];
