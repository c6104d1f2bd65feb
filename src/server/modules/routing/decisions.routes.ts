import type { FastifyInstance } from 'fastify';

/** Routing decisions on a conversation, the dry run. */
export function decisionsRoutes() {
  return async function (_app: FastifyInstance) {};
}
