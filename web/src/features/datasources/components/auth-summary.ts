import { AUTH_TYPES, GRANT_TYPES, type DataSource } from '@keyway/shared';

/** Authentication types that Salesforce and Flow Service deprecate: flagged wherever a data source shows its authentication. */
export const DEPRECATED_AUTH_TYPES: ReadonlySet<DataSource['auth']['type']> = new Set(['salesforce_login']);

/**
 * How a list names a data source's authentication: the type, with the grant for OAuth 2.0, and
 * whether it is deprecated (said by a badge of its own, so the label leaves "(deprecated)" out).
 */
export function authSummary(auth: Pick<DataSource['auth'], 'type'> & { grantType?: string }): { label: string; deprecated: boolean } {
  const deprecated = DEPRECATED_AUTH_TYPES.has(auth.type);
  const typeLabel = AUTH_TYPES.find((t) => t.value === auth.type)?.label ?? auth.type;
  if (auth.type === 'oauth2') {
    const grant = GRANT_TYPES.find((g) => g.value === auth.grantType)?.label;
    return { label: grant ? `${typeLabel} · ${grant}` : typeLabel, deprecated };
  }
  return { label: deprecated ? typeLabel.replace(/\s*\(deprecated\)$/i, '') : typeLabel, deprecated };
}
