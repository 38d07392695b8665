import { EnvError, parseEnv } from './config/env';
import { createLogger } from './logger';
import { SHUTDOWN_GRACE_MS, startServer } from './server';

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
  const logger = createLogger(env.LOG_LEVEL);
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
    logger.info({ signal, graceSeconds: SHUTDOWN_GRACE_MS / 1000 }, 'shutting down: finishing requests and checks in flight');
    setTimeout(() => {
      logger.error('shutdown did not finish; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 10_000).unref();
    running.close().then(
      () => {
        logger.info('stopped');
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
