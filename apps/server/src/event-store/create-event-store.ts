import type { EventStoreConfig } from '../config/config';
import { ChdbEventStore } from './chdb-event-store';
import { ClickhouseHttpEventStore } from './clickhouse-http-event-store';
import type { EventStore } from './event-store';

/** Opens the configured event store adapter. */
export function createEventStore(config: EventStoreConfig): EventStore {
  return config.kind === 'chdb'
    ? ChdbEventStore.open({ path: config.path, database: config.database })
    : new ClickhouseHttpEventStore(config);
}
