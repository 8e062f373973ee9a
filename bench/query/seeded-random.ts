/** A table of values with weights, prepared once so that picks are a binary search. */
export interface WeightedTable<T> {
  values: readonly T[];
  cumulative: readonly number[];
  total: number;
}

/**
 * A small deterministic PRNG (mulberry32). The dataset must be the same for the same seed on every
 * machine and run, and each person draws from a stream of their own (`derive(seed, index)`), so one
 * person's events never depend on how many numbers another person used.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** An independent stream for `stream` (a person's index, say) under `seed`. */
  static derive(seed: number, stream: number): SeededRandom {
    // splitmix32-style mixing, so neighbouring streams do not start from neighbouring states.
    let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stream + 1, 0xc2b2ae35)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    return new SeededRandom((h ^ (h >>> 16)) >>> 0);
  }

  static table<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
    let total = 0;
    const cumulative = entries.map(([, w]) => {
      total += w;
      return total;
    });
    return { values: entries.map(([v]) => v), cumulative, total };
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(values: readonly T[]): T {
    const value = values[this.int(values.length)];
    if (value === undefined) throw new Error('pick from an empty list');
    return value;
  }

  pickWeighted<T>(table: WeightedTable<T>): T {
    const x = this.next() * table.total;
    let lo = 0;
    let hi = table.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((table.cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    const value = table.values[lo];
    if (value === undefined) throw new Error('pick from an empty table');
    return value;
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal with the given median; `sigma` is the spread of its logarithm. */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  /** A random version-4 UUID, as text. */
  uuid(): string {
    const a = this.#word();
    const b = this.#word();
    const c = this.#word();
    const d = this.#word();
    return `${a.slice(0, 8)}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${HEX[8 + (c.charCodeAt(0) % 4)]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }

  #word(): string {
    return Math.floor(this.next() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  }
}

const HEX = '0123456789abcdef';
