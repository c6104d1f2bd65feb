import type { FastifyInstance } from 'fastify';

/** Agents: status, capacity, dedicated products. */
export function agentsRoutes() {
  return async function (_app: FastifyInstance) {};
}
