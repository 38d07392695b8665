import { randomBytes } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../db/database';
import { KeyringError, type KeyringStore } from '../crypto/keyring';
import { secretAssociatedData } from '../crypto/secret-aad';
import { keyIdOf, SecretBox } from '../crypto/secret-box';

/** A secret the rotation could not move to the current key; it stays as it was, under its old key. */
export interface FailedSecret {
  /** The data source the secret belongs to. */
  ownerId: string;
  /** Its field, such as clientSecret. */
  name: string;
  keyId: string;
  /** Why it did not open; never the secret or a key. */
  reason: string;
}

export interface ReencryptionResult {
  reencrypted: number;
  /** Rows that needed nothing: under the current key already, or rewritten under it by someone else meanwhile. */
  alreadyCurrent: number;
  failed: FailedSecret[];
  /** The signal stopped the run before every row was visited. */
  stopped: boolean;
}

export interface ReencryptOptions {
  db: Db;
  /** Opens with any of its keys, seals with its current one. */
  box: SecretBox;
  /** Checked between rows: aborting stops the run cleanly, every row whole. */
  signal?: AbortSignal;
  /**
   * Called for each row after it was read and sealed anew, just before the compare-and-set that
   * writes it. Throwing stops the rotation there; tests use it to inject a crash or a concurrent write.
   */
  onRow?: (row: { ownerId: string; name: string }) => void | Promise<void>;
}

type SecretRow = { owner_id: string; name: string; key_id: string; nonce: string; ciphertext: string };

const SECRET_COLUMNS = ['owner_id', 'name', 'key_id', 'nonce', 'ciphertext'] as const;
const BATCH_SIZE = 200;
/** A row rewritten by others this often in a row is left for the next run. */
const MAX_ATTEMPTS = 5;
/** Later passes pick up rows a console wrote under an old key behind the first pass. */
const MAX_PASSES = 5;

/**
 * Re-seals every secret that is not under the box's current key. Each row is written with a
 * compare-and-set on the (key id, nonce) it was read with, so a secret a console rewrites
 * meanwhile is never overwritten with the older value: the row is read again and retried.
 *
 * The version stays as it is: it counts changes of the secret's value, which re-encryption does
 * not make. The nonce is new (as on every seal), so a cached token or a test receipt bound to
 * the old nonce is renewed once.
 */
export async function reencryptSecrets({ db, box, signal, onRow }: ReencryptOptions): Promise<ReencryptionResult> {
  const startKeyId = box.currentKeyId;
  const current = await db
    .selectFrom('secrets')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('key_id', '=', startKeyId)
    .executeTakeFirstOrThrow();
  const result: ReencryptionResult = { reencrypted: 0, alreadyCurrent: Number(current.count), failed: [], stopped: false };
  const failed = new Set<string>();

  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let visited = 0;
    let after: SecretRow | undefined;
    for (;;) {
      let query = db
        .selectFrom('secrets')
        .select(SECRET_COLUMNS)
        .where('key_id', '<>', startKeyId)
        .orderBy('owner_id')
        .orderBy('name')
        .limit(BATCH_SIZE);
      if (after) {
        const { owner_id, name } = after;
        query = query.where((eb) => eb.or([eb('owner_id', '>', owner_id), eb.and([eb('owner_id', '=', owner_id), eb('name', '>', name)])]));
      }
      const rows = await query.execute();
      for (const row of rows) {
        if (signal?.aborted) return { ...result, stopped: true };
        const id = `${row.owner_id}\u0000${row.name}`;
        if (failed.has(id)) continue;
        visited++;
        const outcome = await reencryptRow(db, box, row, onRow);
        if (outcome === 'reencrypted') result.reencrypted++;
        else if (outcome === 'current') result.alreadyCurrent++;
        else if (outcome !== 'gone') {
          failed.add(id);
          result.failed.push(outcome);
        }
      }
      if (rows.length < BATCH_SIZE) break;
      after = rows.at(-1);
    }
    if (visited === 0) break;
  }
  return result;
}

async function reencryptRow(
  db: Db,
  box: SecretBox,
  first: SecretRow,
  onRow: ReencryptOptions['onRow'],
): Promise<'reencrypted' | 'current' | 'gone' | FailedSecret> {
  let row = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const associatedData = secretAssociatedData(row.owner_id, row.name);
    let sealed;
    try {
      const plaintext = box.open({ keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext }, associatedData);
      sealed = box.seal(plaintext, associatedData);
    } catch (error) {
      return { ownerId: row.owner_id, name: row.name, keyId: row.key_id, reason: openFailure(error, row.key_id) };
    }
    await onRow?.({ ownerId: row.owner_id, name: row.name });
    const updated = await db
      .updateTable('secrets')
      .set({ key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext })
      .where('owner_id', '=', row.owner_id)
      .where('name', '=', row.name)
      .where('key_id', '=', row.key_id)
      .where('nonce', '=', row.nonce)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) return 'reencrypted';

    // Rewritten or removed since it was read: look again.
    const fresh = await db
      .selectFrom('secrets')
      .select(SECRET_COLUMNS)
      .where('owner_id', '=', row.owner_id)
      .where('name', '=', row.name)
      .executeTakeFirst();
    if (!fresh) return 'gone';
    if (fresh.key_id === box.currentKeyId) return 'current';
    row = fresh;
  }
  return {
    ownerId: row.owner_id,
    name: row.name,
    keyId: row.key_id,
    reason: `it was rewritten on each of ${MAX_ATTEMPTS} attempts; run the rotation again`,
  };
}

