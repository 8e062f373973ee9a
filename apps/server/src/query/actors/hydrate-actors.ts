import type { QueryContext } from '../query-context';
import { currentDistinctIds } from '../sources/current-distinct-ids';
import { currentPersons } from '../sources/current-persons';
import { alias, and, col, eq, fn, fromQuery, num, op, param, select } from '../sql/sql-builders';

/** A person as the actors API shows it (PostHog's shape). */
export interface PersonActor {
  id: string;
  uuid: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  is_identified: boolean;
  created_at: string;
}

/** A group as the actors API shows it. */
export interface GroupActor {
  id: string;
  group_key: string;
  group_type_index: number;
  properties: Record<string, unknown>;
  created_at: string;
}

const toIso = (value: string) => `${value.replace(' ', 'T')}Z`.replace(/(\.\d{3})\d*Z$/, '$1Z');
const parse = (json: string): Record<string, unknown> => {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** Persons by id, with their current distinct ids (sorted), properties and creation time. */
export async function hydratePersons(
  ids: readonly string[],
  ctx: QueryContext,
): Promise<Map<string, PersonActor>> {
  if (ids.length === 0) return new Map();
  const list = param([...ids], 'Array(UUID)');
  const persons = await ctx.run<{
    id: string;
    properties: string;
    is_identified: number;
    created_at: string;
  }>(
    select({
      select: [
        alias(fn('toString', col('id', 'p')), 'id'),
        col('properties', 'p'),
        col('is_identified', 'p'),
        alias(fn('toString', col('created_at', 'p')), 'created_at'),
      ],
      from: fromQuery(currentPersons(['properties', 'is_identified', 'created_at'], { ids: list }), 'p'),
    }),
  );
  const distinct = await ctx.run<{ pid: string; ids: string[] }>(
    select({
      select: [
        alias(fn('toString', col('person_id', 'd')), 'pid'),
        alias(fn('arraySort', fn('groupArray', col('distinct_id', 'd'))), 'ids'),
      ],
      from: fromQuery(currentDistinctIds({ personIds: list }), 'd'),
      groupBy: [col('person_id', 'd')],
    }),
  );
  const idsOf = new Map(distinct.map((d) => [d.pid, d.ids]));
  return new Map(
    persons.map((p) => [
      p.id,
      {
        id: p.id,
        uuid: p.id,
        distinct_ids: idsOf.get(p.id) ?? [],
        properties: parse(p.properties),
        is_identified: p.is_identified === 1,
        created_at: toIso(p.created_at),
      },
    ]),
  );
}

/** Groups of one type by key, with their properties. */
export async function hydrateGroups(
  groupTypeIndex: number,
  keys: readonly string[],
  ctx: QueryContext,
): Promise<Map<string, GroupActor>> {
  if (keys.length === 0) return new Map();
  const rows = await ctx.run<{ key: string; properties: string; created_at: string }>(
    select({
      select: [
        alias(col('group_key', 'g'), 'key'),
        alias(fn('argMax', col('group_properties', 'g'), col('version', 'g')), 'properties'),
        alias(fn('toString', fn('min', col('created_at', 'g'))), 'created_at'),
      ],
      from: { kind: 'table', table: 'groups', alias: 'g' },
      where: and(
        eq(col('group_type_index', 'g'), num(groupTypeIndex)),
        op('IN', col('group_key', 'g'), param([...keys], 'Array(String)')),
      ),
      groupBy: [col('group_key', 'g')],
    }),
  );
  return new Map(
    rows.map((r) => [
      r.key,
      {
        id: r.key,
        group_key: r.key,
        group_type_index: groupTypeIndex,
        properties: parse(r.properties),
        created_at: toIso(r.created_at),
      },
    ]),
  );
}
