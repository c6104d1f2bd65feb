import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { localeFromHeader } from '../platform/locale.ts';
import type { Realtime } from '../realtime/realtime.ts';
import { registerGateway } from '../realtime/gateway.ts';
import { accountsRoutes } from '../modules/accounts/index.ts';
import { conversationsModuleRoutes } from '../modules/conversations/index.ts';
import { routingModuleRoutes } from '../modules/routing/index.ts';
import { ordersModuleRoutes } from '../modules/orders/index.ts';
import { keyAccountsRoutes } from '../modules/customers/key-accounts/index.ts';
import { consentRoutes } from '../modules/customers/consent/index.ts';
import { privacyRoutes } from '../modules/customers/privacy/index.ts';
import { customerRecordRoutes } from '../modules/customers/index.ts';
import { loyaltyRoutes } from '../modules/customers/loyalty.ts';
import { customerMergeRoutes } from '../modules/customers/merge/index.ts';
import { progressPageRoutes, ticketsModuleRoutes } from '../modules/tickets/index.ts';
import { demoShopRoutes } from '../demo-shop/index.ts';
import { makeAuthHook } from './auth.hook.ts';
import { errorHandler, unstorableTextError, unstorableTextPath } from './errors.ts';
import { registerMetrics } from './metrics.ts';
import { systemRoutes } from './system.routes.ts';
import './types.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');
export const WIDGET_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/widget');

export type AppDeps = { config: Config; database: Database; clock: Clock; log: Logger; realtime: Realtime; isShuttingDown?: () => boolean };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, clock, log } = deps;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    genReqId: () => Math.random().toString(36).slice(2, 12),
    // A request that arrives while the node shuts down gets the one error shape (see the hook below), not Fastify's own 503.
    return503OnClosing: false,
    // Errors Fastify raises before routing (a malformed %-escape, an over-long parameter) get the one error shape too.
    frameworkErrors: (error, req, reply) => {
      req.locale = localeFromHeader(req.headers['accept-language']);
      return errorHandler(error, req, reply);
    },
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('auth', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('ctx', function (this: any) {
    if (!this.auth) throw new AppError('unauthenticated');
    return {
      accountId: this.auth.accountId,
      actor: this.auth.actor,
      db: database.db,
      clock,
      log: this.log,
      locale: this.locale,
      ip: this.ip,
      userAgent: this.headers['user-agent'] ?? null,
    };
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ShopDesk API',
        version: '0.1.0',
        description: 'ShopDesk (店服) REST API. Authenticate with a session cookie (web app) or `Authorization: Bearer sdk_…` (API tokens). Errors share one shape: `{ error: { code, message, field? } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token made under 接口令牌 / API tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'sd_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Each operation names its access rule (x-access), so the generated route tests can read it from the document.
    transform: (doc) => {
      const out = jsonSchemaTransform(doc);
      const access = (doc.route.config as { access?: string } | undefined)?.access;
      if (!access || out.schema?.hide) return out;
      return { ...out, schema: { ...out.schema, 'x-access': access } };
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  // No per-message deflate (ws's default, said here on purpose): its zlib context costs tens of KB a
  // socket, which 10,000 idle shoppers' widgets would pay for frames of a few hundred bytes.
  await app.register(websocket, { options: { maxPayload: 256 * 1024, perMessageDeflate: false } });

  // The widget runs on shops' own origins: its API answers any origin, without cookies (the visitor token is a header).
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/widget/v1/')) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', 'content-type, x-visitor-token, accept-language');
    reply.header('access-control-allow-methods', 'GET, POST');
    reply.header('access-control-max-age', '600');
    if (req.method === 'OPTIONS') return reply.status(204).send();
  });
  // New work is refused with 503 service_unavailable while the node shuts down (the probes still
  // answer: /readyz says shutting_down, which is what takes the node out of a load balancer).
  app.addHook('onRequest', async (req) => {
    if (deps.isShuttingDown?.() && req.url !== '/healthz' && req.url !== '/readyz') throw new AppError('service_unavailable');
  });
  app.addHook('onRequest', makeAuthHook(database, clock));
  // Shutting down: every answer, also to a request that came in before, closes its connection, so a
  // keep-alive client opens its next request elsewhere (a closing server leaves a request sent on a
  // reused connection unanswered for a minute).
  app.addHook('onSend', async (_req, reply) => {
    if (deps.isShuttingDown?.()) reply.header('connection', 'close');
  });
  // Text the database cannot store (NUL, unpaired surrogates) is an input error, not a 500 from the insert.
  app.addHook('preValidation', async (req) => {
    if (!req.routeOptions.config?.access) return;
    for (const [part, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
      const path = unstorableTextPath(value);
      if (path !== null) throw unstorableTextError(path || (part === 'body' ? undefined : part), req.locale);
    }
  });
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (url.startsWith('/api/') && !url.startsWith('/api/docs') && !route.config?.access) {
      throw new Error(`route ${route.method} ${url} declares no access rule`);
    }
  });
  registerMetrics(app);

  await app.register(systemRoutes(deps));
  await app.register(accountsRoutes({ db: database.db, clock, publicUrl: config.publicUrl, secureCookies: config.secureCookies }), { prefix: '/api' });
  await app.register(conversationsModuleRoutes({ db: database.db, clock, realtime: deps.realtime, publicUrl: config.publicUrl, widgetMessagesPer10s: config.widgetMessagesPer10s }), { prefix: '/api' });
  await app.register(routingModuleRoutes(), { prefix: '/api' });
  await app.register(ordersModuleRoutes({ db: database.db, clock, publicUrl: config.publicUrl }), { prefix: '/api' });
  await app.register(keyAccountsRoutes(), { prefix: '/api' });
  await app.register(consentRoutes(), { prefix: '/api' });
  await app.register(privacyRoutes(), { prefix: '/api' });
  await app.register(customerRecordRoutes(), { prefix: '/api' });
  await app.register(loyaltyRoutes(), { prefix: '/api' });
  await app.register(customerMergeRoutes(), { prefix: '/api' });
  await app.register(ticketsModuleRoutes({ db: database.db, publicUrl: config.publicUrl }), { prefix: '/api' });
  await app.register(demoShopRoutes({ db: database.db }));
  await app.register(progressPageRoutes({ db: database.db, publicUrl: config.publicUrl }));
  registerWidgetScript(app);
  registerGateway(app, deps);
  await registerWeb(app);
  return app;
}

