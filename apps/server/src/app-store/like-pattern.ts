import { type RawBuilder, sql } from 'kysely';

/** `%term%` for LIKE, lower-cased, with `\` escaping the wildcards a user typed. */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "column contains term" that behaves the same on SQLite and Postgres. */
export function containsIgnoringCase(column: string, term: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${likePattern(term)} escape '\\'`;
}
