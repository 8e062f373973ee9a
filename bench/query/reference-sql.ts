import type { QueryParam } from '../../apps/server/src/event-store/event-store';

/** The numbers an answer holds, by cell ("2025-06-01|Chrome" → 1234); zero cells are left out. */
export type Figures = Map<string, number | string>;

export const DAY = 86_400_000;
export const TEAM = 1;
export const at = (ms: number): QueryParam => new Date(ms);
export const startOfDay = (ms: number) => Math.floor(ms / DAY) * DAY;

/** The latest person of every distinct id (the read model's argMax), shared by the reference queries. */
export const PDI = `pdi AS (
    SELECT distinct_id, argMax(person_id, version) AS person_id
    FROM hedgerow.person_distinct_ids
    WHERE team_id = {team_id:Int64}
    GROUP BY distinct_id
    HAVING argMax(is_deleted, version) = 0
  )`;
/** An event's person: its distinct id's current person, else the one stored on the event. */
export const PERSON = 'if(empty(pdi.person_id), e.person_id, pdi.person_id)';
export const RANGE =
  "e.timestamp >= {from:DateTime64(6, 'UTC')} AND e.timestamp <= {to:DateTime64(6, 'UTC')}";

export function figures(entries: Iterable<readonly [string, number | string]>): Figures {
  const out: Figures = new Map();
  for (const [k, v] of entries) if (v !== 0) out.set(k, v);
  return out;
}
