import type { FastifyInstance } from 'fastify';

/** The dispatcher's wallboard. */
export function wallboardRoutes() {
  return async function (_app: FastifyInstance) {};
}
