import { sql, type RawBuilder } from 'kysely';

/**
 * "column contains term", ignoring case: lower() on both sides and the term's wildcards escaped,
 * with ESCAPE spelled out, which SQLite and PostgreSQL read alike. (SQLite's lower() folds ASCII only.)
 */
export function containsIgnoringCase(column: string, term: string): RawBuilder<boolean> {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
