import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial';

/** Listed here, not read from disk, so the bundled server carries its migrations with it. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
