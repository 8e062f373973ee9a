import type { InsightActorsQuery, LifecycleQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { lifecyclePairs } from '../lifecycle/lifecycle-runner';
import type { QueryContext } from '../query-context';
import type { Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, fromQuery, num, select, str } from '../sql/sql-builders';
import { parseBucketDay } from './parse-bucket-day';

/**
 * The actors behind one lifecycle point: those whose `status` in the interval starting at `day` (as
 * in the result's `days`) is that status (dormant: active in the interval before, not in this one).
 * Without `day`, every interval of the range; without `status`, every status. Columns: `actor`,
 * `event_count` (the number of matching intervals).
 */
export async function lifecycleActorsQuery(
  insight: InsightActorsQuery,
  query: LifecycleQuery,
  ctx: QueryContext,
): Promise<Select> {
  const { buckets, pairs } = await lifecyclePairs(query, ctx);
  let index: number | null = null;
  if (insight.day !== undefined && insight.day !== null) {
    const start = parseBucketDay(insight.day, ctx.timeZone);
    index = buckets.indexOf(start);
    if (index < 0)
      throw invalidInput(`day ${JSON.stringify(insight.day)} is not an interval of the lifecycle.`, 'day');
  }
  return select({
    select: [alias(fn('toString', col('actor')), 'actor'), alias(fn('count'), 'event_count')],
    from: fromQuery(pairs, 'pairs'),
    where: and(
      index !== null ? eq(col('idx'), num(index)) : null,
      insight.status ? eq(col('status'), str(insight.status)) : null,
    ),
    groupBy: [col('actor')],
  });
}
