import type { FastifyInstance } from 'fastify';

/** Teams, their members. */
export function teamsRoutes() {
  return async function (_app: FastifyInstance) {};
}
