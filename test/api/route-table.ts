/**
 * The live route table, for the generated API tests (tenant isolation, role matrix, bad input).
 *
 * It is read from the running server's own OpenAPI document (`/api/openapi.json`): every documented
 * route with its method, path parameters, query parameters, request body schema and access rule
 * (`x-access`, added by the swagger transform in src/server/http/app.ts). So a route added tomorrow
 * is tested tomorrow without anyone editing these tests.
 *
 * A route hidden from the document would escape that, so the table is cross-checked against
 * Fastify's own router: an /api route that is not documented makes loading the table fail.
 */
import type { TestServer } from '../harness.ts';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  $ref?: string;
  [key: string]: unknown;
};

export type QueryParam = { name: string; required: boolean; schema: JsonSchema };

export type Route = {
  /** GET, POST, PATCH, … */
  method: string;
  /** Fastify style: /api/users/:id */
  path: string;
  /** OpenAPI style: /api/users/{id} */
  openapiPath: string;
  /** 'public' | 'authenticated' | a permission key */
  access: string;
  /** The names of the path parameters, in order. */
  params: string[];
  /** True when the path has a parameter (`:id`, `:token`, …). */
  hasIdParam: boolean;
  query: QueryParam[];
  /** The JSON request body schema, $refs resolved; undefined for a route without a body. */
  bodySchema?: JsonSchema;
  summary?: string;
};

/** /api routes that are deliberately left out of the API document. */
export const UNDOCUMENTED_ALLOWED = new Set(['GET /api/openapi.json']);

