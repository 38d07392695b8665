import fs from 'node:fs';
import path from 'node:path';

/** A DATA_DIR the console will not use, with what to do about it. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/**
 * DATA_DIR holds the database (password hashes, the audit log, every ciphertext) and the keys, so
 * only the console's own user may open it. It is created 0700; an existing folder that its group
 * or other users may read, write or enter is refused, with the command that fixes it, since
 * quietly changing a folder the operator made could break whatever else they meant it for.
 */
export function prepareDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new DataDirError(`DATA_DIR (${dir}) is not a folder.`);
  if (process.platform === 'win32') return;
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    // Private to someone else is not private: that user (and whoever becomes them) reads everything.
    throw new DataDirError(
      `DATA_DIR (${path.resolve(dir)}) belongs to another user (uid ${stat.uid}); the console runs as uid ${uid}. ` +
        `Use a folder of the console's own user, or give it to that user with: chown ${uid} ${path.resolve(dir)}`,
    );
  }
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DataDirError(
      `DATA_DIR (${path.resolve(dir)}) is open to other users of this machine (mode ${mode.toString(8).padStart(3, '0')}), ` +
        `and it holds the database and the keys. Make it private with: chmod 700 ${path.resolve(dir)}`,
    );
  }
}

/** Files SQLite made before the console created them private (an older version, a copied backup) become 0600. */
export function makeDatabaseFilesPrivate(databaseFile: string): void {
  if (process.platform === 'win32') return;
  for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`]) {
    try {
      fs.chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
