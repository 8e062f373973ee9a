import { createAppStore } from '../app-store/create-app-store';
import { migrateAppStore } from '../app-store/migrate-app-store';
import type { Config } from '../config/config';
import { createEventStore } from '../event-store/create-event-store';
import { migrateEventStore } from '../event-store/migrate-event-store';
import { DataDirLock } from '../runtime/data-dir-lock';

/** `hedgerow migrate`: brings both stores' schemas up to date and reports what ran. */
export async function runMigrate(config: Config): Promise<{ appStore: string[]; eventStore: string[] }> {
  const lock = DataDirLock.acquire(config.dataDir);
  const appStore = createAppStore(config.appStore);
  const eventStore = createEventStore(config.eventStore);
  try {
    const app = await migrateAppStore(appStore);
    const events = await migrateEventStore(eventStore);
    return { appStore: app.applied, eventStore: events.applied };
  } finally {
    await Promise.allSettled([appStore.close(), eventStore.close()]);
    lock.release();
  }
}
