import type { FastifyInstance } from 'fastify';
import type { IngestionBacklog } from '../../ingestion/ingestion-consumer';
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
 * that does not, with the reason. Unauthenticated, for load balancers and orchestrators. It also says
 * how far ingestion lags behind capture (`ingestion.pending_bytes`, `ingestion.lag_ms`), which does not
 * change the status: a backlog is normal under load and capture keeps accepting.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: {
    appStore: CheckedStore;
    eventStore: CheckedStore;
    ingestion: { backlog(): IngestionBacklog };
    version: string;
  },
): void {
  app.get('/_health', async (_request, reply) => {
    const [appStore, eventStore] = await Promise.all([check(deps.appStore), check(deps.eventStore)]);
    const stores = { app_store: appStore, event_store: eventStore };
    const backlog = deps.ingestion.backlog();
    const ingestion = { pending_bytes: backlog.pendingBytes, lag_ms: backlog.lagMs };
    const failing = Object.entries(stores)
      .filter(([, s]) => s.status !== 'ok')
      .map(([name]) => name);
    if (failing.length === 0) return { status: 'ok', version: deps.version, stores, ingestion };
    return reply
      .status(503)
      .send({ status: 'unavailable', version: deps.version, failing, stores, ingestion });
  });
}
