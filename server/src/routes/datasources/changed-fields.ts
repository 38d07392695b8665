import type { DataSource } from '@keyway/shared';

// What the server keeps about a data source, not what a person sets: an edit never "changes" these.
const NOT_SETTINGS = new Set(['id', 'createdAt', 'updatedAt', 'lastTest', 'health', 'secretSet', 'storedSecrets', 'version']);

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (!prefix && NOT_SETTINGS.has(key)) continue;
      flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    }
  } else {
    into.set(prefix, JSON.stringify(value));
  }
}

/**
 * The names (never the values) of the settings an edit changed, for the audit log: dotted paths
 * such as `host` or `auth.tokenUrl`, plus the names of the secrets sent anew.
 */
export function changedFields(before: DataSource, after: DataSource, replacedSecrets: readonly string[]): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const names = new Set<string>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) names.add(key);
  }
  for (const secret of replacedSecrets) names.add(`auth.${secret}`);
  return [...names].sort();
}
