import { mapExprChildren } from './map-expr-children';
import type { Expr, FromItem, Join, Select, Union } from './sql-ast';

/**
 * Drops the LEFT JOINs of a tree that cannot change its result, everywhere in it (subqueries, CTEs,
 * unions). Planners join the read models through one events source (distinct ids → persons, persons,
 * groups) whether or not the statement ends up reading them: a count of page views does not need the
 * events' persons, and joining them costs a hash join over every event. A LEFT JOIN is dropped when
 *
 * - its right side is a subquery grouped by exactly one column `k`, which it outputs, and the join
 *   condition is `alias.k = <expression of the other tables>`: every left row then matches at most one
 *   right row, so the join neither repeats nor removes rows; and
 * - nothing else in the statement reads the joined subquery: no column qualified by its alias, no
 *   unqualified column with the name of one of its outputs, no `*`.
 *
 * Everything else is left as it is, so the result is always the same as with the join.
 */
export function pruneJoins<Q extends Select | Union>(query: Q): Q {
  if (query.kind === 'union') return { ...query, queries: query.queries.map(pruneSelect) };
  return pruneSelect(query) as Q;
}

function pruneSelect(s: Select): Select {
  const out: Select = { ...s };
  if (s.with) out.with = s.with.map((w) => ({ ...w, query: pruneJoins(w.query) }));
  if (s.from) out.from = pruneFromItem(s.from);
  const joins = s.joins?.map((j) => ({ ...j, item: pruneFromItem(j.item) }));
  if (joins) {
    // Dropping one join can make another droppable (a join only the dropped one's ON read), so
    // drop until nothing changes.
    let kept = joins;
    for (;;) {
      const next = kept.filter((j) => !droppable(j, { ...out, joins: kept }));
      if (next.length === kept.length) break;
      kept = next;
    }
    out.joins = kept;
  }
  return mapExpressions(out, pruneExpr);
}

function pruneFromItem(item: FromItem): FromItem {
  return item.kind === 'subquery' ? { ...item, query: pruneJoins(item.query) } : item;
}

function pruneExpr(e: Expr): Expr {
  switch (e.kind) {
    case 'subquery':
      return { ...e, query: pruneSelect(e.query) };
    default:
      return mapExprChildren(e, pruneExpr);
  }
}

/** The name a select item is output as, when it has a plain one. */
function outputName(e: Expr): string | null {
  if (e.kind === 'alias') return e.alias;
  if (e.kind === 'column') return e.name;
  return null;
}

function droppable(join: Join, s: Select): boolean {
  if (join.type !== 'LEFT' && join.type !== 'LEFT ANY') return false;
  if (join.item.kind !== 'subquery' || join.item.query.kind !== 'select' || !join.on) return false;
  const right = join.item.query;
  const name = join.item.alias;
  const key = right.groupBy?.length === 1 ? right.groupBy[0] : undefined;
  if (key?.kind !== 'column' || right.arrayJoin) return false;
  // The grouped column must be output under its own name, so that `alias.k` is the group key.
  const outputs = right.select.map(outputName);
  if (right.select.some((e) => e.kind === 'star')) return false;
  const keyOutput = right.select.find(
    (e) =>
      (e.kind === 'column' && e.name === key.name && (e.table === undefined || e.table === key.table)) ||
      (e.kind === 'alias' &&
        e.alias === key.name &&
        e.expr.kind === 'column' &&
        e.expr.name === key.name &&
        (e.expr.table === undefined || e.expr.table === key.table)),
  );
  if (!keyOutput || right.select.some((e) => e !== keyOutput && outputName(e) === key.name)) return false;
  // ON must be `alias.k = x` (or `x = alias.k`) where x does not read the joined subquery.
  const on = join.on;
  if (on.kind !== 'binary' || on.op !== '=') return false;
  const isKey = (e: Expr) => e.kind === 'column' && e.table === name && e.name === key.name;
  const other = isKey(on.left) ? on.right : isKey(on.right) ? on.left : null;
  if (!other || reads(other, name, new Set())) return false;

  // Nothing else may read it.
  const names = new Set(outputs.filter((n): n is string => n !== null));
  let used = false;
  const visit = (e: Expr) => {
    if (!used && reads(e, name, names)) used = true;
  };
  forEachExpression({ ...s, joins: (s.joins ?? []).filter((j) => j !== join) }, visit);
  return !used;
}

/** Whether `e` reads a column of `alias`, an unqualified column named in `names`, or `*`. */
function reads(e: Expr, alias: string, names: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case 'column':
      return e.table === alias || (e.table === undefined && names.has(e.name));
    case 'star':
      return true;
    case 'subquery': {
      let found = false;
      forEachExpression(e.query, (x) => {
        if (!found && reads(x, alias, names)) found = true;
      });
      return found;
    }
    default: {
      let found = false;
      mapExprChildren(e, (child) => {
        if (!found && reads(child, alias, names)) found = true;
        return child;
      });
      return found;
    }
  }
}

/** Calls `visit` on every expression of a statement (not inside its FROM and JOIN subqueries). */
function forEachExpression(s: Select, visit: (e: Expr) => void): void {
  mapExpressions(s, (e) => {
    visit(e);
    return e;
  });
}

/** The statement with `f` applied to each of its own expressions (JOIN conditions included). */
function mapExpressions(s: Select, f: (e: Expr) => Expr): Select {
  const out: Select = { ...s, select: s.select.map(f) };
  if (s.joins) out.joins = s.joins.map((j) => (j.on ? { ...j, on: f(j.on) } : j));
  if (s.arrayJoin) out.arrayJoin = f(s.arrayJoin);
  if (s.where) out.where = f(s.where);
  if (s.groupBy) out.groupBy = s.groupBy.map(f);
  if (s.having) out.having = f(s.having);
  if (s.orderBy) out.orderBy = s.orderBy.map((o) => ({ ...o, expr: f(o.expr) }));
  if (s.limitBy) out.limitBy = { limit: f(s.limitBy.limit), by: s.limitBy.by.map(f) };
  if (s.limit) out.limit = f(s.limit);
  if (s.offset) out.offset = f(s.offset);
  return out;
}
