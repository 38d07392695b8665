import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateKeyFile, randomKeyBase64 } from './key-files';
import { keyIdOf, parseMasterKey, type Keyring, type KeyringSource } from './secret-box';

/** The current master key, in DATA_DIR when MASTER_KEY is not set. */
export const MASTER_KEY_FILE = 'master.key';
/** Keys retired by a rotation, one per line: they open secrets sealed before it. */
export const PREVIOUS_KEYS_FILE = 'master.previous.keys';
/** Held while a rotation changes the key files, so two rotations cannot lose each other's key. */
export const ROTATION_LOCK_FILE = 'master.rotation.lock';

/** A problem an operator can act on; its message names files and key ids, never a key. */
export class KeyringError extends Error {}

const PREVIOUS_KEYS_HEADER = [
  '# Master keys retired by `keyway rotate-key`, newest first, one per line (base64).',
  '# They open secrets sealed before a rotation, in the database and in its backups. Keep this file',
  '# private (mode 0600) and back it up with master.key.',
];

/**
 * The keyring in DATA_DIR: master.key holds the current key, master.previous.keys the retired
 * ones. Every change replaces a file atomically (a private temporary file, fsync, rename), and a
 * rotation writes the retired key to master.previous.keys before it replaces master.key, so a
 * crash at any point leaves every key that any row may use on disk.
 */
export class FileKeyring implements KeyringSource {
  readonly kind = 'file' as const;
  readonly masterKeyFile: string;
  readonly previousKeysFile: string;

  constructor(readonly dataDir: string) {
    this.masterKeyFile = path.join(dataDir, MASTER_KEY_FILE);
    this.previousKeysFile = path.join(dataDir, PREVIOUS_KEYS_FILE);
  }

  /** For messages: where the current key lives. */
  get location(): string {
    return this.masterKeyFile;
  }

  /**
   * The keyring of a data folder. `create` makes master.key on first start (the console does);
   * without it a missing master.key is an error (a rotation must not invent the key it replaces).
   */
  static open(dataDir: string, { create }: { create: boolean }): FileKeyring {
    const keyring = new FileKeyring(dataDir);
    if (create) {
      loadOrCreateKeyFile(dataDir, MASTER_KEY_FILE, randomKeyBase64);
    } else if (!fs.existsSync(keyring.masterKeyFile)) {
      throw new KeyringError(
        `There is no master key at ${keyring.masterKeyFile}. Is DATA_DIR right? (The console creates the key on its first start; with MASTER_KEY set, the key comes from the environment instead.)`,
      );
    }
    return keyring;
  }

  load(): Keyring {
    const current = readKey(fs.readFileSync(this.masterKeyFile, 'utf8'), this.masterKeyFile);
    return { current, previous: this.readPrevious() };
  }

  stamp(): string {
    return `${fileStamp(this.masterKeyFile)}|${fileStamp(this.previousKeysFile)}`;
  }

  /**
   * Makes `next` the current key and keeps every older one readable: the old current key goes
   * into master.previous.keys first, and only then is master.key replaced.
   */
  promote(next: Buffer): Keyring {
    const before = this.load();
    const previous = uniqueKeys([before.current, ...before.previous]).filter((key) => keyIdOf(key) !== keyIdOf(next));
    this.writePrevious(previous);
    writeFileAtomically(this.masterKeyFile, `${next.toString('base64')}\n`);
    return { current: next, previous };
  }

  /** Removes retired keys by id from master.previous.keys; answers the ids it removed. */
  forget(keyIds: readonly string[]): string[] {
    const previous = this.readPrevious();
    const kept = previous.filter((key) => !keyIds.includes(keyIdOf(key)));
    if (kept.length === previous.length) return [];
    this.writePrevious(kept);
    return previous.filter((key) => keyIds.includes(keyIdOf(key))).map(keyIdOf);
  }

  /**
   * Takes the rotation lock, answering the function that releases it. Only this file's creation
   * is atomic, so a lock left by a crashed rotation is not taken over: the operator removes it.
   */
  lock(): () => void {
    const file = path.join(this.dataDir, ROTATION_LOCK_FILE);
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      throw new KeyringError(
        isRunning(pid)
          ? `Another key rotation (process ${pid}) is running: ${file} exists. Wait for it to finish.`
          : `A key rotation that did not finish (process ${Number.isNaN(pid) ? 'unknown' : pid}) left ${file} behind. Make sure no rotation is running, delete the file, then run \`keyway rotate-key --finish\`.`,
      );
    }
    return () => fs.rmSync(file, { force: true });
  }

  private readPrevious(): Buffer[] {
    let text: string;
    try {
      text = fs.readFileSync(this.previousKeysFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const keys: Buffer[] = [];
    text.split('\n').forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed && !trimmed.startsWith('#')) keys.push(readKey(trimmed, `${this.previousKeysFile} line ${index + 1}`));
    });
    return keys;
  }

  private writePrevious(keys: Buffer[]): void {
    const lines = [...PREVIOUS_KEYS_HEADER, ...keys.map((key) => key.toString('base64'))];
    writeFileAtomically(this.previousKeysFile, `${lines.join('\n')}\n`);
  }
}

/** MASTER_KEY and MASTER_KEY_PREVIOUS: fixed for the life of the process; the operator changes them. */
export class EnvironmentKeyring implements KeyringSource {
  readonly kind = 'environment' as const;
  readonly location = 'MASTER_KEY';
  private readonly keyring: Keyring;

  constructor(masterKey: string, previousKeys: readonly string[] = []) {
    this.keyring = {
      current: parseMasterKey(masterKey),
      previous: previousKeys.map((value, index) => parseMasterKey(value, `MASTER_KEY_PREVIOUS entry ${index + 1}`)),
    };
  }

  load(): Keyring {
    return this.keyring;
  }

  stamp(): string {
    return 'environment';
  }
}

export type KeyringStore = FileKeyring | EnvironmentKeyring;

/** MASTER_KEY (with MASTER_KEY_PREVIOUS) when set; otherwise the key files in DATA_DIR. */
export function keyringFromEnv(
  env: { DATA_DIR: string; MASTER_KEY?: string; MASTER_KEY_PREVIOUS?: readonly string[] },
  { create }: { create: boolean },
): KeyringStore {
  if (env.MASTER_KEY) return new EnvironmentKeyring(env.MASTER_KEY, env.MASTER_KEY_PREVIOUS ?? []);
  return FileKeyring.open(env.DATA_DIR, { create });
}

function readKey(value: string, where: string): Buffer {
  try {
    return parseMasterKey(value);
  } catch {
    throw new KeyringError(`${where} does not hold a key: it must be 32 bytes, given as 64 hex characters or base64`);
  }
}

function uniqueKeys(keys: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const id = keyIdOf(key);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function fileStamp(file: string): string {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
}

/** Readers see the old file or the new one, never a part; the new one is private from its creation. */
function writeFileAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(file));
}

/** Makes the rename itself durable; not possible everywhere (Windows), where it is skipped. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the data itself was synced before the rename.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
