import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { workspaceSocketCount } from '../realtime/gateway.ts';

export function registerMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'shopdesk_' });
  const duration = new Histogram({
    name: 'shopdesk_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'shopdesk_http_server_errors_total',
    help: 'Responses with a 5xx status',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  // Open sockets on this node: behind a load balancer, how evenly the nodes share them.
  new Gauge({
    name: 'shopdesk_websockets_open',
    help: 'Open WebSockets on this node: members’ workspaces and shoppers’ widgets',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const all = app.websocketServer?.clients.size ?? 0;
      const workspace = workspaceSocketCount(app);
      this.set({ kind: 'workspace' }, workspace);
      this.set({ kind: 'widget' }, Math.max(0, all - workspace));
    },
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ route });
  });
  app.decorate('metrics', registry);
  return registry;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}
