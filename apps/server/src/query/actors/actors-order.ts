import { invalidInput } from '../../http/api-error';
import { propertyNumber, propertyString } from '../filters/property-access';
import type { Expr, OrderItem } from '../sql/sql-ast';
import { col, fn } from '../sql/sql-builders';

export interface ActorsOrder {
  terms: OrderItem[];
}

const TERM = /^\s*(.+?)\s*(?:\s(ASC|DESC))?\s*$/i;
const PROPERTY = /^(?:person\.)?properties\.(.+)$/;

/**
 * `ActorsQuery.orderBy` (e.g. `["event_count DESC", "actor_id"]`, PostHog's strings) as ORDER BY terms
 * over the actors page: `event_count`, `actor_id` (or `id`), and for persons `created_at` and
 * `properties.<key>` / `person.properties.<key>` (numbers before text: numeric values sort as
 * numbers); for retention cohorts `length(appearances)`. The actor id always breaks ties, so pages
 * are stable. Anything else is a 400 naming the term. Without `orderBy`: most events first for an
 * insight's actors, newest first for all persons.
 */
export function actorsOrderBy(
  orderBy: readonly string[] | null | undefined,
  options: { byGroup: boolean; fromInsight: boolean; retention: boolean },
): ActorsOrder {
  if (!orderBy || orderBy.length === 0) {
    return {
      terms: options.fromInsight
        ? [{ expr: col('event_count'), direction: 'DESC' }, { expr: col('actor') }]
        : [{ expr: col('created_at'), direction: 'DESC' }, { expr: col('actor') }],
    };
  }
  const terms: OrderItem[] = [];
  let byActor = false;
  for (const [i, raw] of orderBy.entries()) {
    const m = TERM.exec(raw);
    const name = (m?.[1] ?? '').trim();
    const direction = (m?.[2]?.toUpperCase() ?? 'ASC') as 'ASC' | 'DESC';
    const exprs = termExprs(name, options);
    if (!exprs) {
      throw invalidInput(
        `orderBy "${raw}" is not supported: order by event_count, actor_id${options.byGroup ? '' : ', created_at, properties.<key>'}${options.retention ? ', length(appearances)' : ''}, each optionally ASC or DESC.`,
        `orderBy__${i}`,
      );
    }
    if (name === 'actor_id' || name === 'id') byActor = true;
    for (const term of exprs) terms.push('kind' in term ? { expr: term, direction } : term);
  }
  if (!byActor) terms.push({ expr: col('actor') });
  return { terms };
}

function termExprs(
  name: string,
  options: { byGroup: boolean; fromInsight: boolean; retention: boolean },
): (Expr | OrderItem)[] | null {
  if (name === 'event_count') return [col('event_count')];
  if (name === 'actor_id' || name === 'id') return [col('actor')];
  if (options.retention && name.replace(/\s+/g, '') === 'length(appearances)') return [col('event_count')];
  if (options.byGroup) return null;
  if (name === 'created_at') return [col('created_at')];
  const property = PROPERTY.exec(name);
  if (property?.[1]) {
    const properties = col('properties', 'p');
    // Numeric values first, by number; then the rest as text (NULLs, i.e. missing, last).
    const number = propertyNumber(properties, property[1]);
    return [
      { expr: fn('isNull', number), direction: 'ASC' },
      number,
      propertyString(properties, property[1]),
    ];
  }
  return null;
}
