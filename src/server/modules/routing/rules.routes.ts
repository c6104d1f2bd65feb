import type { FastifyInstance } from 'fastify';

/** Routing rules, settings. */
export function rulesRoutes() {
  return async function (_app: FastifyInstance) {};
}
