import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDataDir, type DataDirFixture } from '../keys/key-rotation.fixtures';
import { EnvironmentKeyring, FileKeyring, MASTER_KEY_FILE, PREVIOUS_KEYS_FILE } from '../crypto/keyring';
import { isMasterKey, keyIdOf, SecretBox } from '../crypto/secret-box';
import { runCli, USAGE, type CliOutput } from './cli';

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

describe('keyway api-key', () => {
  let data: DataDirFixture;
  beforeEach(async () => {
    data = await createDataDir();
  });
  afterEach(async () => {
    await data.close();
  });

  it('attack: api-key create prints the key alone on stdout, stores only its hash, and list and the audit log never show it', async () => {
    const created = await runKeyway(['api-key', 'create', '--name', 'Nightly sync', '--role', 'administrator', '--expires-days', '30'], { DATA_DIR: data.dataDir });
    expect(created.code).toBe(0);
    // Exactly one line, the key: `KEY=$(keyway api-key create …)` gets the key and nothing else.
    expect(created.stdout).toMatch(/^kw_[a-km-np-z2-9]{8}_[A-Za-z0-9_-]{43}\n$/);
    const key = created.stdout.trim();
    const secret = key.slice(12);
    expect(created.stderr).toContain(`Created API key ${key.slice(0, 11)} "Nightly sync" (Administrator, expires `);
    expect(created.stderr).toContain('whoever holds it can manage users and API keys');
    expect(created.stderr).toContain('This is the only time the key is shown');
    expect(created.stderr).not.toContain(secret);

    const row = await data.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Nightly sync', role: 'admin', prefix: key.slice(0, 11), created_by: 'keyway api-key (CLI)', revoked_at: null });
    expect(row.hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(Date.parse(row.expires_at!) - Date.parse(row.created_at)).toBe(30 * 86_400_000);

    const listed = await runKeyway(['api-key', 'list'], { DATA_DIR: data.dataDir });
    expect(listed.code).toBe(0);
    const [header, line, ...rest] = listed.stdout.trim().split('\n');
    expect(header).toMatch(/^ID +PREFIX +NAME +ROLE +STATUS +CREATED +EXPIRES +LAST USED +CREATED BY$/);
    expect(line).toMatch(new RegExp(`^${row.id} +${row.prefix} +Nightly sync +Administrator +Active +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC +\\d{4}.+ UTC +never +keyway api-key \\(CLI\\)$`));
    expect(rest).toEqual([]);
    expect(listed.stdout + listed.stderr).not.toContain(secret);
    expect(listed.stdout).not.toContain(row.hash);

    const audit = await data.db.selectFrom('audit_events').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'api_key.create', actor_email: null, target_type: 'api_key', target_id: row.id, target_label: 'Nightly sync' });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ by: 'keyway api-key (CLI)', prefix: row.prefix, role: 'admin' });
    expect(audit[0]!.details).not.toContain(secret);
  });

  it('revokes by prefix or id, once, audited as the command line; an unknown key is named', async () => {
    const created = await runKeyway(['api-key', 'create', '--name', 'Old job', '--role', 'viewer'], { DATA_DIR: data.dataDir });
    expect(created.code).toBe(0);
    const prefix = created.stdout.trim().slice(0, 11);
    expect(created.stderr).toContain('(Viewer, never expires;');

    const revoked = await runKeyway(['api-key', 'revoke', prefix], { DATA_DIR: data.dataDir });
    expect([revoked.code, revoked.stderr]).toEqual([0, '']);
    expect(revoked.stdout).toBe(`Revoked API key ${prefix} "Old job": programs using it are refused from their next request.\n`);
    const row = await data.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();

    const output = capture();
    expect(await runCli(['api-key', 'revoke', row.id], { output, env: { DATA_DIR: data.dataDir } })).toBe(0);
    expect(output.stdout.join('\n')).toMatch(new RegExp(`^API key ${prefix} "Old job" was already revoked \\(\\d{4}-`));
    const list = capture();
    expect(await runCli(['api-key', 'list'], { output: list, env: { DATA_DIR: data.dataDir } })).toBe(0);
    expect(list.stdout[1]).toMatch(/ Viewer +Revoked /);

    const entries = await data.db.selectFrom('audit_events').selectAll().where('action', '=', 'api_key.revoke').execute();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ by: 'keyway api-key (CLI)', prefix });

    const unknown = capture();
    expect(await runCli(['api-key', 'revoke', 'kw_zzzzzzzz'], { output: unknown, env: { DATA_DIR: data.dataDir } })).toBe(1);
    expect(unknown.stderr).toEqual(['The API key was not found.']);
  });

  it('says what is wrong with its arguments, with exit code 2, and makes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['api-key'], /^Name an api-key command: create, list or revoke\./],
      [['api-key', 'rotate'], /^Unknown api-key command "rotate"\./],
      [['api-key', 'create', '--role', 'viewer'], /^api-key create needs --name NAME/],
      [['api-key', 'create', '--name', 'x'], /^api-key create needs --role administrator, editor or viewer/],
      [['api-key', 'create', '--name', 'x', '--role', 'owner'], /^--role must be administrator, editor or viewer \(not "owner"\)/],
      [['api-key', 'create', '--name', 'x', '--role', 'viewer', '--expires-days', '1.5'], /^--expires-days must be a whole number of days \(not "1\.5"\)/],
      [['api-key', 'create', '--name', 'x', '--role', 'viewer', '--expires-days', '4000'], /^--expires-days: A key lasts at most 3650 days/],
      [['api-key', 'create', '--name', 'Sync\u202Egnp', '--role', 'viewer'], /^--name: Remove the invisible character U\+202E \(right-to-left override\) at position 5/],
      [['api-key', 'create', '--name', 'x', '--role', 'viewer', '--force'], /--force/],
      [['api-key', 'revoke'], /^api-key revoke takes one argument: the id or prefix of the key\./],
      [['api-key', 'list', 'extra'], /^api-key list takes no arguments\./],
    ];
    for (const [args, message] of cases) {
      const output = capture();
      expect({ args, code: await runCli(args, { output, env: { DATA_DIR: data.dataDir } }) }).toEqual({ args, code: 2 });
      expect(output.stderr.join('\n')).toMatch(message);
      expect(output.stdout).toEqual([]);
    }
    expect(await data.db.selectFrom('api_keys').selectAll().execute()).toEqual([]);
    expect(USAGE).toMatch(/api-key create --name NAME --role administrator\|editor\|viewer \[--expires-days N\][\s\S]*api-key list[\s\S]*api-key revoke ID/);
  });

  it('fault: api-key with a DATA_DIR that holds no database is refused, and nothing is created', async () => {
    const empty = path.join(data.dataDir, 'elsewhere');
    const output = capture();
    expect(await runCli(['api-key', 'create', '--name', 'x', '--role', 'viewer'], { output, env: { DATA_DIR: empty } })).toBe(1);
    expect(output.stderr).toEqual([`There is no database at ${path.join(empty, 'keyway.db')}. Is DATA_DIR right? (Set DATABASE_URL when the console uses PostgreSQL.)`]);
    expect(output.stdout).toEqual([]);
    expect(fs.existsSync(empty)).toBe(false);
  });
});
