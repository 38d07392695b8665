import { EnvError, parseEnv } from './config/env';
import { chooseLogFormat, createLogger } from './logger';
import { SHUTDOWN_GRACE_MS, startServer } from './server';

/** How long a shutdown may take before the console says it is waiting for work in flight. */
const SHUTDOWN_NOTICE_MS = 1_000;

async function main() {
  let env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL, undefined, { format: chooseLogFormat(env.LOG_FORMAT, process.stdout.isTTY === true) });
  const running = await startServer(env, logger);
  logger.info({ url: running.url, dataDir: env.DATA_DIR, database: env.DATABASE_URL ? 'postgresql' : 'sqlite' }, 'Keyway console is ready');

  // The first SIGINT/SIGTERM shuts down gracefully (see RunningServer.close); a second one, or
  // a shutdown that somehow outlives the grace period by far, exits at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    const startedAt = Date.now();
    // A shutdown with nothing in flight takes milliseconds and says so in one line ("stopped");
    // only one that has to wait says what it waits for.
    const waiting = setTimeout(() => {
      logger.info({ signal, graceSeconds: SHUTDOWN_GRACE_MS / 1000 }, 'shutting down: finishing requests and checks in flight');
    }, SHUTDOWN_NOTICE_MS).unref();
    setTimeout(() => {
      logger.error('shutdown did not finish; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 10_000).unref();
    running.close().then(
      () => {
        clearTimeout(waiting);
        logger.info({ signal, ms: Date.now() - startedAt }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Keyway could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
