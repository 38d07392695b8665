import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestReceipts } from '../connectivity/test-receipt';
import { createDataSourcesRepository } from '../db/repositories/datasources.repository';
import { createFoldersRepository } from '../db/repositories/folders.repository';
import { createSecretsRepository } from '../db/repositories/secrets.repository';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';
import { createDataSourcesService } from '../routes/datasources/datasources.service';
import { createDataDir, type DataDirFixture } from './key-rotation.fixtures';
import { ENVIRONMENT_ROTATION_STEPS, rotateMasterKey } from './key-rotation';
import { EnvironmentKeyring, FileKeyring, KeyringError, PREVIOUS_KEYS_FILE, ROTATION_LOCK_FILE } from '../crypto/keyring';
import { secretAssociatedData } from '../crypto/secret-aad';
import { keyIdOf, SecretBox } from '../crypto/secret-box';

const OWNERS = ['ds-a', 'ds-b', 'ds-c', 'ds-d', 'ds-e'];
const plaintextOf = (owner: string) => `secret of ${owner}`;

describe('rotateMasterKey with the key files in DATA_DIR', () => {
  let data: DataDirFixture;
  /** The console that wrote the rows, still running: it follows the files by itself. */
  let consoleBox: SecretBox;
  let oldKeyId: string;

  beforeEach(async () => {
    data = await createDataDir();
    consoleBox = SecretBox.fromSource(data.keyring);
    oldKeyId = consoleBox.currentKeyId;
    for (const owner of OWNERS) await data.put(consoleBox, owner, 'clientSecret', plaintextOf(owner));
  });
  afterEach(async () => {
    await data.close();
  });

  /** A console started after the rotation: it knows only what the files say. */
  const restartedBox = () => SecretBox.fromSource(new FileKeyring(data.dataDir));

  it('re-encrypts every row under a new key; rows written before it still read, in the running and in a restarted console', async () => {
    const before = await data.rows();
    const summary = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir) });

    expect(summary).toMatchObject({
      keyring: 'file',
      action: 'rotate',
      replacedKeyId: oldKeyId,
      reencrypted: OWNERS.length,
      alreadyCurrent: 0,
      failed: [],
      stopped: false,
      olderKeysInUse: [],
      keptKeyIds: [oldKeyId],
      droppedKeyIds: [],
    });
    expect(summary.currentKeyId).not.toBe(oldKeyId);

    const after = await data.rows();
    for (const [index, row] of after.entries()) {
      expect(row.key_id).toBe(summary.currentKeyId);
      // A new nonce and ciphertext, the same version: the secret's value did not change.
      expect(row.nonce).not.toBe(before[index]!.nonce);
      expect(row.version).toBe(before[index]!.version);
    }
    for (const box of [consoleBox, restartedBox()]) {
      for (const owner of OWNERS) expect(await data.read(box, owner, 'clientSecret')).toBe(plaintextOf(owner));
    }
    // The running console now seals under the new key.
    expect(consoleBox.seal('x', secretAssociatedData('ds-z', 'clientSecret')).keyId).toBe(summary.currentKeyId);
    // The lock is gone; a second rotation keeps both older keys.
    expect(fs.existsSync(path.join(data.dataDir, ROTATION_LOCK_FILE))).toBe(false);
    const second = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir) });
    expect(second.keptKeyIds).toEqual([summary.currentKeyId, oldKeyId]);
    for (const owner of OWNERS) expect(await data.read(restartedBox(), owner, 'clientSecret')).toBe(plaintextOf(owner));
  });

  it('fault: a rotation that crashes after the new keyring is written leaves every row readable, and --finish completes it', async () => {
    let written = 0;
    await expect(
      rotateMasterKey({
        db: data.db,
        keyring: new FileKeyring(data.dataDir),
        onRow: () => {
          if (++written > 2) throw new Error('simulated crash after 2 rows');
        },
      }),
    ).rejects.toThrow('simulated crash after 2 rows');

    const newKeyId = keyIdOf(new FileKeyring(data.dataDir).load().current);
    const keyIds = (await data.rows()).map((row) => row.key_id);
    expect(keyIds.filter((id) => id === newKeyId)).toHaveLength(2);
    expect(keyIds.filter((id) => id === oldKeyId)).toHaveLength(OWNERS.length - 2);
    for (const box of [consoleBox, restartedBox()]) {
      for (const owner of OWNERS) expect(await data.read(box, owner, 'clientSecret')).toBe(plaintextOf(owner));
    }
    expect(fs.existsSync(path.join(data.dataDir, ROTATION_LOCK_FILE))).toBe(false);

    const finished = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir), action: 'finish' });
    expect(finished).toMatchObject({ action: 'finish', currentKeyId: newKeyId, reencrypted: OWNERS.length - 2, alreadyCurrent: 2, failed: [] });
    expect(finished.replacedKeyId).toBeUndefined();
    expect((await data.rows()).every((row) => row.key_id === newKeyId)).toBe(true);
    for (const owner of OWNERS) expect(await data.read(restartedBox(), owner, 'clientSecret')).toBe(plaintextOf(owner));
  });

  it('fault: a secret a running console rewrites during the rotation is not overwritten with its older value', async () => {
    const secrets = createSecretsRepository(data.db);
    const summary = await rotateMasterKey({
      db: data.db,
      keyring: new FileKeyring(data.dataDir),
      onRow: async ({ ownerId }) => {
        // Between the rotation's read of this row and its write, an administrator saves a new secret.
        if (ownerId === 'ds-b') await data.put(consoleBox, 'ds-b', 'clientSecret', 'replaced during the rotation');
      },
    });

    expect(await data.read(restartedBox(), 'ds-b', 'clientSecret')).toBe('replaced during the rotation');
    expect((await secrets.find('ds-b', 'clientSecret'))!.version).toBe(2);
    // The console had already switched to the new key, so the row needed nothing more.
    expect((await secrets.find('ds-b', 'clientSecret'))!.keyId).toBe(summary.currentKeyId);
    expect(summary).toMatchObject({ reencrypted: OWNERS.length - 1, alreadyCurrent: 1, failed: [] });
  });

  it('fault: a secret a stale console rewrites under the old key during the rotation is re-read and re-encrypted', async () => {
    const staleBox = new SecretBox(data.keyring.load().current);
    const once = new Set<string>();
    const summary = await rotateMasterKey({
      db: data.db,
      keyring: new FileKeyring(data.dataDir),
      onRow: async ({ ownerId }) => {
        if (once.has(ownerId)) return;
        once.add(ownerId);
        if (ownerId === 'ds-c') await data.put(staleBox, 'ds-c', 'clientSecret', 'written under the old key');
        // Written behind the pass (ds-0 sorts before every other row): a later pass picks it up.
        if (ownerId === 'ds-e') await data.put(staleBox, 'ds-0', 'clientSecret', 'behind the pass');
      },
    });

    expect(summary).toMatchObject({ reencrypted: OWNERS.length + 1, alreadyCurrent: 0, failed: [], olderKeysInUse: [] });
    expect(await data.read(restartedBox(), 'ds-c', 'clientSecret')).toBe('written under the old key');
    expect(await data.read(restartedBox(), 'ds-0', 'clientSecret')).toBe('behind the pass');
    expect((await data.rows()).every((row) => row.key_id === summary.currentKeyId)).toBe(true);
  });

  it('attack: a ciphertext copied onto another record is not re-encrypted, and is reported', async () => {
    const a = (await data.rows()).find((row) => row.owner_id === 'ds-a')!;
    await data.db
      .updateTable('secrets')
      .set({ key_id: a.key_id, nonce: a.nonce, ciphertext: a.ciphertext })
      .where('owner_id', '=', 'ds-b')
      .execute();

    const summary = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir) });
    expect(summary.reencrypted).toBe(OWNERS.length - 1);
    expect(summary.failed).toEqual([
      {
        ownerId: 'ds-b',
        name: 'clientSecret',
        keyId: oldKeyId,
        reason: `it does not authenticate under key ${oldKeyId} (altered, or copied from another record or field)`,
      },
    ]);
    // Left as it was, and its key is kept because it still names it.
    const b = (await data.rows()).find((row) => row.owner_id === 'ds-b')!;
    expect(b).toMatchObject({ key_id: a.key_id, nonce: a.nonce, ciphertext: a.ciphertext });
    expect(summary.olderKeysInUse).toEqual([oldKeyId]);
    await expect(data.read(restartedBox(), 'ds-b', 'clientSecret')).rejects.toThrow(/unable to authenticate/);
    expect(await data.read(restartedBox(), 'ds-a', 'clientSecret')).toBe(plaintextOf('ds-a'));
  });

  it('attack: a ciphertext with a tampered tag is not re-encrypted, and is reported', async () => {
    const c = (await data.rows()).find((row) => row.owner_id === 'ds-c')!;
    const body = Buffer.from(c.ciphertext, 'base64');
    body[body.length - 1] = body[body.length - 1]! ^ 0x80;
    await data.db.updateTable('secrets').set({ ciphertext: body.toString('base64') }).where('owner_id', '=', 'ds-c').execute();

    const summary = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir), dropUnusedKeys: true });
    expect(summary.failed.map((f) => [f.ownerId, f.reason])).toEqual([
      ['ds-c', `it does not authenticate under key ${oldKeyId} (altered, or copied from another record or field)`],
    ]);
    // Even when asked to drop unused keys, the key a failed row names stays.
    expect(summary.droppedKeyIds).toEqual([]);
    expect(summary.keptKeyIds).toEqual([oldKeyId]);
  });

  it('fault: a secret rewritten on every attempt is left as it is and reported, never overwritten', async () => {
    let rewrites = 0;
    const summary = await rotateMasterKey({
      db: data.db,
      keyring: new FileKeyring(data.dataDir),
      onRow: async ({ ownerId }) => {
        // A stale console that keeps saving ds-d under the old key at the worst moment.
        if (ownerId === 'ds-d') await data.put(new SecretBox(data.keyring.load().previous[0]!), 'ds-d', 'clientSecret', `rewrite ${++rewrites}`);
      },
    });
    expect(summary.failed).toEqual([
      { ownerId: 'ds-d', name: 'clientSecret', keyId: oldKeyId, reason: 'it was rewritten on each of 5 attempts; run the rotation again' },
    ]);
    expect(await data.read(restartedBox(), 'ds-d', 'clientSecret')).toBe(`rewrite ${rewrites}`);
  });

  it('fault: a row under a key nobody has is reported with its key id and never a key', async () => {
    const stranger = new SecretBox(randomBytes(32));
    await data.put(stranger, 'ds-x', 'clientSecret', 'sealed elsewhere');
    const summary = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir) });
    expect(summary.failed).toEqual([
      {
        ownerId: 'ds-x',
        name: 'clientSecret',
        keyId: stranger.currentKeyId,
        reason: `no key with id ${stranger.currentKeyId} is loaded; was MASTER_KEY changed?`,
      },
    ]);
    expect(summary.olderKeysInUse).toContain(stranger.currentKeyId);
    const text = JSON.stringify(summary);
    for (const key of [...Object.values(new FileKeyring(data.dataDir).load()).flat()]) {
      expect(text).not.toContain(key.toString('base64'));
      expect(text).not.toContain(key.toString('hex'));
    }
  });

  it('keeps retired keys by default, and drops only those no row uses when asked', async () => {
    const first = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir) });
    expect(first.keptKeyIds).toEqual([oldKeyId]);
    const second = await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir), dropUnusedKeys: true });
    expect(second.droppedKeyIds.sort()).toEqual([oldKeyId, first.currentKeyId].sort());
    expect(second.keptKeyIds).toEqual([]);
    expect(new FileKeyring(data.dataDir).load().previous).toEqual([]);
    expect(fs.readFileSync(path.join(data.dataDir, PREVIOUS_KEYS_FILE), 'utf8')).not.toMatch(/^[A-Za-z0-9+/]{43}=$/m);
    for (const owner of OWNERS) expect(await data.read(restartedBox(), owner, 'clientSecret')).toBe(plaintextOf(owner));
  });

  it('fault: a rotation stopped by a signal leaves every row readable and says so', async () => {
    const controller = new AbortController();
    const summary = await rotateMasterKey({
      db: data.db,
      keyring: new FileKeyring(data.dataDir),
      signal: controller.signal,
      onRow: () => controller.abort(),
    });
    expect(summary).toMatchObject({ stopped: true, reencrypted: 1 });
    for (const owner of OWNERS) expect(await data.read(restartedBox(), owner, 'clientSecret')).toBe(plaintextOf(owner));
    expect(fs.existsSync(path.join(data.dataDir, ROTATION_LOCK_FILE))).toBe(false);
  });

  it('fault: a second rotation while one runs is refused before it touches a key', async () => {
    const keysBefore = fs.readFileSync(path.join(data.dataDir, 'master.key'), 'utf8');
    let inner: Promise<unknown> | undefined;
    await rotateMasterKey({
      db: data.db,
      keyring: new FileKeyring(data.dataDir),
      onRow: () => {
        inner ??= rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir) });
      },
    });
    await expect(inner).rejects.toThrow(KeyringError);
    await expect(inner).rejects.toThrow(/Another key rotation \(process \d+\) is running/);
    expect(fs.readFileSync(path.join(data.dataDir, 'master.key'), 'utf8')).not.toBe(keysBefore);
    for (const owner of OWNERS) expect(await data.read(restartedBox(), owner, 'clientSecret')).toBe(plaintextOf(owner));
  });

  it('writes what the data sources service reads: the associated data of both agree', async () => {
    const folders = createFoldersRepository(data.db);
    const folder = await folders.insert('rotation', 'Rotation');
    const now = new Date().toISOString();
    await createDataSourcesRepository(data.db).insert({
      id: 'ds-a',
      folder_id: folder.id,
      name: 'accounts',
      title: 'Accounts',
      description: '',
      service_type: 'restful',
      swagger_source: 'file',
      swagger_url: '',
      swagger_file_name: 'api.yaml',
      swagger_document: '{}',
      swagger_format: 'swagger-2.0',
      api_title: 'API',
      api_version: '1',
      operation_count: 1,
      scheme: 'https',
      host: 'api.example.test',
      base_path: '/',
      auth_type: 'oauth2',
      auth_config: JSON.stringify({ tokenUrl: 'https://login.example.test/token', clientId: 'client', clientAuthMethod: 'client_secret_post' }),
      last_test_ok: null,
      last_tested_at: null,
      last_test_message: null,
      created_at: now,
      updated_at: now,
    });
    await rotateMasterKey({ db: data.db, keyring: new FileKeyring(data.dataDir) });

    const outbound = new OutboundClient(createOutboundPolicy([]), 1_000);
    try {
      const service = createDataSourcesService({
        db: data.db,
        dataSources: createDataSourcesRepository(data.db),
        folders,
        secrets: createSecretsRepository(data.db),
        secretBox: restartedBox(),
        outbound,
        receipts: new TestReceipts(randomBytes(32)),
      });
      const { target } = await service.connectionOf('ds-a');
      expect(target.secrets.clientSecret).toBe(plaintextOf('ds-a'));
    } finally {
      await outbound.close();
    }
  });
});

