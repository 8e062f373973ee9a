/**
 * Person (and group) properties resolved by event time, not arrival: for every key we keep
 * - `w`: the latest write by (timestamp, event uuid): `[ts, uuid, value]` for `$set`, `[ts, uuid]` for `$unset`,
 * - `o`: the earliest `$set_once`: `[ts, uuid, value]`.
 * The value is the latest write's (absent if it was an unset), else the earliest set-once value.
 * Joining two states keeps the later write and the earlier set-once per key, so it is commutative,
 * associative and idempotent: the same events in any order, applied to any grouping of distinct ids
 * and merged in any order, give the same properties.
 *
 * Known difference from applying events one by one in time order: a `$set_once` that comes after an
 * `$unset` of the same key does not bring the key back.
 */
export type PropertyState = Record<string, KeyState>;

export interface KeyState {
  w?: [number, string, unknown] | [number, string];
  o?: [number, string, unknown];
}

/** The property operations one event carries. */
export interface PropertyOperations {
  set?: Record<string, unknown>;
  setOnce?: Record<string, unknown>;
  unset?: string[];
}

export interface Stamp {
  ts: number;
  uuid: string;
}

function later(
  a: readonly [number, string, ...unknown[]],
  b: readonly [number, string, ...unknown[]],
): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

/** Applies one event's operations to a state in place; returns whether anything changed. */
export function applyOperations(state: PropertyState, ops: PropertyOperations, stamp: Stamp): boolean {
  let changed = false;
  const keyState = (key: string): KeyState => {
    let k = state[key];
    if (!k) {
      k = {};
      state[key] = k;
    }
    return k;
  };
  const write = (key: string, entry: [number, string, unknown] | [number, string]) => {
    const k = keyState(key);
    if (!k.w || later(entry, k.w)) {
      k.w = entry;
      changed = true;
    }
  };
  for (const [key, value] of Object.entries(ops.set ?? {})) write(key, [stamp.ts, stamp.uuid, value]);
  for (const key of ops.unset ?? []) write(key, [stamp.ts, stamp.uuid]);
  for (const [key, value] of Object.entries(ops.setOnce ?? {})) {
    const k = keyState(key);
    const entry: [number, string, unknown] = [stamp.ts, stamp.uuid, value];
    if (!k.o || later(k.o, entry)) {
      k.o = entry;
      changed = true;
    }
  }
  return changed;
}

/** Joins `from` into `into` in place (see the type's comment); returns whether `into` changed. */
export function joinState(into: PropertyState, from: PropertyState): boolean {
  let changed = false;
  for (const [key, src] of Object.entries(from)) {
    let dst = into[key];
    if (!dst) {
      dst = {};
      into[key] = dst;
    }
    if (src.w && (!dst.w || later(src.w, dst.w))) {
      dst.w = src.w;
      changed = true;
    }
    if (src.o && (!dst.o || later(dst.o, src.o))) {
      dst.o = src.o;
      changed = true;
    }
  }
  return changed;
}

/** The properties a state stands for. */
export function materialize(state: PropertyState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, k] of Object.entries(state)) {
    if (k.w) {
      if (k.w.length === 3) out[key] = k.w[2];
    } else if (k.o) {
      out[key] = k.o[2];
    }
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `$set`, `$set_once` and `$unset` (a list of keys, or an object whose keys are unset) from properties. */
export function operationsOf(properties: Record<string, unknown>): PropertyOperations | null {
  const set = isObject(properties.$set) ? properties.$set : undefined;
  const setOnce = isObject(properties.$set_once) ? properties.$set_once : undefined;
  const rawUnset = properties.$unset;
  const unset = Array.isArray(rawUnset)
    ? rawUnset.filter((k): k is string => typeof k === 'string')
    : isObject(rawUnset)
      ? Object.keys(rawUnset)
      : undefined;
  if (!set && !setOnce && !unset?.length) return null;
  return { ...(set ? { set } : {}), ...(setOnce ? { setOnce } : {}), ...(unset?.length ? { unset } : {}) };
}
