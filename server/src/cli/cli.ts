import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EnvError, parseEnv } from '../config/env';
import { randomKeyBase64 } from '../crypto/key-files';
import { rotateMasterKey, type RotationSummary } from '../keys/key-rotation';
import { KeyringError, keyringFromEnv, type KeyringStore } from '../crypto/keyring';
import { openDatabase, type Db } from '../db/database';
import { createAuditRepository } from '../db/repositories/audit.repository';
import { createApiKeysRepository } from '../db/repositories/api-keys.repository';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import { createApiKeysService } from '../routes/api-keys/api-keys.service';
import { API_KEY_STATUS_LABELS, ApiKeyCreateSchema, apiKeyStatus, ROLE_LABELS, type ApiKey, type Role } from '@keyway/shared';

/** Where the command writes; a test passes its own. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  output?: CliOutput;
  /** Stops a rotation cleanly between two rows (Ctrl+C). */
  signal?: AbortSignal;
}

export const USAGE = `Usage: keyway <command>

Commands:
  rotate-key              Make a new master key and re-encrypt every stored secret under it.
                          The new key and the retired one are written to DATA_DIR before any
                          secret changes; a running console follows the change by itself.
                          With MASTER_KEY set, no key is made: every secret is re-encrypted under
                          MASTER_KEY, opened with MASTER_KEY_PREVIOUS where needed.
    --finish              Make no new key; re-encrypt only what is not under the current key
                          (after an interrupted rotation).
    --drop-unused-keys    Then remove from master.previous.keys every retired key no secret uses.
                          Database backups made before the rotation need those keys.
  generate-key            Print a new random master key (base64) to stdout, for MASTER_KEY.
                          Nothing is stored; the key is shown only this once.
  api-key create --name NAME --role administrator|editor|viewer [--expires-days N]
                          Make an API key for a program using /api/v1 and print it to stdout,
                          alone (what to do with it goes to stderr). Only its hash is stored;
                          the key is shown only this once. Without --expires-days it works until
                          revoked. An administrator key can manage users and API keys.
  api-key list            List API keys: id, prefix, name, role, status, dates. Never a key.
  api-key revoke ID       Revoke a key, named by its id or its prefix (kw_…); programs using it
                          are refused from their next request.
  help                    Show this text.

It reads the console's environment: DATA_DIR, DATABASE_URL, MASTER_KEY, MASTER_KEY_PREVIOUS.
No command prints a key, except generate-key and api-key create.`;

const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs one command and answers its exit code: 0 done, 1 failed, 2 not understood. */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const output = options.output ?? consoleOutput;
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'rotate-key':
        return await rotateKeyCommand(rest, options.env ?? process.env, output, options.signal);
      case 'api-key':
        return await apiKeyCommand(rest, options.env ?? process.env, output);
      case 'generate-key':
        if (rest.length > 0) return usageError(output, `generate-key takes no arguments`);
        output.out(randomKeyBase64());
        output.err('This is the only time the key is shown; nothing was stored. Keep it with your other secrets.');
        return 0;
      case 'help':
      case '--help':
      case '-h':
        output.out(USAGE);
        return 0;
      case undefined:
        return usageError(output, 'Name a command.');
      default:
        return usageError(output, `Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof EnvError || error instanceof KeyringError || error instanceof CliError || error instanceof AppError) {
      output.err(error.message);
    } else {
      output.err(`keyway ${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  }
}

/** A refusal whose message says all there is to say (no "keyway … failed:" in front). */
class CliError extends Error {}

function usageError(output: CliOutput, message: string): number {
  output.err(`${message}\n\n${USAGE}`);
  return 2;
}

async function rotateKeyCommand(args: string[], source: NodeJS.ProcessEnv, output: CliOutput, signal?: AbortSignal): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      args,
      options: { finish: { type: 'boolean' }, 'drop-unused-keys': { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    return usageError(output, error instanceof Error ? error.message : String(error));
  }

  const env = parseEnv(source);
  const keyring = keyringFromEnv(env, { create: false });
  const sqliteFile = path.join(env.DATA_DIR, 'keyway.db');
  if (!env.DATABASE_URL && !fs.existsSync(sqliteFile)) {
    throw new KeyringError(`There is no database at ${sqliteFile}. Is DATA_DIR right? (Set DATABASE_URL when the console uses PostgreSQL.)`);
  }
  const action = flags.finish || keyring.kind === 'environment' ? 'finish' : 'rotate';
  if (keyring.kind === 'environment' && !flags.finish) {
    output.out('MASTER_KEY is set, so no key is made here: every secret is re-encrypted under MASTER_KEY.');
  }

  const db = openDatabase({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, sqliteFile });
  let summary: RotationSummary;
  try {
    summary = await rotateMasterKey({ db, keyring, action, dropUnusedKeys: flags['drop-unused-keys'] ?? false, signal });
    await recordRotation(db, summary, output);
  } finally {
    await db.destroy();
  }
  report(summary, keyring, output);
  return summary.failed.length > 0 || summary.stopped ? 1 : 0;
}

