import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app.ts';

/** Probes, metrics and the API description: what operators and load balancers read. */
export function systemRoutes(deps: AppDeps) {
  return async function (app: FastifyInstance) {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

    app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
      const checks: Record<string, string> = {};
      let ready = true;
      try {
        await deps.database.ping();
        checks.database = 'ok';
      } catch {
        checks.database = 'unavailable';
        ready = false;
      }
      if (deps.realtime.usesRedis) checks.redis = deps.realtime.redisHealthy() ? 'ok' : 'degraded';
      if (deps.isShuttingDown?.()) {
        checks.process = 'shutting_down';
        ready = false;
      }
      const status = !ready ? 'unavailable' : Object.values(checks).includes('degraded') ? 'degraded' : 'ready';
      return reply.status(ready ? 200 : 503).send({ status, database: deps.database.kind, checks });
    });

    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      reply.type(app.metrics.contentType);
      return app.metrics.metrics();
    });

    app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  };
}
