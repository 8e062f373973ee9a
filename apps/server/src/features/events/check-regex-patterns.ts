import type { EventStore } from '../../event-store/event-store';
import { EventStoreError } from '../../event-store/event-store-error';
import { invalidInput } from '../../http/api-error';
import { runSql } from '../../query/run-sql';
import { fn, select, str } from '../../query/sql/sql-builders';
import type { EventPropertyFilter } from './event-property-filter';

/** ClickHouse's "cannot compile regular expression". */
const CANNOT_COMPILE_REGEXP = 427;

/**
 * Compiles every regex filter's pattern before a list runs: the engine reports a bad pattern only once
 * it reaches a row, possibly after it began streaming results, and the client deserves a 400 naming
 * the filter (`properties__0__value`) rather than a failed query.
 */
export async function checkRegexPatterns(
  store: EventStore,
  teamId: number,
  filters: readonly EventPropertyFilter[],
): Promise<void> {
  const patterns = filters.flatMap((f, i) =>
    f.operator === 'regex' || f.operator === 'not_regex'
      ? f.values.map((pattern, j) => ({
          pattern,
          attr: f.values.length > 1 ? `properties__${i}__value__${j}` : `properties__${i}__value`,
        }))
      : [],
  );
  if (patterns.length === 0) return;
  const compiles = async (list: readonly { pattern: string }[]) => {
    try {
      await runSql(store, teamId, select({ select: list.map((p) => fn('match', str(''), str(p.pattern))) }));
      return true;
    } catch (error) {
      if (error instanceof EventStoreError && error.clickhouseCode === CANNOT_COMPILE_REGEXP) return false;
      throw error;
    }
  };
  if (await compiles(patterns)) return;
  for (const p of patterns) {
    if (!(await compiles([p]))) throw invalidInput('Not a valid regular expression (RE2 syntax).', p.attr);
  }
}
