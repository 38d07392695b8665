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
  help                    Show this text.

It reads the console's environment: DATA_DIR, DATABASE_URL, MASTER_KEY, MASTER_KEY_PREVIOUS.
No command prints a key, except generate-key.`;

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
    if (error instanceof EnvError || error instanceof KeyringError) {
      output.err(error.message);
    } else {
      output.err(`keyway ${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  }
}

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

  const db = openDatabase({ url: env.DATABASE_URL, sqliteFile });
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
