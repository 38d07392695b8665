import { hkdfSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { isMainThread } from 'node:worker_threads';
import type { Logger } from 'pino';
import { createApp } from './app';
import type { HealthMonitor } from './health/health-monitor';
import type { Env } from './config/env';
import { loadOrCreateKeyFile, randomKeyBase64 } from './crypto/key-files';
import { keyringFromEnv } from './crypto/keyring';
import { SecretBox } from './crypto/secret-box';
import { migrateToLatest, openDatabase } from './db/database';
import { createUsersRepository } from './db/repositories/users.repository';
import { createOutboundPolicy } from './outbound/address-policy';
import { OutboundClient } from './outbound/outbound-client';
import { createAuthService } from './routes/auth/auth.service';
import { makeDatabaseFilesPrivate, prepareDataDir } from './config/data-dir';
import { answerClientErrors } from './http/client-error';
import { createHttpServer } from './http/http-server';

export interface RunningServer {
  url: string;
  server: Server;
  monitor: HealthMonitor;
  /**
   * Graceful shutdown; calling it again returns the same promise. Stops accepting connections and
   * starting scheduled checks, lets requests and checks in flight finish for up to the grace
   * period, then cuts off what is left; closes the outbound client and the database last.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** How long close() waits for requests and checks in flight before cutting them off. */
  shutdownGraceMs?: number;
}

export const SHUTDOWN_GRACE_MS = 10_000;
/** After the grace period: how long outbound calls still running may take to wind down. */
const OUTBOUND_CLOSE_MS = 1_000;
/** After the grace period: how long the results of checks that had finished may take to be stored. */
const RESULTS_STORE_MS = 1_000;

/** Whether `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    const settled = promise.then(
      () => true,
      () => true,
    );
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function defaultWebDist(): string {
  // server/dist/index.js and server/src/server.ts both sit two levels below the workspace root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
}

/** Everything start-up does, in order; the console answers /api/healthz only once all of it is done. */
export async function startServer(env: Env, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const graceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
  // Everything the console writes is its own: SQLite creates the database and its -wal and -shm
  // files with the process's umask, and those hold password hashes, the audit log and ciphertexts.
  // (Worker threads share the process's umask and may not set it.)
  if (isMainThread) process.umask(0o077);
  prepareDataDir(env.DATA_DIR);
  // MASTER_KEY (and MASTER_KEY_PREVIOUS), or DATA_DIR/master.key (created on first start) and
  // master.previous.keys. With the files, the box follows a `keyway rotate-key` run by itself.
  const keyring = keyringFromEnv(env, { create: true });
  const secretBox = SecretBox.fromSource(keyring);
  const sessionPassword = env.SESSION_PASSWORD ?? loadOrCreateKeyFile(env.DATA_DIR, 'session.key', randomKeyBase64);
  // Derived from the master key at start: after a rotation, the next start changes it, which
  // only voids test receipts (30 minutes) issued before that restart.
  const masterKey = keyring.load().current;
  const receiptKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'keyway/test-receipt/v1', 32));

  const sqliteFile = path.join(env.DATA_DIR, 'keyway.db');
  const db = openDatabase({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, sqliteFile });
  await migrateToLatest(db);
  if (!env.DATABASE_URL) makeDatabaseFilesPrivate(sqliteFile);

  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const outcome = await createAuthService(createUsersRepository(db)).seedAdministrator(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    if (outcome === 'created') logger.info({ email: env.ADMIN_EMAIL }, 'administrator created from ADMIN_EMAIL');
  }

  const outbound = new OutboundClient(createOutboundPolicy(env.OUTBOUND_ALLOW_HOSTS), env.OUTBOUND_TIMEOUT_MS);
  const { app, monitor } = createApp({
    db,
    logger,
    secretBox,
    sessionPassword,
    receiptKey,
    outbound,
    trustProxy: env.TRUST_PROXY,
    webDist: env.WEB_DIST ?? defaultWebDist(),
    publicUrl: env.PUBLIC_URL,
    hstsIncludeSubDomains: env.HSTS_INCLUDE_SUBDOMAINS,
    swaggerMaxBytes: env.SWAGGER_MAX_BYTES,
    sessionLimits: { idleSeconds: env.SESSION_IDLE_MINUTES * 60, absoluteSeconds: env.SESSION_ABSOLUTE_HOURS * 3600 },
    health: {
      defaultIntervalSeconds: env.HEALTH_CHECK_INTERVAL_SECONDS,
      concurrency: env.HEALTH_CONCURRENCY,
      retentionDays: env.HEALTH_RETENTION_DAYS,
      aggregateRetentionDays: env.HEALTH_AGGREGATE_RETENTION_DAYS,
      degradedLatencyMs: env.HEALTH_DEGRADED_LATENCY_MS,
      tokenLifetimeSeconds: env.TOKEN_DEFAULT_LIFETIME_SECONDS,
    },
  });
  await monitor.start();

  const server = await new Promise<Server>((resolve, reject) => {
    const s = createHttpServer(app).listen(env.PORT, env.HOST, () => resolve(s));
    s.once('error', reject);
  });
  answerClientErrors(server);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let draining = false;
  // While draining, each response closes its connection, so that a keep-alive client cannot hold
  // shutdown open or slip in another request after this one.
  server.prependListener('request', (_req, res) => {
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
  });

  const shutdown = async () => {
    draining = true;
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const checksStopped = monitor.stop();
    const drained = await settlesWithin(Promise.all([httpClosed, checksStopped]), graceMs);
    let resultsStored = Promise.resolve();
    if (!drained) {
      logger.warn({ graceMs }, 'shutdown: requests or checks still running after the grace period are cut off');
      resultsStored = monitor.abandon();
      server.closeAllConnections();
    }
    await httpClosed;
    // Waits for outbound calls still running (only after a cut-off), for a moment.
    await settlesWithin(outbound.close(), OUTBOUND_CLOSE_MS);
    // After a cut-off, results of checks that had finished may still be waiting to share a commit.
    await settlesWithin(resultsStored, RESULTS_STORE_MS);
    await db.destroy();
  };
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${address.port}`,
    server,
    monitor,
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
