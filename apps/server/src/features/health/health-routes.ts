import type { FastifyInstance } from 'fastify';
import type { StoreReadiness } from '../../runtime/store-readiness';

interface CheckedStore {
  kind: string;
  readiness: StoreReadiness;
  ping: () => Promise<void>;
}

const PING_TIMEOUT_MS = 2000;

async function check(
  store: CheckedStore,
): Promise<{ status: 'ok' | 'unavailable'; kind: string; error?: string }> {
  const state = store.readiness.state;
  if (state.status === 'starting') return { status: 'unavailable', kind: store.kind, error: 'starting' };
  if (state.status === 'failed') return { status: 'unavailable', kind: store.kind, error: state.error };
  try {
    await Promise.race([
      store.ping(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('no answer within 2 s')), PING_TIMEOUT_MS).unref(),
      ),
    ]);
    return { status: 'ok', kind: store.kind };
  } catch (error) {
    return {
      status: 'unavailable',
      kind: store.kind,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * `GET /_health`: 200 `{"status":"ok"}` when both stores answer; otherwise 503 naming each store
 * that does not, with the reason. Unauthenticated, for load balancers and orchestrators.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { appStore: CheckedStore; eventStore: CheckedStore; version: string },
): void {
  app.get('/_health', async (_request, reply) => {
    const [appStore, eventStore] = await Promise.all([check(deps.appStore), check(deps.eventStore)]);
    const stores = { app_store: appStore, event_store: eventStore };
    const failing = Object.entries(stores)
      .filter(([, s]) => s.status !== 'ok')
      .map(([name]) => name);
    if (failing.length === 0) return { status: 'ok', version: deps.version, stores };
    return reply.status(503).send({ status: 'unavailable', version: deps.version, failing, stores });
  });
}
