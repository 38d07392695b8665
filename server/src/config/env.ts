import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { isMasterKey, MASTER_KEY_FORMAT } from '../crypto/secret-box';
import { POSTGRES_SCHEMA_NAME } from '../db/database';
import { API_DESCRIPTION_MAX_BYTES, API_DESCRIPTION_MAX_BYTES_CEILING, DEFAULT_CHECK_INTERVAL_SECONDS, NewPasswordSchema } from '@keyway/shared';

const HostPortSchema = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):\d{1,5}$/, 'each entry must be host:port, e.g. 127.0.0.1:4010');

/**
 * ADMIN_PASSWORD meets the policy of every new password (NewPasswordSchema, as the console's
 * forms do), its problems said in the words of the other settings' errors.
 */
const AdminPasswordSchema = z.string().superRefine((value, ctx) => {
  for (const issue of NewPasswordSchema.safeParse(value).error?.issues ?? []) {
    const message =
      issue.code === 'too_small'
        ? `must have at least ${issue.minimum} characters`
        : issue.code === 'too_big'
          ? `must have at most ${issue.maximum} characters`
          : issue.message;
    ctx.addIssue({ code: 'custom', message });
  }
});

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Loopback by default: put a TLS-terminating proxy in front to serve others. */
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    /** postgres://… to use PostgreSQL; otherwise SQLite in DATA_DIR. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    /**
     * The PostgreSQL schema the console's tables live in, made if missing. Unset, the first schema
     * of search_path that exists (usually public). Two installations can share one database, each
     * in a schema of its own.
     */
    DATABASE_SCHEMA: z
      .string()
      .regex(POSTGRES_SCHEMA_NAME, 'must be a lower-case PostgreSQL name: letters, digits and _, starting with a letter or _, at most 63 characters, and not one of PostgreSQL\'s own (pg_…, information_schema)')
      .optional(),
    ADMIN_EMAIL: z.email('must be an email address').optional(),
    ADMIN_PASSWORD: AdminPasswordSchema.optional(),
    SESSION_PASSWORD: z.string().min(32, 'must have at least 32 characters').optional(),
    /** The key that encrypts stored secrets: 32 bytes, base64 or hex. Unset: DATA_DIR/master.key. */
    MASTER_KEY: z.string().refine(isMasterKey, MASTER_KEY_FORMAT).optional(),
    /**
     * Retired master keys, comma-separated, still accepted for opening secrets sealed before a
     * rotation (never for sealing). Only with MASTER_KEY; file keys keep theirs in DATA_DIR.
     */
    MASTER_KEY_PREVIOUS: z
      .string()
      .default('')
      .transform(commaSeparated)
      .pipe(z.array(z.string().refine(isMasterKey, `each entry ${MASTER_KEY_FORMAT}`))),
    OUTBOUND_ALLOW_HOSTS: z
      .string()
      .default('')
      .transform(commaSeparated)
      .pipe(z.array(HostPortSchema)),
    OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** The largest Swagger/OpenAPI file accepted (upload, URL, save), in bytes; 25,000,000 by default. */
    SWAGGER_MAX_BYTES: z.coerce
      .number({ message: 'must be a number of bytes, such as 5000000' })
      .int('must be a whole number of bytes, such as 5000000')
      .min(10_000, 'must be at least 10000 (bytes, not megabytes)')
      .max(API_DESCRIPTION_MAX_BYTES_CEILING, `must be at most ${API_DESCRIPTION_MAX_BYTES_CEILING} bytes`)
      .default(API_DESCRIPTION_MAX_BYTES),
    /**
     * Which proxies in front of the console to believe about the client's address and protocol:
     * a hop count ("1") or a comma-separated list of addresses/CIDRs ("loopback", "10.0.0.0/8").
     * Never "true": then anyone could forge X-Forwarded-For and dodge the sign-in limits.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value, ctx): false | number | string[] => {
        const trimmed = value.trim();
        if (trimmed === '' || trimmed === 'false') return false;
        if (/^\d+$/.test(trimmed)) return Number(trimmed);
        const entries = commaSeparated(trimmed);
        const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
        const invalid = entries.filter((entry) => !named.has(entry) && !isAddressOrCidr(entry));
        if (trimmed === 'true' || invalid.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a hop count or a list of proxy addresses/CIDRs (not ${invalid.join(', ') || trimmed})`,
          });
          return z.NEVER;
        }
        return entries;
      }),
    /** Default check interval for new data sources; below 30 s only for tests and benchmarks. */
    HEALTH_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(DEFAULT_CHECK_INTERVAL_SECONDS),
    /** At most this many checks run at once. */
    HEALTH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** Raw checks are kept this long; hourly aggregates much longer. */
    HEALTH_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    HEALTH_AGGREGATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** A working API slower than this (token + API call) is "degraded". */
    HEALTH_DEGRADED_LATENCY_MS: z.coerce.number().int().min(1).max(120_000).default(3000),
    /** How long to reuse a token whose response has no expires_in (Salesforce sends none). */
    TOKEN_DEFAULT_LIFETIME_SECONDS: z.coerce.number().int().min(0).max(86_400).default(900),
    /** A session ends after this long without the person doing anything (background refreshes do not count). */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    /** A session ends this long after sign-in, however active. */
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * "pretty": one readable line per entry; "json": a JSON object per line, for log collectors.
     * Unset: pretty when stdout is a terminal (the launch scripts set it when theirs is), else JSON.
     */
    LOG_FORMAT: z.enum(['pretty', 'json'], { message: 'must be pretty or json' }).optional(),
    /**
     * Whether Strict-Transport-Security, sent whenever the console sees https, covers subdomains of
     * its name too. "false" when a subdomain of the console's own name must stay reachable over http.
     */
    HSTS_INCLUDE_SUBDOMAINS: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    /** The console's address when served under a name (https://keyway.example.com); requests for other names are refused. */
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    /** The built web app; defaults to the workspace's web/dist. */
    WEB_DIST: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither',
      });
    }
    if (env.DATABASE_SCHEMA && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_SCHEMA'], message: 'set it only with DATABASE_URL: SQLite has no schemas' });
    }
    if (env.MASTER_KEY_PREVIOUS.length > 0 && !env.MASTER_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['MASTER_KEY_PREVIOUS'],
        message: 'set it only with MASTER_KEY: without MASTER_KEY, retired keys live in DATA_DIR/master.previous.keys',
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

/** "a, b,,c " → ["a", "b", "c"]: how every list setting is written. */
function commaSeparated(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function isAddressOrCidr(entry: string): boolean {
  try {
    if (entry.includes('/')) ipaddr.parseCIDR(entry);
    else ipaddr.parse(entry);
    return true;
  } catch {
    return false;
  }
}

export class EnvError extends Error {}

/** Parses the environment once at start-up; a bad value stops the server with every problem listed. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new EnvError(`The environment is not valid:\n${lines.join('\n')}`);
  }
  return { ...result.data, DATA_DIR: path.resolve(result.data.DATA_DIR) };
}
