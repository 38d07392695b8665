import { EnvError, parseEnv } from './config/env';
import { createLogger } from './logger';
import { startServer } from './server';

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

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Keyway could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
