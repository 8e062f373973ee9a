import type { EventStoreMigration } from './event-store-migration';
import { migration0001CoreTables } from './migrations/0001-core-tables';
import { migration0002IngestionDiagnostics } from './migrations/0002-ingestion-diagnostics';
import { migration0003CohortPeople } from './migrations/0003-cohort-people';

/** Every event store migration, in version order. Append; never reorder or edit. */
export const eventStoreMigrations: readonly EventStoreMigration[] = [
  migration0001CoreTables,
  migration0002IngestionDiagnostics,
  migration0003CohortPeople,
];