export const key = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** The route table of a running test server. Throws if an /api route is missing from the document or has no x-access. */
export async function loadRouteTable(server: TestServer): Promise<Route[]> {
  const res = await fetch(`${server.url}/api/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  const doc = (await res.json()) as { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, JsonSchema> } };
  const components = doc.components?.schemas ?? {};
  const routes: Route[] = [];
  const problems: string[] = [];
  for (const [openapiPath, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const path = openapiPath.replace(/\{([^}]+)\}/g, ':$1');
      const access = op['x-access'];
      if (typeof access !== 'string' || !access) {
        problems.push(`${method} ${path} has no x-access in the API document`);
        continue;
      }
      const parameters = (op.parameters ?? []) as { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
      const params = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((x) => x[1]);
      const query = parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), schema: deref(p.schema ?? {}, components) }));
      const raw = op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
      routes.push({
        method,
        path,
        openapiPath,
        access,
        params,
        hasIdParam: params.length > 0,
        query,
        bodySchema: raw ? deref(raw, components) : undefined,
        summary: op.summary,
      });
    }
  }
  const documented = new Set(routes.map(key));
  for (const r of routerApiRoutes(server)) {
    if (!documented.has(r) && !UNDOCUMENTED_ALLOWED.has(r)) problems.push(`${r} is served but missing from /api/openapi.json (hidden routes escape the generated tests)`);
  }
  if (problems.length) throw new Error(`the route table is incomplete:\n  ${problems.join('\n  ')}`);
  if (routes.length === 0) throw new Error('the API document lists no routes');
  return routes.sort((a, b) => key(a).localeCompare(key(b)));
}

/**
 * Every `METHOD /api/…` route the router serves, parsed from `printRoutes({ commonPrefix: false })`
 * (each line is `<indent>├── <segment> (METHODS)`, a child's segment continuing its parent's path).
 */
export function routerApiRoutes(server: TestServer): string[] {
  const text = server.server.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = [...m[1]].length / 4;
    const full = (depth > 0 ? stack[depth - 1] : '') + m[2];
    stack[depth] = full;
    stack.length = depth + 1;
    if (!m[3] || !full.startsWith('/api/') || full.startsWith('/api/docs')) continue;
    for (const method of m[3].split(',').map((s) => s.trim())) {
      if (method !== 'HEAD' && method !== 'OPTIONS') out.push(`${method} ${full}`);
    }
  }
  if (out.length === 0) throw new Error(`could not read any /api route from printRoutes():\n${text}`);
  return [...new Set(out)];
}

/** Resolves `#/components/schemas/…` references (recursive schemas are cut off at a depth). */
export function deref(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0): JsonSchema {
  if (depth > 20 || !schema || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    const target = components[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return deref(target, components, depth + 1);
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([p, s]) => [p, deref(s, components, depth + 1)]));
    } else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) {
      out[k] = v.map((s) => deref(s, components, depth + 1));
    } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') {
      out[k] = deref(v as JsonSchema, components, depth + 1);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** The path with its parameters filled in (URL-encoded). */
export function fillPath(route: Pick<Route, 'path'>, values: Record<string, string> | ((param: string) => string)): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = typeof values === 'function' ? values(name) : values[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${route.path}`);
    return encodeURIComponent(v);
  });
}

/** The schema's alternatives, `null` left out (a nullable field is described as anyOf [T, null]). */
export function nonNull(schema: JsonSchema): JsonSchema[] {
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return alts.flatMap(nonNull);
  if (schema.type === 'null') return [];
  return [schema];
}

export function typeOf(schema: JsonSchema): string | undefined {
  const s = nonNull(schema)[0] ?? schema;
  if (s.enum) return 'enum';
  if (s.const !== undefined) return 'const';
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

/**
 * A value the schema accepts: the least surprising one (an enum's first value, a string of the
 * minimum length, the minimum number). Formats the document names get a plausible example.
 * Only a fallback: a route whose handler needs particular values gets a fixture in the test file.
 */
export function sampleValue(schema: JsonSchema, name = 'value', opts: { onlyRequired?: boolean } = {}): unknown {
  const alts = nonNull(schema);
  const s = alts[0] ?? schema;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const type = typeOf(s);
  switch (type) {
    case 'string': {
      if (s.format === 'email' || /email/i.test(name)) return `sample-${Math.random().toString(36).slice(2, 10)}@example.test`;
      if (s.format === 'date-time') return new Date().toISOString();
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.test/';
      if (/timezone/i.test(name)) return 'Asia/Shanghai';
      if (/locale/i.test(name)) return 'zh-CN';
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const fits = (c: string) => re.test(c) && c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? Infinity);
        const found = ['1', 'sample-client-id-1', '00000000-0000-4000-8000-000000000000', 'a'.repeat(64), '1|sample'].find(fits);
        if (found) return found;
      }
      let v = /password/i.test(name) ? 'sample-password-1' : `sample-${name}`;
      while (v.length < (s.minLength ?? 1)) v += v;
      return v.slice(0, s.maxLength ?? v.length);
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : undefined);
      return lo ?? (hi !== undefined ? Math.min(hi, 1) : 1);
    }
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [p, ps] of Object.entries(s.properties ?? {})) {
        if (opts.onlyRequired && !required.has(p)) continue;
        out[p] = sampleValue(ps, p, opts);
      }
      return out;
    }
    default:
      return null;
  }
}

/** A body the route's schema accepts (required fields only), for routes without a fixture. */
export function sampleBody(route: Route): Record<string, unknown> | undefined {
  if (!route.bodySchema) return undefined;
  return sampleValue(route.bodySchema, 'body', { onlyRequired: true }) as Record<string, unknown>;
}

export const ERROR_CODE = /^[a-z][a-z0-9_]*$/;

/** Asserts the one error shape `{ error: { code, message, field? } }`; returns a description of what is wrong, or null. */
export function errorShapeProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `body is not a JSON object: ${JSON.stringify(body)?.slice(0, 200)}`;
  const err = (body as { error?: unknown }).error;
  if (!err || typeof err !== 'object') return `no "error" object: ${JSON.stringify(body).slice(0, 200)}`;
  const { code, message, field, ...rest } = err as Record<string, unknown>;
  if (typeof code !== 'string' || !ERROR_CODE.test(code)) return `error.code is not a code string: ${JSON.stringify(code)}`;
  if (typeof message !== 'string' || !message.trim()) return `error.message is not a non-empty string: ${JSON.stringify(message)}`;
  if (field !== undefined && typeof field !== 'string') return `error.field is not a string: ${JSON.stringify(field)}`;
  if (Object.keys(rest).length) return `error has unexpected keys: ${Object.keys(rest).join(', ')}`;
  return null;
}
