import type { ColumnDefinition, TableDefinition } from './table-definition';

/** Where DDL is applied: a single node, or every node of a named cluster. */
export interface DdlTarget {
  database: string;
  cluster: string | null;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Quotes an identifier that we chose (table, column, database names); refuses anything else. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

function quoteSettingName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a setting name: ${JSON.stringify(name)}`);
  return name;
}

function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function onCluster(target: DdlTarget): string {
  return target.cluster ? ` ON CLUSTER ${quoteString(target.cluster)}` : '';
}

/** On a cluster the MergeTree table holding rows is `<name>_local`; queries go through `<name>`. */
export function storageTableName(table: TableDefinition, target: DdlTarget): string {
  return target.cluster && table.distribution.kind === 'sharded' ? `${table.name}_local` : table.name;
}

function renderColumn(c: ColumnDefinition): string {
  let s = `${quoteIdentifier(c.name)} ${c.type}`;
  if (c.default !== undefined) s += ` DEFAULT ${c.default}`;
  if (c.comment) s += ` COMMENT ${quoteString(c.comment)}`;
  if (c.codec) s += ` CODEC(${c.codec})`;
  return s;
}

function renderEngine(table: TableDefinition, target: DdlTarget, storageName: string): string {
  const base = table.engine.kind;
  const version =
    table.engine.kind === 'ReplacingMergeTree' ? quoteIdentifier(table.engine.versionColumn) : '';
  if (!target.cluster) return `${base}(${version})`;
  const shard = table.distribution.kind === 'sharded' ? '{shard}' : 'noshard';
  const zkPath = quoteString(`/clickhouse/tables/${shard}/${target.database}.${storageName}`);
  const args = [zkPath, quoteString('{replica}'), ...(version ? [version] : [])];
  return `Replicated${base}(${args.join(', ')})`;
}

/** `CREATE DATABASE IF NOT EXISTS` for the target. */
export function renderCreateDatabase(target: DdlTarget): string {
  return `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(target.database)}${onCluster(target)}`;
}

/**
 * The statements that create a table on the target, in order. Idempotent (`IF NOT EXISTS`), so a
 * migration interrupted half-way can simply run again.
 */
export function renderCreateTable(table: TableDefinition, target: DdlTarget): string[] {
  const db = quoteIdentifier(target.database);
  const storageName = storageTableName(table, target);
  const lines = [
    `CREATE TABLE IF NOT EXISTS ${db}.${quoteIdentifier(storageName)}${onCluster(target)}`,
    `(\n  ${table.columns.map(renderColumn).join(',\n  ')}\n)`,
    `ENGINE = ${renderEngine(table, target, storageName)}`,
  ];
  if (table.partitionBy) lines.push(`PARTITION BY ${table.partitionBy}`);
  lines.push(`ORDER BY (${table.orderBy.join(', ')})`);
  if (table.ttl) lines.push(`TTL ${table.ttl}`);
  const settings = Object.entries(table.settings ?? {});
  if (settings.length > 0) {
    lines.push(`SETTINGS ${settings.map(([k, v]) => `${quoteSettingName(k)} = ${Number(v)}`).join(', ')}`);
  }
  const statements = [lines.join('\n')];
  if (target.cluster && table.distribution.kind === 'sharded') {
    const distributed = [
      quoteString(target.cluster),
      quoteString(target.database),
      quoteString(storageName),
      table.distribution.shardingKey,
    ];
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${db}.${quoteIdentifier(table.name)}${onCluster(target)} ` +
        `AS ${db}.${quoteIdentifier(storageName)} ENGINE = Distributed(${distributed.join(', ')})`,
    );
  }
  return statements;
}

/**
 * Adds a column to an existing table (and to its Distributed table on a cluster). Idempotent.
 */
export function renderAddColumn(
  table: TableDefinition,
  column: ColumnDefinition,
  target: DdlTarget,
): string[] {
  const db = quoteIdentifier(target.database);
  const names =
    target.cluster && table.distribution.kind === 'sharded'
      ? [`${table.name}_local`, table.name]
      : [table.name];
  return names.map(
    (n) =>
      `ALTER TABLE ${db}.${quoteIdentifier(n)}${onCluster(target)} ADD COLUMN IF NOT EXISTS ${renderColumn(column)}`,
  );
}
