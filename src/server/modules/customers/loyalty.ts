import type { FastifyInstance } from 'fastify';
import './tiers/tiers.errors.ts';
import { pointsRoutes } from './points/points.routes.ts';
import { registerPointsEventHandlers } from './points/points.events.ts';
import { POINTS_SCHEDULES, registerPointsJobs } from './points/points.expiry.ts';
import { tiersRoutes } from './tiers/tiers.routes.ts';
import { registerTierEventHandlers } from './tiers/tiers.events.ts';
import { registerTierJobs, TIER_SCHEDULES } from './tiers/tiers.jobs.ts';

/** Loyalty (会员等级与积分): tiers and points, one part of the customers module. */
export function loyaltyRoutes() {
  return async function (app: FastifyInstance) {
    await app.register(tiersRoutes());
    await app.register(pointsRoutes());
  };
}

/** Tiers before points: a paid order earns at the tier it may just have reached. */
export function registerLoyaltyEventHandlers(): void {
  registerTierEventHandlers();
  registerPointsEventHandlers();
}

export function registerLoyaltyJobs(): void {
  registerTierJobs();
  registerPointsJobs();
}

export const LOYALTY_SCHEDULES = [...TIER_SCHEDULES, ...POINTS_SCHEDULES];
