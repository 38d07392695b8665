import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDataDir, type DataDirFixture } from '../keys/key-rotation.fixtures';
import { EnvironmentKeyring, FileKeyring, MASTER_KEY_FILE, PREVIOUS_KEYS_FILE } from '../crypto/keyring';
import { isMasterKey, keyIdOf, SecretBox } from '../crypto/secret-box';
import { runCli, type CliOutput } from './cli';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OWNERS = ['ds-1', 'ds-2', 'ds-3'];

/** The command as an operator runs it: its own process, through tsx, with only the variables given. */
function runKeyway(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(serverDir, 'src/cli/keyway.ts'), ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function capture(): CliOutput & { out: (line: string) => void; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

/** No form in which a key could appear in a transcript. */
function expectNoKey(text: string, keys: Buffer[]) {
  for (const key of keys) {
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
    expect(text.toLowerCase()).not.toContain(key.toString('hex').toLowerCase());
  }
}

describe('keyway command line', () => {
  it('explains itself: help, a missing or unknown command, an unknown option', async () => {
    const help = capture();
    expect(await runCli(['help'], { output: help })).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/rotate-key[\s\S]*--finish[\s\S]*generate-key/);

    const none = capture();
    expect(await runCli([], { output: none })).toBe(2);
    expect(none.stderr.join('\n')).toMatch(/^Name a command\./);

    const unknown = capture();
    expect(await runCli(['rotate'], { output: unknown })).toBe(2);
    expect(unknown.stderr.join('\n')).toMatch(/^Unknown command "rotate"\./);

    const option = capture();
    expect(await runCli(['rotate-key', '--force'], { output: option, env: {} })).toBe(2);
    expect(option.stderr.join('\n')).toMatch(/--force/);
  });

  it('generate-key prints one new key on stdout and nothing else there', async () => {
    const first = capture();
    const second = capture();
    expect(await runCli(['generate-key'], { output: first })).toBe(0);
    expect(await runCli(['generate-key'], { output: second })).toBe(0);
    expect(first.stdout).toHaveLength(1);
    expect(isMasterKey(first.stdout[0]!)).toBe(true);
    expect(first.stdout[0]).not.toBe(second.stdout[0]);
    expect(first.stderr.join('\n')).toMatch(/only time the key is shown/);
  });

  it('fault: an invalid environment stops rotate-key with the list of problems and no value', async () => {
    const output = capture();
    const secretLooking = 'not-a-key-but-a-password';
    expect(await runCli(['rotate-key'], { output, env: { MASTER_KEY: secretLooking, MASTER_KEY_PREVIOUS: 'also-not-a-key' } })).toBe(1);
    const text = output.stderr.join('\n');
    expect(text).toMatch(/MASTER_KEY: must be 32 bytes/);
    expect(text).toMatch(/MASTER_KEY_PREVIOUS\.0: each entry must be 32 bytes/);
    expect(text).not.toContain(secretLooking);
    expect(text).not.toContain('also-not-a-key');
  });
});

describe('keyway rotate-key, end to end in its own process', () => {
  let data: DataDirFixture;
  beforeEach(async () => {
    data = await createDataDir();
  });
  afterEach(async () => {
    await data.close();
  });

  it('rotates the key files while a console runs; the console and a restarted one read every row', async () => {
    const consoleBox = SecretBox.fromSource(data.keyring);
    for (const owner of OWNERS) await data.put(consoleBox, owner, 'clientSecret', `secret of ${owner}`);
    const oldKey = data.keyring.load().current;

    const result = await runKeyway(['rotate-key'], { DATA_DIR: data.dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const newKey = new FileKeyring(data.dataDir).load().current;
    expect(keyIdOf(newKey)).not.toBe(keyIdOf(oldKey));
    expect(result.stdout).toContain(
      `New master key ${keyIdOf(newKey)} in ${path.join(data.dataDir, MASTER_KEY_FILE)}; the key it replaces, ${keyIdOf(oldKey)}, is kept in ${path.join(data.dataDir, PREVIOUS_KEYS_FILE)}.`,
    );
    expect(result.stdout).toContain('Secrets re-encrypted: 3; already under the current key: 0; failed: 0.');
    expectNoKey(result.stdout + result.stderr, [oldKey, newKey]);

    expect((await data.rows()).every((row) => row.key_id === keyIdOf(newKey))).toBe(true);
    const audit = await data.db.selectFrom('audit_events').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'key.rotate', outcome: 'success', actor_email: null });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ currentKeyId: keyIdOf(newKey), replacedKeyId: keyIdOf(oldKey), reencrypted: 3, failed: 0 });
    expectNoKey(audit[0]!.details, [oldKey, newKey]);
    const restarted = SecretBox.fromSource(new FileKeyring(data.dataDir));
    for (const box of [consoleBox, restarted]) {
      for (const owner of OWNERS) expect(await data.read(box, owner, 'clientSecret')).toBe(`secret of ${owner}`);
    }
    if (process.platform !== 'win32') expect(fs.statSync(path.join(data.dataDir, PREVIOUS_KEYS_FILE)).mode & 0o777).toBe(0o600);

    // Run again with --finish: nothing left to do.
    const again = await runKeyway(['rotate-key', '--finish'], { DATA_DIR: data.dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Secrets re-encrypted: 0; already under the current key: 3; failed: 0.');
  });

  it('with MASTER_KEY set, re-encrypts under it what MASTER_KEY_PREVIOUS opens, and touches no file in DATA_DIR', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    for (const owner of OWNERS) await data.put(new SecretBox(oldKey), owner, 'clientSecret', `secret of ${owner}`);
    const filesBefore = fs.readdirSync(data.dataDir).sort();

    const result = await runKeyway(['rotate-key'], {
      DATA_DIR: data.dataDir,
      MASTER_KEY: newKey.toString('hex'),
      MASTER_KEY_PREVIOUS: oldKey.toString('base64'),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('MASTER_KEY is set, so no key is made here');
    expect(result.stdout).toContain('Secrets re-encrypted: 3; already under the current key: 0; failed: 0.');
    expect(result.stdout).toContain(`Keys in MASTER_KEY_PREVIOUS no secret uses any more: ${keyIdOf(oldKey)}.`);
    expectNoKey(result.stdout + result.stderr, [oldKey, newKey, data.keyring.load().current]);

    const box = SecretBox.fromSource(new EnvironmentKeyring(newKey.toString('base64')));
    for (const owner of OWNERS) expect(await data.read(box, owner, 'clientSecret')).toBe(`secret of ${owner}`);
    expect(fs.readdirSync(data.dataDir).filter((name) => !name.startsWith('keyway.db')).sort()).toEqual(
      filesBefore.filter((name) => !name.startsWith('keyway.db')),
    );
  });

  it('fault: a secret that does not open is named with its key id, the rest move, and the exit code is 1', async () => {
    const box = SecretBox.fromSource(data.keyring);
    for (const owner of OWNERS) await data.put(box, owner, 'clientSecret', `secret of ${owner}`);
    const stranger = randomBytes(32);
    await data.put(new SecretBox(stranger), 'ds-x', 'password', 'sealed under a key nobody has');

    const result = await runKeyway(['rotate-key'], { DATA_DIR: data.dataDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Secrets re-encrypted: 3; already under the current key: 0; failed: 1.');
    expect(result.stderr).toContain(
      `not re-encrypted: data source ds-x, field password, key ${keyIdOf(stranger)}: no key with id ${keyIdOf(stranger)} is loaded`,
    );
    expect(result.stderr).toMatch(/then run `keyway rotate-key --finish`/);
    expectNoKey(result.stdout + result.stderr, [stranger, ...Object.values(new FileKeyring(data.dataDir).load()).flat()]);
  });

  it('fault: a DATA_DIR without master.key is refused before anything is created', async () => {
    const empty = path.join(data.dataDir, 'elsewhere');
    const result = await runKeyway(['rotate-key'], { DATA_DIR: empty });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `There is no master key at ${path.join(empty, MASTER_KEY_FILE)}. Is DATA_DIR right? (The console creates the key on its first start; with MASTER_KEY set, the key comes from the environment instead.)`,
    );
    expect(fs.existsSync(empty)).toBe(false);
  });
});
