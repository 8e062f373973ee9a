import { randomUUID } from 'node:crypto';

export interface LoadResult {
  /** uuids of events in requests answered 200. */
  acknowledged: Set<string>;
  statuses: Map<number, number>;
  /** `code` of the JSON bodies of answers other than 200 (PostHog's error codes). */
  errorCodes: Map<string, number>;
  requests: number;
}

/**
 * Sends `/batch/` requests of `batchSize` unique events from `concurrency` parallel senders until
 * `stop()` is called or the server stops answering. Records which events were acknowledged.
 */
export function startLoad(
  url: string,
  token: string,
  options: { concurrency?: number; batchSize?: number } = {},
) {
  const result: LoadResult = {
    acknowledged: new Set(),
    statuses: new Map(),
    errorCodes: new Map(),
    requests: 0,
  };
  let stopped = false;
  const sender = async (n: number) => {
    let i = 0;
    while (!stopped) {
      const uuids = Array.from({ length: options.batchSize ?? 50 }, () => randomUUID());
      const body = JSON.stringify({
        api_key: token,
        batch: uuids.map((uuid, k) => ({
          event: k % 10 === 0 ? 'signed in' : '$pageview',
          distinct_id: `load-${n}-${i % 20}`,
          uuid,
          timestamp: new Date().toISOString(),
          properties: {
            $current_url: `https://shop.example/p/${k}`,
            $set: k % 10 === 0 ? { plan: `p${i}` } : undefined,
          },
        })),
      });
      i += 1;
      try {
        const res = await fetch(`${url}/batch/`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        const text = await res.text();
        result.requests += 1;
        if (res.status !== 200) {
          let code = 'not JSON';
          try {
            code = String((JSON.parse(text) as { code?: unknown }).code);
          } catch {
            // Not JSON: counted as such.
          }
          result.errorCodes.set(code, (result.errorCodes.get(code) ?? 0) + 1);
        }
        result.statuses.set(res.status, (result.statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) for (const u of uuids) result.acknowledged.add(u);
      } catch {
        // The server went away mid-request: the events were not acknowledged.
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const running = Promise.all(Array.from({ length: options.concurrency ?? 8 }, (_, n) => sender(n)));
  return {
    result,
    async stop() {
      stopped = true;
      await running;
      return result;
    },
  };
}