/** The shopper's widget, embedded by shops as <script src="https://SHOPDESK/widget.js">; read per request so a rebuild is served at once. */
function registerWidgetScript(app: FastifyInstance) {
  app.get('/widget.js', { schema: { hide: true } }, (_req, reply) => {
    const file = path.join(WIDGET_DIST, 'widget.js');
    if (!fs.existsSync(file)) return reply.status(404).type('text/plain; charset=utf-8').send('the widget is not built: npm run build');
    return reply
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .type('application/javascript; charset=utf-8')
      .send(fs.createReadStream(file));
  });
}

/**
 * The web app's pages run only the app's own scripts: no inline or injected script, no plugin, no
 * framing by another site. Styles may be inline (Ant Design writes its CSS at run time); images,
 * audio and files come from this origin or from blob:/data: URLs the app made itself.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

async function registerWeb(app: FastifyInstance) {
  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt app is served without a restart.
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: true, index: false, maxAge: '1h' });
  }
  const sendIndex = (reply: import('fastify').FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_APP_CSP)
      .header('x-frame-options', 'DENY')
      .type('text/html; charset=utf-8')
      .send(fs.createReadStream(path.join(WEB_DIST, 'index.html')));
  if (hasWeb) app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !/\.\w+($|\?)/.test(req.url);
    if (isPage && hasWeb) return sendIndex(reply);
    const err = new AppError('route_not_found', { vars: { method: req.method, url: req.url.split('?')[0].slice(0, 200) } });
    return reply.status(404).send({ error: { code: err.code, message: err.messageIn(req.locale ?? 'zh-CN') } });
  });
}
