import path from 'node:path';
import { z } from 'zod';
import { decodeSecretKey, SECRET_KEY_FORMAT } from './secrets.ts';

export const PROCESS_ROLES = ['web', 'worker', 'scheduler'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().url().optional(),
  SHOPDESK_DATA_DIR: z.string().optional(),
  // The value is never echoed back: a malformed key is reported by its shape only.
  SHOPDESK_SECRET_KEY: z
    .string()
    .transform((value, ctx) => {
      const key = decodeSecretKey(value);
      if (!key) ctx.addIssue({ code: 'custom', message: SECRET_KEY_FORMAT });
      return key ?? z.NEVER;
    })
    .optional(),
  SHOPDESK_ADMIN_EMAIL: z.string().email().optional(),
  SHOPDESK_ADMIN_PASSWORD: z.string().min(8).optional(),
  SHOPDESK_ACCOUNT_NAME: z.string().min(1).default('我的店铺'),
  SHOPDESK_PUBLIC_URL: z.string().url().optional(),
  SHOPDESK_ROLES: z.string().default('web,worker,scheduler'),
  SHOPDESK_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  SHOPDESK_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SHOPDESK_VACUUM_CRON: z.string().default('17 * * * *'),
  SHOPDESK_WIDGET_MESSAGES_PER_10S: z.coerce.number().int().min(1).default(20),
  SHOPDESK_ROUTING_TICK_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  SHOPDESK_JOB_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  databasePoolSize: number;
  redisUrl?: string;
  dataDir: string;
  /** Seals secrets kept in the database (SMTP passwords); unset: `secret.key` in the data directory. */
  secretKey?: Buffer;
  adminEmail?: string;
  adminPassword?: string;
  accountName: string;
  publicUrl?: string;
  roles: ProcessRole[];
  secureCookies: 'auto' | boolean;
  trustProxy: boolean;
  vacuumCron: string;
  /** The flood guard: messages one widget visitor may send in 10 seconds. */
  widgetMessagesPer10s: number;
  /** How often a worker looks at queue overflow, unanswered chats and presence. */
  routingTickMs: number;
  /** At shutdown, how long running jobs may finish before they are handed back to the queue. */
  jobGraceMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
};

export class ConfigError extends Error {}

export function parseRoles(value: string): ProcessRole[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of roles) {
    if (!(PROCESS_ROLES as readonly string[]).includes(role)) {
      throw new ConfigError(`unknown process role "${role}"; use any of ${PROCESS_ROLES.join(', ')}`);
    }
  }
  if (roles.length === 0) throw new ConfigError('at least one process role is needed');
  return [...new Set(roles)] as ProcessRole[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    dataDir: path.resolve(e.SHOPDESK_DATA_DIR ?? 'data'),
    secretKey: e.SHOPDESK_SECRET_KEY,
    adminEmail: e.SHOPDESK_ADMIN_EMAIL,
    adminPassword: e.SHOPDESK_ADMIN_PASSWORD,
    accountName: e.SHOPDESK_ACCOUNT_NAME,
    publicUrl: e.SHOPDESK_PUBLIC_URL,
    roles: parseRoles(e.SHOPDESK_ROLES),
    secureCookies: e.SHOPDESK_SECURE_COOKIES === 'auto' ? 'auto' : e.SHOPDESK_SECURE_COOKIES === 'true',
    trustProxy: e.SHOPDESK_TRUST_PROXY === 'true',
    vacuumCron: e.SHOPDESK_VACUUM_CRON,
    widgetMessagesPer10s: e.SHOPDESK_WIDGET_MESSAGES_PER_10S,
    routingTickMs: e.SHOPDESK_ROUTING_TICK_MS,
    jobGraceMs: e.SHOPDESK_JOB_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    ...overrides,
  };
}
