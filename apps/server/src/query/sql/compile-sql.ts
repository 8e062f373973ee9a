import type { BoundQuery, QueryParam } from '../../event-store/event-store';
import { quoteIdentifier } from '../../event-store/schema/render-ddl';
import { pruneJoins } from './prune-joins';
import type { Expr, FromItem, OrderItem, Select, Union } from './sql-ast';

/** Tables insights may read. Every one of them holds rows of many projects, keyed by `team_id`. */
const PROJECT_TABLES = new Set([
  'events',
  'persons',
  'person_distinct_ids',
  'groups',
  'ingestion_warnings',
  'ingestion_dead_letters',
  'cohort_people',
]);

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAM_TYPE = /^[A-Za-z0-9_(), ']+$/;

export interface CompileContext {
  /** The event store database that holds the tables. */
  database: string;
  /** The project every table reference is restricted to. */
  teamId: number;
}

/**
 * Prints a SQL tree as ClickHouse SQL with bound parameters. Every reference to a project table is
 * restricted to `teamId` here, centrally: a FROM table gets `alias.team_id = {team_id}` in its
 * query's WHERE, a joined table in its ON condition. A planner cannot forget it, and cannot reach
 * another project's rows. LEFT JOINs that cannot change the result are dropped first (pruneJoins).
 */
export function compileSql(root: Select | Union, context: CompileContext): BoundQuery {
  const params: Record<string, QueryParam> = { team_id: context.teamId };
  let counter = 0;
  const teamParam = '{team_id:Int64}';

  const bind = (value: QueryParam, type: string): string => {
    if (!PARAM_TYPE.test(type)) throw new Error(`Invalid parameter type ${JSON.stringify(type)}`);
    const name = `p${counter++}`;
    params[name] = value;
    return `{${name}:${type}}`;
  };

  const expr = (e: Expr): string => {
    switch (e.kind) {
      case 'column':
        return e.table ? `${quoteIdentifier(e.table)}.${quoteIdentifier(e.name)}` : quoteIdentifier(e.name);
      case 'param':
        return bind(e.value, e.type);
      case 'const': {
        if (e.value === null) return 'NULL';
        if (typeof e.value === 'boolean') return e.value ? 'true' : 'false';
        if (!Number.isFinite(e.value)) throw new Error('Constants must be finite numbers.');
        return String(e.value);
      }
      case 'call': {
        if (!FUNCTION_NAME.test(e.name)) throw new Error(`Invalid function name ${JSON.stringify(e.name)}`);
        const parametric = e.parameters ? `(${e.parameters.map(expr).join(', ')})` : '';
        return `${e.name}${parametric}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(expr).join(', ')})`;
      }
      case 'binary':
        return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
      case 'logical':
        return `(${e.exprs.map(expr).join(` ${e.op} `)})`;
      case 'not':
        return `(NOT ${expr(e.expr)})`;
      case 'is_null':
        return `(${expr(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      case 'alias':
        return `${expr(e.expr)} AS ${quoteIdentifier(e.alias)}`;
      case 'subquery':
        return `(${query(e.query)})`;
      case 'lambda':
        return `(${e.args.map(quoteIdentifier).join(', ')}) -> ${expr(e.body)}`;
      case 'tuple':
        return `tuple(${e.items.map(expr).join(', ')})`;
      case 'array':
        return `[${e.items.map(expr).join(', ')}]`;
      case 'case':
        return `CASE ${e.branches.map((b) => `WHEN ${expr(b.when)} THEN ${expr(b.then)}`).join(' ')} ELSE ${expr(e.else)} END`;
      case 'interval':
        return `toInterval${e.unit.charAt(0)}${e.unit.slice(1).toLowerCase()}(${expr(e.amount)})`;
      case 'star':
        return '*';
      case 'window': {
        const parts = [
          ...(e.partitionBy?.length ? [`PARTITION BY ${e.partitionBy.map(expr).join(', ')}`] : []),
          ...(e.orderBy?.length ? [`ORDER BY ${orderList(e.orderBy)}`] : []),
        ];
        return `${expr(e.call)} OVER (${parts.join(' ')})`;
      }
    }
  };

  const orderList = (items: OrderItem[]): string =>
    items.map((o) => `${expr(o.expr)}${o.direction ? ` ${o.direction}` : ''}`).join(', ');

  const fromItem = (item: FromItem): string => {
    if (item.kind === 'subquery') return `(${query(item.query)}) AS ${quoteIdentifier(item.alias)}`;
    if (!PROJECT_TABLES.has(item.table)) throw new Error(`Unknown table ${JSON.stringify(item.table)}`);
    const final = item.final ? ' FINAL' : '';
    return `${quoteIdentifier(context.database)}.${quoteIdentifier(item.table)} AS ${quoteIdentifier(item.alias)}${final}`;
  };

  const scope = (item: FromItem): string | null =>
    item.kind === 'table' ? `${quoteIdentifier(item.alias)}.\`team_id\` = ${teamParam}` : null;

  const select = (s: Select): string => {
    const parts: string[] = [];
    if (s.with?.length) {
      parts.push(`WITH ${s.with.map((w) => `${quoteIdentifier(w.name)} AS (${query(w.query)})`).join(', ')}`);
    }
    parts.push(`SELECT ${s.distinct ? 'DISTINCT ' : ''}${s.select.map(expr).join(', ')}`);
    const where: string[] = [];
    if (s.from) {
      parts.push(`FROM ${fromItem(s.from)}`);
      const scoped = scope(s.from);
      if (scoped) where.push(scoped);
    }
    for (const join of s.joins ?? []) {
      const scoped = scope(join.item);
      if (join.type === 'CROSS') {
        parts.push(`CROSS JOIN ${fromItem(join.item)}`);
        if (scoped) where.push(scoped);
        continue;
      }
      if (!join.on) throw new Error(`${join.type} JOIN needs an ON condition.`);
      const on = [expr(join.on), ...(scoped ? [scoped] : [])].join(' AND ');
      parts.push(`${join.type} JOIN ${fromItem(join.item)} ON ${on}`);
    }
    if (s.arrayJoin) parts.push(`ARRAY JOIN ${expr(s.arrayJoin)}`);
    if (s.where) where.push(expr(s.where));
    if (where.length) parts.push(`WHERE ${where.join(' AND ')}`);
    if (s.groupBy?.length) parts.push(`GROUP BY ${s.groupBy.map(expr).join(', ')}`);
    if (s.having) parts.push(`HAVING ${expr(s.having)}`);
    if (s.orderBy?.length) {
      parts.push(`ORDER BY ${orderList(s.orderBy)}`);
    }
    if (s.limitBy) parts.push(`LIMIT ${expr(s.limitBy.limit)} BY ${s.limitBy.by.map(expr).join(', ')}`);
    if (s.limit) parts.push(`LIMIT ${expr(s.limit)}`);
    if (s.offset) parts.push(`OFFSET ${expr(s.offset)}`);
    const settings = Object.entries(s.settings ?? {});
    if (settings.length) {
      parts.push(
        `SETTINGS ${settings
          .map(([k, v]) => {
            if (!FUNCTION_NAME.test(k) || !Number.isFinite(v)) throw new Error(`Invalid setting ${k}`);
            return `${k} = ${v}`;
          })
          .join(', ')}`,
      );
    }
    return parts.join('\n');
  };

  function query(q: Select | Union): string {
    return q.kind === 'union' ? q.queries.map(select).join('\nUNION ALL\n') : select(q);
  }

  return { sql: query(pruneJoins(root)), params };
}
