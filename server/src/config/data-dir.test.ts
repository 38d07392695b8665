import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { startServer } from '../server';
import { parseEnv } from './env';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const tempParent = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-datadir-'));
  made.push(dir);
  return dir;
};
const envFor = (dataDir: string) =>
  parseEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST: path.join(dataDir, 'no-web-app'), LOG_LEVEL: 'silent' });
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('DATA_DIR', () => {
  it('attack: an existing DATA_DIR that other users can read (made with mkdir -m 755) is refused at start, naming the folder and the fix', async () => {
    const dataDir = path.join(tempParent(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    await expect(startServer(envFor(dataDir), createLogger('silent'))).rejects.toThrow(
      new RegExp(`DATA_DIR \\(${dataDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) is open to other users .*mode 755.*chmod 700 `),
    );
    // Refused before anything was written there.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  // Giving a folder to another user takes root; as any other user the case cannot be set up.
  it.skipIf(process.getuid?.() !== 0)('attack: a private DATA_DIR that belongs to another user is refused at start, naming the owner and the fix', async () => {
    const dataDir = path.join(tempParent(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o700 });
    fs.chownSync(dataDir, 65534, 65534);
    await expect(startServer(envFor(dataDir), createLogger('silent'))).rejects.toThrow(/belongs to another user \(uid 65534\).*chown 0 /);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('attack: the folder the console creates is 0700, and the database, its WAL and shared-memory files and the keys in it are 0600', async () => {
    const dataDir = path.join(tempParent(), 'new', 'data');
    const running = await startServer(envFor(dataDir), createLogger('silent'));
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of ['keyway.db', 'keyway.db-wal', 'keyway.db-shm', 'master.key', 'session.key']) {
        expect({ file, mode: modeOf(path.join(dataDir, file)).toString(8) }).toEqual({ file, mode: '600' });
      }
    } finally {
      await running.close();
    }
  });

  it('a database file left readable by an older version becomes private at start', async () => {
    const dataDir = path.join(tempParent(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o700 });
    fs.writeFileSync(path.join(dataDir, 'keyway.db'), '');
    fs.chmodSync(path.join(dataDir, 'keyway.db'), 0o644);
    const running = await startServer(envFor(dataDir), createLogger('silent'));
    try {
      expect(modeOf(path.join(dataDir, 'keyway.db'))).toBe(0o600);
    } finally {
      await running.close();
    }
  });
});
