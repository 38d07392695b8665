import { SECRET_FIELD_BY_AUTH_TYPE, secretOf, storedSecretChange, type AuthInput, type DataSourceInput } from '@keyway/shared';
import type { SecretBox } from '../../crypto/secret-box';
import { secretAssociatedData } from '../../crypto/secret-aad';
import type { Db } from '../../db/database';
import type { DataSourceListRow } from '../../db/repositories/datasources.repository';
import type { SecretsRepository } from '../../db/repositories/secrets.repository';
import { unprocessable } from '../../errors';

/** The values a connection is made with; the secret, if any, inside `auth`. */
export type ConnectionValues = Pick<DataSourceInput, 'scheme' | 'host' | 'basePath' | 'auth'>;

const SECRET_LABELS = { clientSecret: 'Client Secret', password: 'Password', keyValue: 'API key value' } as const;

/** The nonce is unique to each write, so a receipt for an earlier secret never matches a later one. */
const storedRef = (id: string, nonce: string) => `stored:${id}:${nonce}`;

/** Authentication settings as stored and fingerprinted: everything but the secret. */
export function withoutSecret(auth: AuthInput): Record<string, unknown> {
  const field = SECRET_FIELD_BY_AUTH_TYPE[auth.type];
  const copy: Record<string, unknown> = { ...auth };
  if (field) delete copy[field];
  return copy;
}

/** A saved row's connection, its authentication read back without the secret. */
export function connectionValuesOf(row: DataSourceListRow): ConnectionValues {
  const auth = { type: row.auth_type, ...JSON.parse(row.auth_config) } as AuthInput;
  return { scheme: row.scheme, host: row.host, basePath: row.base_path, auth };
}

/** Which secret a test or save uses, and writing a new one: the stored-secret policy of data sources. */
export function createDataSourceSecrets({ secrets, secretBox }: { secrets: SecretsRepository; secretBox: SecretBox }) {
  return {
    /**
     * The secret a test or save uses: the one typed now, or the stored one, but the stored one
     * only for the same kind of authentication and the same destination (storedSecretChange).
     * `ref` names it for receipts without holding it; `open: false` skips decrypting it.
     */
    async resolve(
      values: ConnectionValues,
      existing?: DataSourceListRow,
      { open = true }: { open?: boolean } = {},
    ): Promise<{ secret?: string; ref: string }> {
      const typed = secretOf(values.auth);
      if (typed) return { secret: typed, ref: `typed:${typed}` };
      const field = SECRET_FIELD_BY_AUTH_TYPE[values.auth.type];
      if (!field) return { ref: 'none' };

      const label = SECRET_LABELS[field];
      const fieldPath = `auth.${field}`;
      const change = existing ? storedSecretChange(connectionValuesOf(existing), values) : null;
      const stored = existing && change !== 'auth_type' ? await secrets.find(existing.id, field) : undefined;
      if (!existing || !stored) {
        throw unprocessable('secret_required', `Enter the ${label}.`, { [fieldPath]: [`${label} is required`] });
      }
      if (change) {
        throw unprocessable(
          'secret_required',
          `Type the ${label} again: the address it is sent to changed, and a stored secret is never sent to a new host.`,
          { [fieldPath]: [`Type the ${label} again for the new address`] },
        );
      }
      const ref = storedRef(existing.id, stored.nonce);
      if (!open) return { ref };
      try {
        return { secret: secretBox.open(stored, secretAssociatedData(existing.id, field)), ref };
      } catch {
        throw unprocessable(
          'secret_required',
          `The stored ${label} can no longer be read (was MASTER_KEY changed?). Type it again.`,
          { [fieldPath]: [`Type the ${label} again`] },
        );
      }
    },

    /** The `ref` of the secret stored for a saved row as it is, or 'none'. */
    async storedRefOf(row: DataSourceListRow): Promise<string> {
      const field = SECRET_FIELD_BY_AUTH_TYPE[row.auth_type];
      const stored = field ? await secrets.find(row.id, field) : undefined;
      return stored ? storedRef(row.id, stored.nonce) : 'none';
    },

    /** Keeps only the secret field of `auth`'s type, and replaces it when a new secret was typed. */
    async write(trx: Db, id: string, auth: AuthInput): Promise<void> {
      const field = SECRET_FIELD_BY_AUTH_TYPE[auth.type];
      const typed = secretOf(auth);
      await secrets.removeExcept(id, field ? [field] : [], trx);
      if (field && typed) await secrets.put(id, field, secretBox.seal(typed, secretAssociatedData(id, field)), trx);
    },
  };
}
export type DataSourceSecrets = ReturnType<typeof createDataSourceSecrets>;
