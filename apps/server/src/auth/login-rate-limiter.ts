export interface LoginRateLimiterOptions {
  /** Failed attempts allowed per email within the window. */
  maxFailuresPerEmail?: number;
  /** Failed attempts allowed per client address within the window. */
  maxFailuresPerAddress?: number;
  windowMs?: number;
  now?: () => number;
}

interface Window {
  failures: number;
  startedAt: number;
}

/**
 * Limits password guessing: too many failed logins for one email, or from one address, within the
 * window blocks further attempts until it ends. Counts live in memory, per process; a successful
 * login clears the email's count.
 */
export class LoginRateLimiter {
  readonly #maxPerEmail: number;
  readonly #maxPerAddress: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(options: LoginRateLimiterOptions = {}) {
    this.#maxPerEmail = options.maxFailuresPerEmail ?? 5;
    this.#maxPerAddress = options.maxFailuresPerAddress ?? 30;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Seconds until the caller may try again, or 0 when an attempt is allowed now. */
  retryAfterSeconds(email: string, address: string): number {
    const now = this.#now();
    let wait = 0;
    for (const [key, max] of [
      [`email:${email}`, this.#maxPerEmail],
      [`addr:${address}`, this.#maxPerAddress],
    ] as const) {
      const w = this.#current(key, now);
      if (w && w.failures >= max)
        wait = Math.max(wait, Math.ceil((w.startedAt + this.#windowMs - now) / 1000));
    }
    return wait;
  }

  recordFailure(email: string, address: string): void {
    const now = this.#now();
    for (const key of [`email:${email}`, `addr:${address}`]) {
      const w = this.#current(key, now) ?? { failures: 0, startedAt: now };
      w.failures += 1;
      this.#windows.set(key, w);
    }
    if (this.#windows.size > 100_000) this.#sweep(now);
  }

  recordSuccess(email: string): void {
    this.#windows.delete(`email:${email}`);
  }

  #current(key: string, now: number): Window | undefined {
    const w = this.#windows.get(key);
    if (w && now - w.startedAt >= this.#windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return w;
  }

  #sweep(now: number): void {
    for (const [key, w] of this.#windows) if (now - w.startedAt >= this.#windowMs) this.#windows.delete(key);
  }
}