/** The audit log's entry for a rotation: no signed-in person ran it, so the operating system's user name is kept. */
async function recordRotation(db: Db, summary: RotationSummary, output: CliOutput): Promise<void> {
  try {
    await createAuditRepository(db).record({
      action: 'key.rotate',
      outcome: summary.failed.length > 0 || summary.stopped ? 'failure' : 'success',
      actor: null,
      details: {
        by: `${os.userInfo().username}@${os.hostname()} (keyway rotate-key${summary.action === 'finish' ? ' --finish' : ''})`,
        currentKeyId: summary.currentKeyId,
        ...(summary.replacedKeyId ? { replacedKeyId: summary.replacedKeyId } : {}),
        reencrypted: summary.reencrypted,
        alreadyCurrent: summary.alreadyCurrent,
        failed: summary.failed.length,
      },
    });
  } catch (error) {
    output.err(`The rotation is done, but its audit log entry could not be written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function report(summary: RotationSummary, keyring: KeyringStore, output: CliOutput): void {
  const where = keyring.kind === 'file' ? keyring.masterKeyFile : 'MASTER_KEY';
  const retiredStore = keyring.kind === 'file' ? keyring.previousKeysFile : 'MASTER_KEY_PREVIOUS';
  if (summary.replacedKeyId) {
    output.out(`New master key ${summary.currentKeyId} in ${where}; the key it replaces, ${summary.replacedKeyId}, is kept in ${retiredStore}.`);
  } else {
    output.out(`Current master key: ${summary.currentKeyId} (${where}).`);
  }
  output.out(
    `Secrets re-encrypted: ${summary.reencrypted}; already under the current key: ${summary.alreadyCurrent}; failed: ${summary.failed.length}.`,
  );
  for (const failure of summary.failed) {
    output.err(`  not re-encrypted: data source ${failure.ownerId}, field ${failure.name}, key ${failure.keyId}: ${failure.reason}`);
  }
  if (summary.droppedKeyIds.length > 0) {
    output.out(`Removed from ${retiredStore}, no secret uses them: ${summary.droppedKeyIds.join(', ')}.`);
  }
  if (summary.keptKeyIds.length > 0) {
    const unused = summary.keptKeyIds.filter((id) => !summary.olderKeysInUse.includes(id));
    const used = summary.keptKeyIds.filter((id) => summary.olderKeysInUse.includes(id));
    if (used.length > 0) output.out(`Retired keys some secret still needs (kept in ${retiredStore}): ${used.join(', ')}.`);
    if (unused.length > 0) {
      output.out(
        keyring.kind === 'file'
          ? `Retired keys no secret uses, kept in ${retiredStore} for database backups made before the rotation: ${unused.join(', ')} (--drop-unused-keys removes them).`
          : `Keys in MASTER_KEY_PREVIOUS no secret uses any more: ${unused.join(', ')}. Remove them once every console runs with the new MASTER_KEY.`,
      );
    }
  }
  const unknown = summary.olderKeysInUse.filter((id) => !summary.keptKeyIds.includes(id));
  if (unknown.length > 0) output.err(`Secrets are sealed under keys that are not loaded: ${unknown.join(', ')}.`);

  if (summary.stopped) {
    output.err('Stopped before every secret was visited; every secret is still readable. Run `keyway rotate-key --finish` to complete the rotation.');
  } else if (summary.failed.length > 0) {
    output.err(
      'Some secrets were not re-encrypted and still need their old keys, which were kept. Type those secrets again in the console (or restore them), then run `keyway rotate-key --finish`.',
    );
  } else if (summary.action === 'rotate') {
    output.out('Done. A running console already uses the new key; test receipts issued before its next restart must be renewed after it.');
  } else {
    output.out('Done.');
  }
}

/** The roles as the command line spells them: the console's words, and its ids. */
const CLI_ROLES: Record<string, Role> = { administrator: 'admin', admin: 'admin', editor: 'editor', viewer: 'viewer' };

async function apiKeyCommand(args: string[], source: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const [subcommand, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, role: { type: 'string' }, 'expires-days': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(output, error instanceof Error ? error.message : String(error));
  }
  const { values: flags, positionals } = parsed;
  switch (subcommand) {
    case 'create': {
      if (positionals.length > 0) return usageError(output, `api-key create takes no arguments besides its options (got "${positionals[0]}").`);
      if (flags.name === undefined) return usageError(output, 'api-key create needs --name NAME: what uses the key.');
      if (flags.role === undefined) return usageError(output, 'api-key create needs --role administrator, editor or viewer.');
      const role = CLI_ROLES[flags.role.toLowerCase()];
      if (!role) return usageError(output, `--role must be administrator, editor or viewer (not "${flags.role}").`);
      const days = flags['expires-days'];
      if (days !== undefined && !/^\d+$/.test(days)) return usageError(output, `--expires-days must be a whole number of days (not "${days}").`);
      const input = ApiKeyCreateSchema.safeParse({ name: flags.name, role, expiresInDays: days === undefined ? undefined : Number(days) });
      if (!input.success) {
        return usageError(output, input.error.issues.map((issue) => `--${issue.path[0] === 'expiresInDays' ? 'expires-days' : String(issue.path[0])}: ${issue.message}`).join('\n'));
      }
      return withApiKeys(source, output, async (service) => {
        const { apiKey, key } = await service.create('cli', input.data);
        output.out(key);
        const expiry = apiKey.expiresAt ? `expires ${cliTime(apiKey.expiresAt)}` : 'never expires';
        output.err(`Created API key ${apiKey.prefix} "${apiKey.name}" (${ROLE_LABELS[apiKey.role]}, ${expiry}; id ${apiKey.id}).`);
        if (apiKey.role === 'admin') output.err('It is an Administrator key: whoever holds it can manage users and API keys.');
        output.err('This is the only time the key is shown; Keyway keeps only its hash. Programs send it as "Authorization: Bearer <key>".');
        return 0;
      });
    }
    case 'list':
      if (positionals.length > 0 || Object.keys(flags).length > 0) return usageError(output, 'api-key list takes no arguments.');
      return withApiKeys(source, output, async (service) => {
        const keys = await service.list();
        if (keys.length === 0) output.out('No API keys. Make one with: keyway api-key create --name NAME --role viewer');
        else for (const line of apiKeyTable(keys)) output.out(line);
        return 0;
      });
    case 'revoke': {
      if (positionals.length !== 1 || Object.keys(flags).length > 0) return usageError(output, 'api-key revoke takes one argument: the id or prefix of the key.');
      const id = positionals[0]!;
      return withApiKeys(source, output, async (service) => {
        const before = await service.get(id);
        const after = await service.revoke('cli', id);
        if (before.revokedAt) output.out(`API key ${after.prefix} "${after.name}" was already revoked (${cliTime(before.revokedAt)}).`);
        else output.out(`Revoked API key ${after.prefix} "${after.name}": programs using it are refused from their next request.`);
        return 0;
      });
    }
    case undefined:
      return usageError(output, 'Name an api-key command: create, list or revoke.');
    default:
      return usageError(output, `Unknown api-key command "${subcommand}".`);
  }
}

/** The console's database, as the console would open it, with the API keys service on it; audited as the command line. */
async function withApiKeys(source: NodeJS.ProcessEnv, output: CliOutput, run: (service: ReturnType<typeof createApiKeysService>) => Promise<number>): Promise<number> {
  const env = parseEnv(source);
  const sqliteFile = path.join(env.DATA_DIR, 'keyway.db');
  if (!env.DATABASE_URL && !fs.existsSync(sqliteFile)) {
    throw new CliError(`There is no database at ${sqliteFile}. Is DATA_DIR right? (Set DATABASE_URL when the console uses PostgreSQL.)`);
  }
  const db = openDatabase({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, sqliteFile });
  try {
    // The console makes the table when it starts (migrations); the command does not change the schema behind its back.
    if (!(await db.introspection.getTables()).some((table) => table.name === 'api_keys')) {
      throw new CliError('This database has no API keys table yet. Start this version of the console once, so it can upgrade the database, then run the command again.');
    }
    const audit = createAuditRepository(db);
    const ranAs = `${os.userInfo().username}@${os.hostname()}`;
    const cliAudit: Pick<AuditLog, 'record'> = {
      async record(_req, entry) {
        try {
          await audit.record({ ...entry, actor: null, ip: null, details: { ...entry.details, ranAs } });
        } catch (error) {
          output.err(`Done, but its audit log entry could not be written: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    };
    return await run(createApiKeysService(createApiKeysRepository(db), cliAudit));
  } finally {
    await db.destroy();
  }
}

/** "2026-11-23 10:04 UTC": to the minute, in one zone for everyone reading a shared terminal log. */
function cliTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Columns padded to their widest cell; the key and its hash are not columns. */
function apiKeyTable(keys: ApiKey[]): string[] {
  const header = ['ID', 'PREFIX', 'NAME', 'ROLE', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED', 'CREATED BY'];
  const rows = keys.map((key) => [
    key.id,
    key.prefix,
    key.name,
    ROLE_LABELS[key.role],
    API_KEY_STATUS_LABELS[apiKeyStatus(key)],
    cliTime(key.createdAt),
    key.expiresAt ? cliTime(key.expiresAt) : 'never',
    key.lastUsedAt ? cliTime(key.lastUsedAt) : 'never',
    key.createdBy,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
}