function openFailure(error: unknown, keyId: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unable to authenticate|authentication tag/i.test(message)) {
    return `it does not authenticate under key ${keyId} (altered, or copied from another record or field)`;
  }
  return message;
}

export interface RotateMasterKeyOptions extends Omit<ReencryptOptions, 'box'> {
  keyring: KeyringStore;
  /**
   * `rotate` (the default) makes a new random current key first; only a file keyring can.
   * `finish` re-encrypts what is not under the current key: after an interrupted rotation, or
   * with MASTER_KEY, whose new value the operator sets in the environment.
   */
  action?: 'rotate' | 'finish';
  /**
   * Removes from master.previous.keys the retired keys no secret uses once the run is done.
   * Off by default: a database backup made before the rotation still needs them.
   */
  dropUnusedKeys?: boolean;
}

export interface RotationSummary extends ReencryptionResult {
  keyring: KeyringStore['kind'];
  action: 'rotate' | 'finish';
  /** The key every secret that could be moved is now sealed under. */
  currentKeyId: string;
  /** Set when this run made a new key: the id of the key it replaced. */
  replacedKeyId?: string;
  /** Retired keys some secret still needs (failed rows, or rows written under an old key meanwhile). */
  olderKeysInUse: string[];
  /** Retired keys still kept: in master.previous.keys, or in MASTER_KEY_PREVIOUS. */
  keptKeyIds: string[];
  /** Retired keys removed from master.previous.keys because no secret needed them. */
  droppedKeyIds: string[];
}

export const ENVIRONMENT_ROTATION_STEPS =
  'With MASTER_KEY set, the keys come from the environment and only the operator can change them: ' +
  'make a key (`keyway generate-key`), restart the console with MASTER_KEY set to it and MASTER_KEY_PREVIOUS to the old key, ' +
  'then run `keyway rotate-key` with the same two variables to re-encrypt every secret under the new key.';

/**
 * Moves every stored secret to a new master key (or, with `finish`, to the current one) and
 * answers what it did. With a file keyring the new key and the retired one are on disk before
 * any row changes, so a crash at any point leaves every row readable; a running console follows
 * the change by itself (SecretBox reloads the files). Other processes need nothing stopped.
 *
 * Made to be called by the `keyway rotate-key` command and, later, by an admin action.
 */
export async function rotateMasterKey(options: RotateMasterKeyOptions): Promise<RotationSummary> {
  const { db, keyring, action = 'rotate', dropUnusedKeys = false, signal, onRow } = options;

  if (keyring.kind === 'environment') {
    if (action === 'rotate') throw new KeyringError(ENVIRONMENT_ROTATION_STEPS);
    if (dropUnusedKeys) {
      throw new KeyringError('With MASTER_KEY set, retired keys live in MASTER_KEY_PREVIOUS: remove them there once no secret uses them.');
    }
    const ring = keyring.load();
    const box = new SecretBox(ring.current, ring.previous);
    const result = await reencryptSecrets({ db, box, signal, onRow });
    const inUse = await keyIdsInUse(db);
    return {
      ...result,
      keyring: keyring.kind,
      action,
      currentKeyId: box.currentKeyId,
      olderKeysInUse: [...inUse].filter((id) => id !== box.currentKeyId),
      keptKeyIds: ring.previous.map(keyIdOf),
      droppedKeyIds: [],
    };
  }

  const release = keyring.lock();
  try {
    let replacedKeyId: string | undefined;
    let ring = keyring.load();
    if (action === 'rotate') {
      replacedKeyId = keyIdOf(ring.current);
      // Both files are written, retired key first, before any row changes.
      ring = keyring.promote(randomBytes(32));
    }
    // This process writes the files, so its box needs no reloading.
    const box = new SecretBox(ring.current, ring.previous);
    const result = await reencryptSecrets({ db, box, signal, onRow });

    let droppedKeyIds: string[] = [];
    if (dropUnusedKeys && !result.stopped) {
      droppedKeyIds = await withSecretsWriteLock(db, async (trx) => {
        const inUse = await keyIdsInUse(trx);
        return keyring.forget(keyring.load().previous.map(keyIdOf).filter((id) => !inUse.has(id)));
      });
    }
    const inUse = await keyIdsInUse(db);
    return {
      ...result,
      keyring: keyring.kind,
      action,
      currentKeyId: box.currentKeyId,
      replacedKeyId,
      olderKeysInUse: [...inUse].filter((id) => id !== box.currentKeyId),
      keptKeyIds: keyring.load().previous.map(keyIdOf),
      droppedKeyIds,
    };
  } finally {
    release();
  }
}

async function keyIdsInUse(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('secrets').select('key_id').distinct().execute();
  return new Set(rows.map((row) => row.key_id));
}

/**
 * Runs `work` while no other transaction can write secrets, and after every transaction that
 * was writing them has ended. A console seals a secret inside a transaction that has already
 * written to `secrets` (datasources.service.ts removes the other fields first), so a seal under
 * a key being dropped either committed before `work` looks, or happens after it with the new key.
 */
async function withSecretsWriteLock<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // getExecutor() is marked internal in Kysely's types; it is the only way to ask for the dialect.
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`lock table secrets in share row exclusive mode`.execute(trx);
    } else {
      // SQLite: any write statement, even one that matches nothing, takes the database's write lock.
      await sql`update secrets set key_id = key_id where 1 = 0`.execute(trx);
    }
    return work(trx);
  });
}
