import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial';
import { health } from './0002-health';
import { sessionVersion } from './0003-session-version';
import { rolesAndAudit } from './0004-roles-and-audit';
import { finerLatencyBuckets } from './0005-finer-latency-buckets';
import { apiKeys } from './0006-api-keys';
import { connectionsApi } from './0007-connections-api';

/** Listed here, not read from disk, so the bundled server carries its migrations with it. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-health': health,
  '0003-session-version': sessionVersion,
  '0004-roles-and-audit': rolesAndAudit,
  '0005-finer-latency-buckets': finerLatencyBuckets,
  '0006-api-keys': apiKeys,
  '0007-connections-api': connectionsApi,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
