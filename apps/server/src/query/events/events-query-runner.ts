import type { EventsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { type ParsedItem, parseExpression } from '../expressions/parse-expression';
import { mentionsPerson, type Translated, translateExpression } from '../expressions/translate-expression';
import { entityExpr, entityFilters } from '../filters/entity-expr';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { eventsSource } from '../sources/events-source';
import { mapExprChildren } from '../sql/map-expr-children';
import type { Expr } from '../sql/sql-ast';
import { alias, and, col, eq, fn, fromQuery, num, op, param, select, star, str } from '../sql/sql-builders';
import { resolveDateRange } from '../time/resolve-date-range';

export interface EventsQueryResponse {
  columns: string[];
  types: string[];
  results: unknown[][];
  hasMore: boolean;
  limit: number;
  offset: number;
}

const DEFAULT_LIMIT = 100;

function clickhouseTimeToIso(value: unknown): unknown {
  return typeof value === 'string' ? `${value.replace(' ', 'T')}Z`.replace(/(\.\d{3})\d*Z$/, '$1Z') : value;
}

function parseJsonValue(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * `EventsQuery`: a table of events (or aggregates over them) with PostHog's defaults: the last 24
 * hours unless `after`/`before` say otherwise (all time for a person's events), newest first, 100 rows.
 * `select`, `where` and `orderBy` are read by a small safe expression parser, never as SQL.
 */
export async function runEventsQuery(query: EventsQuery, ctx: QueryContext): Promise<EventsQueryResponse> {
  const selects = query.select.map(parseExpression);
  const wheres = (query.where ?? []).map(parseExpression);
  const orders = (query.orderBy ?? []).map(parseExpression);
  const testAccounts = query.filterTestAccounts === true ? ctx.testAccountFilters : [];
  const action =
    query.actionId !== undefined && query.actionId !== null ? { actionId: query.actionId } : null;
  const source = eventsSource(
    {
      filters: [
        query.properties,
        query.fixedProperties,
        testAccounts,
        ...(action ? entityFilters(action, ctx, 'actionId') : []),
      ],
      personProperties: [...selects, ...wheres, ...orders].some((i) => mentionsPerson(i.expr)),
    },
    ctx,
  );
  const tr = (i: ParsedItem) => translateExpression(i.expr, source);
  const selected = selects.map(tr);
  const anyAggregate = selected.some((s) => s.aggregate);

  const range = await resolveDateRange(
    {
      date_from: query.after ?? (query.personId ? 'all' : '-24h'),
      date_to: query.before ?? null,
      explicitDate: true,
    },
    {
      interval: 'minute',
      timeZone: ctx.timeZone,
      weekStartDay: ctx.weekStartDay,
      now: ctx.now + 5_000,
      earliest: () => ctx.earliestEventTime(),
    },
  );
  const where = and(
    op('>=', source.timestamp, param(new Date(range.from), "DateTime64(6, 'UTC')")),
    op('<=', source.timestamp, param(new Date(range.to), "DateTime64(6, 'UTC')")),
    query.event ? eq(source.column('event'), str(query.event)) : null,
    action ? entityExpr(action, source.properties, ctx, 'actionId') : null,
    query.personId ? eq(source.personId, param(query.personId, 'UUID')) : null,
    propertiesExpr(query.properties, source.properties),
    propertiesExpr(query.fixedProperties, source.properties),
    propertiesExpr(testAccounts, source.properties),
    ...wheres.map((w) => {
      const t = tr(w);
      if (t.aggregate) throw invalidInput('where cannot hold aggregates.', 'where');
      return t.expr;
    }),
  );

  const outputs: Expr[] = selected.map((s, i) =>
    s.shape === 'event' ? eventObject(source) : alias(s.expr, `c${i}`),
  );
  const groupBy = anyAggregate
    ? selected.map((s, i) => (s.aggregate ? null : col(`c${i}`))).filter((e): e is Expr => e !== null)
    : [];
  if (anyAggregate && selected.some((s) => s.shape === 'event'))
    throw invalidInput('"*" cannot be combined with aggregates.', 'select');
  const orderBy = orders.length
    ? orders.map((o) => ({ expr: orderExpr(o, selects, tr), direction: o.direction ?? 'ASC' }))
    : anyAggregate
      ? selected.some((s) => s.aggregate)
        ? [{ expr: col(`c${selected.findIndex((s) => s.aggregate)}`), direction: 'DESC' as const }]
        : []
      : [{ expr: source.timestamp, direction: 'DESC' as const }];
  const limit = Math.min(query.limit ?? DEFAULT_LIMIT, 10_000);
  const offset = query.offset ?? 0;
  const columns = outputs.map((o, i) => (o.kind === 'alias' ? o : alias(o, `c${i}`)));
  // A page of events is a few rows out of many. When which rows (filters and order) depends on the
  // events alone, the page is chosen from events first and only its rows are joined to persons and
  // groups, instead of joining every matching event before the LIMIT. The outer query orders the
  // page again by the same values, read from the same columns.
  const joined = new Set(source.joins.map((j) => j.item.alias));
  const pageOrder = orders.length
    ? orders.map((o) => ({ expr: orderValue(o, selects, selected, tr), direction: o.direction ?? 'ASC' }))
    : orderBy;
  const late =
    !anyAggregate &&
    joined.size > 0 &&
    !readsAny(where, joined) &&
    pageOrder.every((o) => !readsAny(o.expr, joined));
  const statement = late
    ? select({
        select: columns,
        from: fromQuery(
          select({
            select: [star],
            from: source.from,
            where,
            ...(pageOrder.length ? { orderBy: pageOrder } : {}),
            limit: num(limit + 1),
            offset: num(offset),
          }),
          source.from.alias,
        ),
        joins: source.joins,
        ...(pageOrder.length ? { orderBy: pageOrder } : {}),
      })
    : select({
        select: columns,
        from: source.from,
        joins: source.joins,
        where,
        ...(groupBy.length ? { groupBy } : {}),
        ...(orderBy.length ? { orderBy } : {}),
        limit: num(limit + 1),
        offset: num(offset),
      });
  const rows = await ctx.run<Record<string, unknown>>(statement);
  const results = rows.slice(0, limit).map((row) => selected.map((s, i) => present(row[`c${i}`], s)));
  return {
    columns: query.select,
    types: selected.map((s) =>
      s.aggregate ? 'UInt64' : s.shape === 'timestamp' ? "DateTime64(6, 'UTC')" : 'String',
    ),
    results,
    hasMore: rows.length > limit,
    limit,
    offset,
  };
}

/** What orderExpr orders by, as an expression over the events rather than a selected column's name. */
function orderValue(
  item: ParsedItem,
  selects: ParsedItem[],
  selected: Translated[],
  tr: (i: ParsedItem) => Translated,
): Expr {
  const same = selects.findIndex((s) => JSON.stringify(s.expr) === JSON.stringify(item.expr));
  const chosen = same >= 0 ? selected[same] : undefined;
  if (chosen && chosen.shape !== 'event') return chosen.expr;
  const t = tr(item);
  return t.shape === 'json' ? fn('JSONExtractString', t.expr) : t.expr;
}

/** Whether `e` reads a column of one of these tables (subqueries are read on their own). */
function readsAny(e: Expr, tables: ReadonlySet<string>): boolean {
  if (e.kind === 'column') return e.table !== undefined && tables.has(e.table);
  let found = false;
  mapExprChildren(e, (child) => {
    found ||= readsAny(child, tables);
    return child;
  });
  return found;
}

function orderExpr(item: ParsedItem, selects: ParsedItem[], tr: (i: ParsedItem) => Translated): Expr {
  const same = selects.findIndex((s) => JSON.stringify(s.expr) === JSON.stringify(item.expr));
  if (same >= 0) return col(`c${same}`);
  const t = tr(item);
  return t.shape === 'json' ? fn('JSONExtractString', t.expr) : t.expr;
}

function eventObject(source: ReturnType<typeof eventsSource>): Expr {
  return fn(
    'tuple',
    fn('toString', source.column('uuid')),
    source.column('event'),
    source.properties.event,
    fn('toString', source.timestamp),
    source.column('distinct_id'),
    source.column('elements_chain'),
    fn('toString', source.personId),
  );
}

function present(value: unknown, t: Translated): unknown {
  if (t.shape === 'json') return parseJsonValue(value);
  if (t.shape === 'timestamp') return clickhouseTimeToIso(value);
  if (t.shape === 'event') {
    const [uuid, event, properties, timestamp, distinct_id, elements_chain, person_id] = Object.values(
      value as Record<string, unknown>,
    );
    return {
      uuid,
      event,
      properties: parseJsonValue(properties) ?? {},
      timestamp: clickhouseTimeToIso(timestamp),
      distinct_id,
      elements_chain,
      person_id,
    };
  }
  return value;
}
