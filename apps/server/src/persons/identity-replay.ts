import { isIllegalDistinctId } from './illegal-distinct-ids';

/** An event that ties two distinct ids together. */
export interface IdentityLink {
  uuid: string;
  /** Event time, epoch milliseconds. */
  ts: number;
  kind: 'identify' | 'alias' | 'merge_dangerously';
  /** The event's distinct id: the person that survives a merge. */
  distinctId: string;
  /** `$anon_distinct_id` or `alias`: the id merged into the target. */
  otherId: string;
}

export interface ReplayedPerson {
  /** The distinct id the person is named after (its uuid derives from it). */
  key: string;
  ids: string[];
  identified: boolean;
  /** Earliest first-seen time of its ids, or of the link that created it. */
  createdAt: number;
}

export interface ReplayWarning {
  linkUuid: string;
  type: 'cannot_merge_with_illegal_distinct_id' | 'cannot_merge_already_identified';
  details: Record<string, unknown>;
}

interface Component {
  key: string;
  ids: Set<string>;
  identified: boolean;
  createdAt: number;
}

/**
 * Decides which distinct ids form which persons by replaying every link among them in event-time
 * order, with PostHog's merge rules:
 * - an illegal id (e.g. "anonymous", "null") never merges;
 * - an id "has a person" at time t once it was seen in an event before t or joined a person earlier;
 * - neither id has a person → a new identified person holds both; only one has → the other joins it;
 * - both have different persons → the other person merges into the target's, unless it is already
 *   identified and the link is not `$merge_dangerously` (then the merge is refused with a warning).
 * Because the replay depends only on the set of links and first-seen times, the outcome is the same
 * whatever order events arrived in.
 */
export function replayIdentity(
  ids: Iterable<string>,
  links: readonly IdentityLink[],
  firstSeen: (id: string) => number | null,
): { persons: ReplayedPerson[]; warnings: ReplayWarning[] } {
  const componentOf = new Map<string, Component>();
  const warnings: ReplayWarning[] = [];

  const personAt = (id: string, t: number): Component | null => {
    const existing = componentOf.get(id);
    if (existing) return existing;
    const seen = firstSeen(id);
    if (seen === null || seen >= t) return null;
    const created: Component = { key: id, ids: new Set([id]), identified: false, createdAt: seen };
    componentOf.set(id, created);
    return created;
  };
  const add = (c: Component, id: string, t: number) => {
    c.ids.add(id);
    componentOf.set(id, c);
    const seen = firstSeen(id);
    c.createdAt = Math.min(c.createdAt, seen ?? t);
  };

  const ordered = [...links].sort((a, b) =>
    a.ts !== b.ts ? a.ts - b.ts : a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0,
  );
  for (const link of ordered) {
    const { distinctId: d, otherId: a, ts: t } = link;
    if (isIllegalDistinctId(d) || isIllegalDistinctId(a)) {
      warnings.push({
        linkUuid: link.uuid,
        type: 'cannot_merge_with_illegal_distinct_id',
        details: { sourcePersonDistinctId: a, targetPersonDistinctId: d, eventUuid: link.uuid },
      });
      continue;
    }
    if (d === a) continue;
    const target = personAt(d, t);
    const other = personAt(a, t);
    if (!target && !other) {
      const c: Component = { key: d, ids: new Set(), identified: true, createdAt: t };
      add(c, d, t);
      add(c, a, t);
    } else if (target && !other) {
      add(target, a, t);
      target.identified = true;
    } else if (!target && other) {
      add(other, d, t);
      other.identified = true;
    } else if (target && other && target !== other) {
      if (other.identified && link.kind !== 'merge_dangerously') {
        warnings.push({
          linkUuid: link.uuid,
          type: 'cannot_merge_already_identified',
          details: { sourcePersonDistinctId: a, targetPersonDistinctId: d, eventUuid: link.uuid },
        });
        continue;
      }
      for (const id of other.ids) add(target, id, t);
      target.createdAt = Math.min(target.createdAt, other.createdAt);
      target.identified = true;
    }
  }

  for (const id of ids) personAt(id, Number.POSITIVE_INFINITY);
  const persons = new Set(componentOf.values());
  return {
    persons: [...persons].map((c) => ({
      key: c.key,
      ids: [...c.ids].sort(),
      identified: c.identified,
      createdAt: c.createdAt,
    })),
    warnings,
  };
}