describe('rotateMasterKey with MASTER_KEY in the environment', () => {
  let data: DataDirFixture;
  beforeEach(async () => {
    data = await createDataDir();
  });
  afterEach(async () => {
    await data.close();
  });

  it('re-encrypts under MASTER_KEY what is sealed under MASTER_KEY_PREVIOUS, and makes no key itself', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('hex');
    const oldBox = new SecretBox(new EnvironmentKeyring(oldKey).load().current);
    for (const owner of OWNERS) await data.put(oldBox, owner, 'clientSecret', plaintextOf(owner));
    const keyring = new EnvironmentKeyring(newKey, [oldKey]);

    await expect(rotateMasterKey({ db: data.db, keyring })).rejects.toThrow(ENVIRONMENT_ROTATION_STEPS);
    await expect(rotateMasterKey({ db: data.db, keyring, action: 'finish', dropUnusedKeys: true })).rejects.toThrow(/MASTER_KEY_PREVIOUS/);

    const summary = await rotateMasterKey({ db: data.db, keyring, action: 'finish' });
    expect(summary).toMatchObject({
      keyring: 'environment',
      currentKeyId: keyIdOf(keyring.load().current),
      reencrypted: OWNERS.length,
      failed: [],
      olderKeysInUse: [],
      keptKeyIds: [oldBox.currentKeyId],
    });
    const newBox = new SecretBox(keyring.load().current);
    for (const owner of OWNERS) expect(await data.read(newBox, owner, 'clientSecret')).toBe(plaintextOf(owner));
    // Nothing was written to DATA_DIR.
    expect(fs.existsSync(path.join(data.dataDir, PREVIOUS_KEYS_FILE))).toBe(false);
  });
});
