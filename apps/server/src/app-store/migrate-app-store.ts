import { type Kysely, type Migration, Migrator } from 'kysely';
import type { AppMigration } from './app-migration';
import { appMigrations } from './app-migrations';
import type { AppStore } from './app-store';
import { columnTypesFor } from './column-types';

export interface MigrationReport {
  /** Migrations applied by this call, in order. Empty when the schema was already current. */
  applied: string[];
}

/**
 * Brings the app store's schema up to date. Safe to run on every start and from several processes at
 * once: Kysely's migrator takes a lock, runs each pending migration in a transaction and records it.
 */
export async function migrateAppStore(
  store: AppStore,
  migrations: readonly AppMigration[] = appMigrations,
): Promise<MigrationReport> {
  const types = columnTypesFor(store.kind);
  const asKysely: Record<string, Migration> = Object.fromEntries(
    migrations.map((m) => [m.name, { up: (db: Kysely<unknown>) => m.up(db, types) }]),
  );
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => asKysely },
    migrationTableName: 'hedgerow_migrations',
    migrationLockTableName: 'hedgerow_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`App store migration ${failed ?? ''} failed: ${reason}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
