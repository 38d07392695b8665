import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EnvironmentKeyring,
  FileKeyring,
  KeyringError,
  keyringFromEnv,
  MASTER_KEY_FILE,
  PREVIOUS_KEYS_FILE,
  ROTATION_LOCK_FILE,
} from './keyring';
import { keyIdOf, SecretBox } from './secret-box';

const AD = 'data_source:3f0c:clientSecret';

describe('FileKeyring', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-keyring-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

  it('creates master.key on first start only when asked, and otherwise names the missing file', () => {
    expect(() => FileKeyring.open(dir, { create: false })).toThrow(KeyringError);
    expect(() => FileKeyring.open(dir, { create: false })).toThrow(`There is no master key at ${path.join(dir, MASTER_KEY_FILE)}. Is DATA_DIR right?`);
    const keyring = FileKeyring.open(dir, { create: true });
    const first = keyring.load();
    expect(first.current).toHaveLength(32);
    expect(first.previous).toEqual([]);
    expect(FileKeyring.open(dir, { create: false }).load().current.equals(first.current)).toBe(true);
  });

  it('promotes a new key: the old one goes to master.previous.keys, both files private', () => {
    const keyring = FileKeyring.open(dir, { create: true });
    const old = keyring.load().current;
    const next = randomBytes(32);
    const after = keyring.promote(next);
    expect(after.current.equals(next)).toBe(true);
    expect(after.previous.map(keyIdOf)).toEqual([keyIdOf(old)]);

    const reread = new FileKeyring(dir).load();
    expect(reread.current.equals(next)).toBe(true);
    expect(reread.previous.map(keyIdOf)).toEqual([keyIdOf(old)]);
    const text = fs.readFileSync(path.join(dir, PREVIOUS_KEYS_FILE), 'utf8');
    expect(text).toMatch(/^# Master keys retired by `keyway rotate-key`/);
    expect(text).toContain(`${old.toString('base64')}\n`);
    if (process.platform !== 'win32') {
      expect(modeOf(path.join(dir, MASTER_KEY_FILE))).toBe(0o600);
      expect(modeOf(path.join(dir, PREVIOUS_KEYS_FILE))).toBe(0o600);
    }
    // No temporary file is left behind.
    expect(fs.readdirSync(dir).sort()).toEqual([MASTER_KEY_FILE, PREVIOUS_KEYS_FILE]);

    // A second rotation keeps both older keys, newest first.
    const third = randomBytes(32);
    expect(keyring.promote(third).previous.map(keyIdOf)).toEqual([keyIdOf(next), keyIdOf(old)]);
  });

  it('fault: a rotation that dies after writing master.previous.keys leaves the old key current and every key on disk', () => {
    const keyring = FileKeyring.open(dir, { create: true });
    const old = keyring.load().current;
    const sealed = new SecretBox(old).seal('written before the rotation', AD);
    const rename = fs.renameSync;
    let renames = 0;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      // The first rename puts master.previous.keys in place; the second, master.key, "crashes".
      if (++renames === 2) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
      rename(from, to);
    });
    expect(() => keyring.promote(randomBytes(32))).toThrow('simulated crash');
    vi.restoreAllMocks();

    const after = new FileKeyring(dir).load();
    expect(after.current.equals(old)).toBe(true);
    expect(after.previous.map(keyIdOf)).toEqual([keyIdOf(old)]);
    expect(SecretBox.fromSource(new FileKeyring(dir)).open(sealed, AD)).toBe('written before the rotation');
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('forgets retired keys by id and leaves the others', () => {
    const keyring = FileKeyring.open(dir, { create: true });
    const first = keyring.load().current;
    const second = randomBytes(32);
    keyring.promote(second);
    keyring.promote(randomBytes(32));
    expect(keyring.forget([keyIdOf(first), 'unknownkeyid0000'])).toEqual([keyIdOf(first)]);
    expect(keyring.load().previous.map(keyIdOf)).toEqual([keyIdOf(second)]);
    expect(keyring.forget([keyIdOf(first)])).toEqual([]);
  });

  it('changes its stamp whenever a file is replaced', () => {
    const keyring = FileKeyring.open(dir, { create: true });
    const before = keyring.stamp();
    expect(keyring.stamp()).toBe(before);
    keyring.promote(randomBytes(32));
    expect(keyring.stamp()).not.toBe(before);
  });

  it('fault: an unreadable key file is named without its content', () => {
    fs.writeFileSync(path.join(dir, MASTER_KEY_FILE), 'not-a-key-but-maybe-a-password\n', { mode: 0o600 });
    const keyring = FileKeyring.open(dir, { create: false });
    expect(() => keyring.load()).toThrow(`${path.join(dir, MASTER_KEY_FILE)} does not hold a key`);
    expect(() => keyring.load()).not.toThrow(/maybe-a-password/);

    fs.writeFileSync(path.join(dir, MASTER_KEY_FILE), `${randomBytes(32).toString('base64')}\n`);
    fs.writeFileSync(path.join(dir, PREVIOUS_KEYS_FILE), `# comment\n\n${randomBytes(32).toString('hex')}\nhunter2\n`);
    expect(() => keyring.load()).toThrow(`${path.join(dir, PREVIOUS_KEYS_FILE)} line 4 does not hold a key`);
  });

  it('fault: a second rotation is refused while one holds the lock, and a lock left by a crash is reported, not taken over', () => {
    const keyring = FileKeyring.open(dir, { create: true });
    const release = keyring.lock();
    expect(() => keyring.lock()).toThrow(`Another key rotation (process ${process.pid}) is running`);
    release();
    keyring.lock()();

    // A pid that cannot be running: the rotation that wrote it is gone.
    fs.writeFileSync(path.join(dir, ROTATION_LOCK_FILE), '2147483647\n');
    expect(() => keyring.lock()).toThrow(/did not finish \(process 2147483647\).*delete the file, then run `keyway rotate-key --finish`/);
    expect(fs.existsSync(path.join(dir, ROTATION_LOCK_FILE))).toBe(true);
  });

  it('lets a running box follow a rotation another process made', () => {
    const consoleBox = SecretBox.fromSource(FileKeyring.open(dir, { create: true }));
    const before = consoleBox.seal('before', AD);

    // The CLI works on its own FileKeyring over the same folder.
    const next = randomBytes(32);
    new FileKeyring(dir).promote(next);
    const resealed = new SecretBox(next).seal('before', AD);

    expect(consoleBox.open(resealed, AD)).toBe('before');
    expect(consoleBox.open(before, AD)).toBe('before');
    expect(consoleBox.seal('after', AD).keyId).toBe(keyIdOf(next));
  });
});

describe('keyringFromEnv', () => {
  it('takes MASTER_KEY and MASTER_KEY_PREVIOUS when MASTER_KEY is set, and never reads DATA_DIR then', () => {
    const current = randomBytes(32);
    const previous = [randomBytes(32), randomBytes(32)];
    const keyring = keyringFromEnv(
      { DATA_DIR: '/nonexistent/keyway', MASTER_KEY: current.toString('hex'), MASTER_KEY_PREVIOUS: previous.map((k) => k.toString('base64')) },
      { create: true },
    );
    expect(keyring).toBeInstanceOf(EnvironmentKeyring);
    expect(keyIdOf(keyring.load().current)).toBe(keyIdOf(current));
    expect(keyring.load().previous.map(keyIdOf)).toEqual(previous.map(keyIdOf));
    expect(keyring.stamp()).toBe(keyring.stamp());
  });

  it('uses the files in DATA_DIR otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-keyring-'));
    try {
      expect(keyringFromEnv({ DATA_DIR: dir }, { create: true })).toBeInstanceOf(FileKeyring);
      expect(fs.existsSync(path.join(dir, MASTER_KEY_FILE))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
