import {
  secretFieldsOf,
  storedSecretChange,
  withoutSecrets,
  type AuthInput,
  type Certificate,
  type DataSourceInput,
  type SecretField,
  type SecretFieldSpec,
} from '@keyway/shared';
import type { ConnectionSecrets } from '../../connectivity/token-acquisition';
import type { SecretBox } from '../../crypto/secret-box';
import { secretAssociatedData } from '../../crypto/secret-aad';
import type { Db } from '../../db/database';
import type { DataSourceListRow } from '../../db/repositories/datasources.repository';
import type { SecretsRepository } from '../../db/repositories/secrets.repository';
import { unprocessable } from '../../errors';
import type { GeneratedKeyPairs } from './generated-key-pairs';

/** The values a connection is made with; the secrets, if any, inside `auth`. */
export type ConnectionValues = Pick<DataSourceInput, 'scheme' | 'host' | 'basePath' | 'auth'>;

/** A generated key pair a save adopts, opened before its transaction. */
export interface PreparedSecrets {
  adopted?: { id: string; userId: string; privateKeyPem: string; certificate: Certificate };
}

/** The nonce is unique to each write, so a receipt for an earlier secret never matches a later one. */
const storedRef = (id: string, nonce: string) => `stored:${id}:${nonce}`;

/** A saved row's authentication settings as stored: no secret, and for JWT the generated certificate, if any. */
export function storedConfigOf(row: Pick<DataSourceListRow, 'auth_type' | 'auth_config'>): Record<string, unknown> {
  return { type: row.auth_type, ...JSON.parse(row.auth_config) };
}

/** A saved row's connection, its authentication read back without the secrets. */
export function connectionValuesOf(row: DataSourceListRow): ConnectionValues {
  const { certificate: _certificate, ...auth } = storedConfigOf(row);
  return { scheme: row.scheme, host: row.host, basePath: row.base_path, auth: auth as AuthInput };
}

const generatedKeyIdOf = (auth: AuthInput) => (auth.type === 'oauth2' && auth.grantType === 'jwt_bearer' ? auth.generatedKeyId || undefined : undefined);
const typedValue = (auth: AuthInput, field: SecretField) => (auth as Partial<Record<SecretField, string>>)[field] || undefined;

function secretRequired(spec: SecretFieldSpec, why: 'missing' | 'moved' | 'new_user' | 'into_query' | 'unreadable') {
  const again = spec.field === 'privateKey' ? 'Enter the private key again or generate a new key pair' : `Type the ${spec.label} again`;
  const message = {
    missing: spec.field === 'privateKey' ? 'Enter a private key or generate a key pair.' : `Enter the ${spec.label}.`,
    moved: `${again}: the address it is sent to changed, and a stored secret is never sent to a new place.`,
    new_user: `${again}: the user name changed, and a stored password is used only with the user name it was entered for.`,
    into_query: `${again}: it would now go in the query string, where the logs of every server on the way keep it.`,
    unreadable: `The stored ${spec.label} can no longer be read (was MASTER_KEY changed?). ${again}.`,
  }[why];
  const field = { missing: `${spec.label} is required`, moved: `${again} for the new address`, new_user: `${again} for the new user name`, into_query: `${again} to send it in the query string`, unreadable: again }[why];
  return unprocessable('secret_required', message, { [`auth.${spec.field}`]: [field] });
}

