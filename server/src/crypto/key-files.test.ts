import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile, randomKeyBase64 } from './key-files';

describe('loadOrCreateKeyFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-key-files-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the key file with mode 0600, in a data folder it creates if missing', () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const value = loadOrCreateKeyFile(dataDir, 'master.key', () => 'first-value');
    expect(value).toBe('first-value');
    const file = path.join(dataDir, 'master.key');
    expect(fs.readFileSync(file, 'utf8')).toBe('first-value\n');
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      // The folder is created private too (before the process umask, which only removes bits).
      expect(fs.statSync(dataDir).mode & 0o077).toBe(0);
    }
  });

  it('returns the same value on the second call without calling or using the generator again', () => {
    let calls = 0;
    const create = () => `value-${++calls}`;
    const first = loadOrCreateKeyFile(dir, 'session.key', create);
    const second = loadOrCreateKeyFile(dir, 'session.key', create);
    expect(first).toBe('value-1');
    expect(second).toBe('value-1');
    expect(fs.readFileSync(path.join(dir, 'session.key'), 'utf8')).toBe('value-1\n');
  });

  it('never overwrites an existing file, and trims what it reads', () => {
    const file = path.join(dir, 'master.key');
    fs.writeFileSync(file, '  kept-by-the-operator  \n\n', { mode: 0o600 });
    const before = fs.statSync(file).mtimeMs;
    expect(loadOrCreateKeyFile(dir, 'master.key', () => 'would-overwrite')).toBe('kept-by-the-operator');
    expect(fs.readFileSync(file, 'utf8')).toBe('  kept-by-the-operator  \n\n');
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('refuses an empty existing file instead of replacing it', () => {
    const file = path.join(dir, 'master.key');
    fs.writeFileSync(file, '\n');
    expect(() => loadOrCreateKeyFile(dir, 'master.key', () => 'new')).toThrow(/is empty; delete it/);
    expect(fs.readFileSync(file, 'utf8')).toBe('\n');
  });

  it('randomKeyBase64 gives 32 random bytes as base64', () => {
    const a = randomKeyBase64();
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(randomKeyBase64()).not.toBe(a);
  });
});
