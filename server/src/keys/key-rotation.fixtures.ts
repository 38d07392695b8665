// Test fixtures for key rotation: a data folder in a temporary directory with the console's
// SQLite database and key files, and secrets written as the console writes them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { createSecretsRepository } from '../db/repositories/secrets.repository';
import { FileKeyring } from '../crypto/keyring';
import { secretAssociatedData } from '../crypto/secret-aad';
import type { SecretBox } from '../crypto/secret-box';
import type { SecretsTable } from '../db/schema';

export type StoredRow = Omit<SecretsTable, 'updated_at'>;

/** A fresh DATA_DIR as the console leaves it after its first start: keyway.db migrated, master.key made. */
export async function createDataDir() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-rotation-'));
  const db: Db = openDatabase({ sqliteFile: path.join(dataDir, 'keyway.db') });
  await migrateToLatest(db);
  const keyring = FileKeyring.open(dataDir, { create: true });
  const secrets = createSecretsRepository(db);
  return {
    dataDir,
    db,
    keyring,
    /** Writes a secret as the console does: sealed with its record and field as associated data. */
    async put(box: SecretBox, ownerId: string, name: string, plaintext: string): Promise<void> {
      await secrets.put(ownerId, name, box.seal(plaintext, secretAssociatedData(ownerId, name)));
    },
    /** Opens one secret as the console does. */
    async read(box: SecretBox, ownerId: string, name: string): Promise<string> {
      const stored = await secrets.find(ownerId, name);
      if (!stored) throw new Error(`no secret ${ownerId}/${name}`);
      return box.open(stored, secretAssociatedData(ownerId, name));
    },
    async rows(): Promise<StoredRow[]> {
      const rows = await db.selectFrom('secrets').select(['owner_id', 'name', 'key_id', 'nonce', 'ciphertext', 'version']).orderBy('owner_id').orderBy('name').execute();
      return rows.map((row) => ({ ...row, version: Number(row.version) }));
    },
    async close(): Promise<void> {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type DataDirFixture = Awaited<ReturnType<typeof createDataDir>>;