/** Which secrets a test or save uses, and writing new ones: the stored-secret policy of data sources. */
export function createDataSourceSecrets({
  secrets,
  secretBox,
  keyPairs,
}: {
  secrets: SecretsRepository;
  secretBox: SecretBox;
  keyPairs: GeneratedKeyPairs;
}) {
  return {
    /**
     * The secrets a test or save uses: each one typed now, taken from a key pair generated for
     * this person, or stored, but a stored one only for the same kind of authentication and the
     * same destination (storedSecretChange). `ref` names them for receipts and token caches
     * without holding them; `open: false` skips decrypting stored ones.
     */
    async resolve(
      values: ConnectionValues,
      existing: DataSourceListRow | undefined,
      { open = true, userId }: { open?: boolean; userId?: string } = {},
    ): Promise<{ secrets: ConnectionSecrets; ref: string }> {
      const resolved: ConnectionSecrets = {};
      const refs: string[] = [];
      const change = existing ? storedSecretChange(connectionValuesOf(existing), values) : null;
      for (const spec of secretFieldsOf(values.auth)) {
        const typed = typedValue(values.auth, spec.field);
        const generatedId = spec.field === 'privateKey' ? generatedKeyIdOf(values.auth) : undefined;
        if (typed) {
          resolved[spec.field] = typed;
          refs.push(`${spec.field}=typed:${typed}`);
          continue;
        }
        if (generatedId) {
          if (!userId) throw secretRequired(spec, 'missing');
          const pair = await keyPairs.open(userId, generatedId);
          resolved.privateKey = pair.privateKeyPem;
          refs.push(`${spec.field}=${pair.ref}`);
          continue;
        }
        const stored = existing && change !== 'auth_type' ? await secrets.find(existing.id, spec.field) : undefined;
        if (!existing || !stored) {
          if (spec.required) throw secretRequired(spec, 'missing');
          continue;
        }
        if (change) throw secretRequired(spec, change === 'username' ? 'new_user' : change === 'key_placement' ? 'into_query' : 'moved');
        refs.push(`${spec.field}=${storedRef(existing.id, stored.nonce)}`);
        if (!open) continue;
        try {
          resolved[spec.field] = secretBox.open(stored, secretAssociatedData(existing.id, spec.field));
        } catch {
          throw secretRequired(spec, 'unreadable');
        }
      }
      return { secrets: resolved, ref: refs.length > 0 ? refs.join('|') : 'none' };
    },

    /** The `ref` of the secrets stored for a saved row as it is, or 'none'. */
    async storedRefOf(row: DataSourceListRow): Promise<string> {
      const refs: string[] = [];
      for (const { field } of secretFieldsOf(connectionValuesOf(row).auth)) {
        const stored = await secrets.find(row.id, field);
        if (stored) refs.push(`${field}=${storedRef(row.id, stored.nonce)}`);
      }
      return refs.length > 0 ? refs.join('|') : 'none';
    },

    /**
     * What a save of `auth` needs from the store before its transaction: the generated key pair it
     * adopts, if any (SQLite has one connection, so nothing outside the transaction may be read inside it).
     */
    async prepare(auth: AuthInput, userId: string | undefined): Promise<PreparedSecrets> {
      const generatedId = typedValue(auth, 'privateKey') ? undefined : generatedKeyIdOf(auth);
      if (!generatedId || !userId) return {};
      const pair = await keyPairs.open(userId, generatedId);
      return { adopted: { id: generatedId, userId, privateKeyPem: pair.privateKeyPem, certificate: pair.certificate } };
    },

    /**
     * The authentication settings to store: the values without secrets and, for the JWT grant, the
     * certificate of the key in use: a newly generated pair's, the stored one's while the stored
     * key is kept, none for a key typed in (its owner has the certificate already).
     */
    configOf(auth: AuthInput, existing: DataSourceListRow | undefined, prepared: PreparedSecrets): Record<string, unknown> {
      const config = withoutSecrets(auth);
      delete config.type;
      if (auth.type !== 'oauth2' || auth.grantType !== 'jwt_bearer') return config;
      let certificate: Certificate | null = null;
      if (prepared.adopted) certificate = prepared.adopted.certificate;
      else if (!auth.privateKey && existing) certificate = (storedConfigOf(existing).certificate as Certificate | undefined) ?? null;
      return { ...config, certificate };
    },

    /**
     * Keeps only the secret fields of `auth`'s type, replaces those typed anew, and moves an
     * adopted generated private key from its pending place onto the data source.
     */
    async write(trx: Db, id: string, auth: AuthInput, prepared: PreparedSecrets): Promise<void> {
      const fields = secretFieldsOf(auth).map((spec) => spec.field);
      await secrets.removeExcept(id, fields, trx);
      for (const field of fields) {
        const value = typedValue(auth, field) ?? (field === 'privateKey' ? prepared.adopted?.privateKeyPem : undefined);
        if (value) await secrets.put(id, field, secretBox.seal(value, secretAssociatedData(id, field)), trx);
      }
      if (prepared.adopted) await keyPairs.remove(trx, prepared.adopted.userId, prepared.adopted.id);
    },
  };
}
export type DataSourceSecrets = ReturnType<typeof createDataSourceSecrets>;
