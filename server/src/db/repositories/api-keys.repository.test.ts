import { afterEach, describe, expect, it } from 'vitest';
import { postgresBackend, sqliteBackend, type OpenedDatabase } from '../../test-support/test-databases';
import { isUniqueViolation } from '../database';
import { createApiKeysRepository, type ApiKeyRow } from './api-keys.repository';

const row = (overrides: Partial<ApiKeyRow> = {}): ApiKeyRow => ({
  id: 'key-1',
  name: 'Sync',
  prefix: 'kw_abcdefgh',
  hash: 'a'.repeat(64),
  role: 'editor',
  created_at: '2026-11-23T10:00:00.000Z',
  created_by: 'admin@example.test',
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
  ...overrides,
});

// Every test of a skipped backend is reported as skipped, one by one.
for (const backend of [sqliteBackend, postgresBackend]) {
  describe.skipIf(Boolean(backend.skip))(`API keys table on ${backend.name}`, () => {
    let opened: OpenedDatabase | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });

    it('is added by 0006 to a database from before it, and keeps prefixes unique', async () => {
      opened = await backend.open({ upTo: '0005-finer-latency-buckets' });
      expect((await opened.db.introspection.getTables()).some((t) => t.name === 'api_keys')).toBe(false);
      const ran = await opened.migrateToLatest();
      expect(ran.map((r) => [r.migrationName, r.status])).toContainEqual(['0006-api-keys', 'Success']);

      const keys = createApiKeysRepository(opened.db);
      await keys.insert(row());
      const duplicate = await keys.insert(row({ id: 'key-2' })).catch((error: unknown) => error);
      expect(isUniqueViolation(duplicate)).toBe(true);
      expect(await keys.findByPrefix('kw_abcdefgh')).toEqual(row());
    });

    it('revokes once, and moves last_used_at only when it is older than the bound given', async () => {
      opened = await backend.open();
      const keys = createApiKeysRepository(opened.db);
      await keys.insert(row());
      expect(await keys.revoke('key-1', '2026-11-23T11:00:00.000Z')).toBe(true);
      expect(await keys.revoke('key-1', '2026-11-23T12:00:00.000Z')).toBe(false);
      expect((await keys.findById('key-1'))?.revoked_at).toBe('2026-11-23T11:00:00.000Z');

      expect(await keys.touch('key-1', '2026-11-23T10:05:00.000Z', '2026-11-23T10:04:00.000Z')).toBe(true);
      expect(await keys.touch('key-1', '2026-11-23T10:05:30.000Z', '2026-11-23T10:04:30.000Z')).toBe(false);
      expect(await keys.touch('key-1', '2026-11-23T10:06:00.000Z', '2026-11-23T10:05:00.000Z')).toBe(true);
      expect((await keys.findById('key-1'))?.last_used_at).toBe('2026-11-23T10:06:00.000Z');
    });
  });
}
