/**
 * Runs async sections one at a time, in call order. Used where in-process writers must not
 * interleave (persons: the ingestion consumer and the persons API share one source of truth).
 */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(section, section);
    this.#tail = result.catch(() => {});
    return result;
  }
}
