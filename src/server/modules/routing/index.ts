import type { FastifyInstance } from 'fastify';
import './routing.errors.ts';
import { teamsRoutes } from './teams.routes.ts';
import { agentsRoutes } from './agents.routes.ts';
import { rulesRoutes } from './rules.routes.ts';
import { wallboardRoutes } from './wallboard.routes.ts';
import { decisionsRoutes } from './decisions.routes.ts';

export { registerRoutingEventHandlers, registerRoutingJobs, ROUTING_SCHEDULES, startRoutingTicker, sweepAll, sweepRouting } from './routing.events.ts';
export { queuePosition, type QueuePosition } from './queue.ts';
export { routeNew, routeArrived, drainQueue, overflowQueue, reofferUnanswered } from './assign.ts';
export type { RoutingTables } from './routing.tables.ts';
export { AgentPresence, presenceHeartbeat, setPresenceGrace, sweepPresence, PRESENCE_HEARTBEAT_MS } from './presence.ts';
export { loadAgents, type Agent } from './agents.service.ts';

/** Routing (路由): teams, agents, rules, the queue and the wallboard. */
export function routingModuleRoutes() {
  return async function (app: FastifyInstance) {
    await app.register(teamsRoutes());
    await app.register(agentsRoutes());
    await app.register(rulesRoutes());
    await app.register(wallboardRoutes());
    await app.register(decisionsRoutes());
  };
}
