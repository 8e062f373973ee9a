import type { InsightActorsQuery, RetentionQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { QueryContext } from '../query-context';
import { retentionActorsQuery } from '../retention/retention-actors';
import { RETENTION_BREAKDOWN_OTHER } from '../retention/retention-breakdown';
import { retentionLags } from '../retention/retention-lags';
import { retentionPeriods } from '../retention/retention-periods';
import { runRetentionQuery } from '../retention/retention-runner';
import type { Expr, Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, fromQuery, not, op, param, select, str } from '../sql/sql-builders';

/**
 * The actors of one retention cohort (the row `interval`, 0-based, and its `breakdown` value when the
 * query has one), as PostHog lists them: each with `appearances`, the periods after the cohort's own
 * (0 included) in which they came back, and `event_count` = how many such periods. The cells of a row
 * are read from the appearances (`day_k` columns): the actors query of the row answers them all.
 * Columns: `actor`, `event_count`, `appearances`.
 */
export async function retentionCellActorsQuery(
  insight: InsightActorsQuery,
  query: RetentionQuery,
  ctx: QueryContext,
): Promise<Select> {
  const periods = await retentionPeriods(query, ctx);
  const row = insight.interval ?? 0;
  if (row >= periods.starts.length) {
    throw invalidInput(
      `interval is a cohort row of the retention query, 0 to ${periods.starts.length - 1}; got ${row}.`,
      'interval',
    );
  }
  const actors = retentionActorsQuery(query, periods, ctx);
  let byValue: Expr | null = null;
  if (insight.breakdown !== undefined && insight.breakdown !== null) {
    if (!actors.breakdown)
      throw invalidInput('breakdown is given but the retention query has no breakdown.', 'breakdown');
    const value = Array.isArray(insight.breakdown) ? insight.breakdown[0] : insight.breakdown;
    if (String(value) === RETENTION_BREAKDOWN_OTHER) {
      // "Other" holds every value past the limit: those the answer does not show on a line of their own.
      const shown = (await runRetentionQuery(query, ctx))
        .map((r) => r.breakdown_value ?? '')
        .filter((v) => v !== RETENTION_BREAKDOWN_OTHER);
      byValue = not(op('IN', col('bv'), param([...new Set(shown)], 'Array(String)')));
    } else {
      byValue = eq(col('bv'), str(String(value ?? '')));
    }
  }
  const member = select({
    select: [
      col('actor'),
      alias(param(row, 'Int64'), 'p'),
      col(actors.returnMask ? 'return_mask' : 'returns'),
    ],
    from: fromQuery(actors.query, 'retention_actors'),
    where: and(fn('has', col('cohorts'), param(row, 'Int64')), byValue),
  });
  // An actor can be in the cohort under several breakdown values; their appearances are merged.
  const perValue = select({
    select: [col('actor'), alias(retentionLags(actors, periods), 'lags')],
    from: fromQuery(member, 'member'),
  });
  return select({
    select: [
      alias(fn('toString', col('actor')), 'actor'),
      alias(fn('arraySort', fn('groupUniqArrayArray', col('lags'))), 'appearances'),
      alias(fn('length', col('appearances')), 'event_count'),
    ],
    from: fromQuery(perValue, 'cell'),
    groupBy: [col('actor')],
  });
}
