import type { Logger } from './logger';

export type StoreState =
  | { status: 'starting' }
  | { status: 'ready' }
  | { status: 'failed'; error: string; since: string };

/**
 * Brings a store up in the background and remembers how far it got: `prepare` (connect + migrate)
 * is retried with back-off until it succeeds or the process stops, so Hedgerow starts even while
 * ClickHouse or Postgres is still coming up, and `/_health` says which store it is waiting for.
 */
export class StoreReadiness {
  #state: StoreState = { status: 'starting' };
  #stopped = false;
  #timer: NodeJS.Timeout | null = null;
  readonly ready: Promise<void>;
  #resolveReady!: () => void;

  constructor(
    readonly name: string,
    private readonly prepare: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly maxDelayMs = 10_000,
  ) {
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
  }

  get state(): StoreState {
    return this.#state;
  }

  get isReady(): boolean {
    return this.#state.status === 'ready';
  }

  /** Tries once now; on failure keeps retrying in the background. Resolves after the first attempt. */
  async start(): Promise<void> {
    await this.#attempt(500);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #attempt(nextDelayMs: number): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.prepare();
      if (this.#state.status === 'failed')
        this.logger.info({ store: this.name }, `${this.name} is available again`);
      this.#state = { status: 'ready' };
      this.#resolveReady();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.#state.status !== 'failed') {
        this.logger.warn({ store: this.name, err: message }, `${this.name} is not available yet; retrying`);
        this.#state = { status: 'failed', error: message, since: new Date().toISOString() };
      } else {
        this.#state = { ...this.#state, error: message };
      }
      this.#timer = setTimeout(
        () => void this.#attempt(Math.min(nextDelayMs * 2, this.maxDelayMs)),
        nextDelayMs,
      );
      this.#timer.unref();
    }
  }
}
