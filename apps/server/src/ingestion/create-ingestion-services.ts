import type { AppStore } from '../app-store/app-store';
import { DefinitionRepository } from '../features/definitions/definition-repository';
import { DefinitionsRecorder } from '../features/definitions/definitions-recorder';
import { ProjectRepository } from '../features/projects/project-repository';
import { DbipCityDatabase } from '../geoip/dbip-city-database';
import { GroupProcessor } from '../groups/group-processor';
import { GroupRepository } from '../groups/group-repository';
import { PersonProcessor } from '../persons/person-processor';
import { PersonRepository } from '../persons/person-repository';
import { PersonWriter } from '../persons/person-writer';
import { AsyncMutex } from '../runtime/async-mutex';
import type { Logger } from '../runtime/logger';
import { EventPipeline } from './event-pipeline';
import { PipelineBatchProcessor } from './pipeline-batch-processor';
import { createEnrichGeoipStep } from './steps/enrich-geoip-step';
import { enrichUserAgentStep } from './steps/enrich-user-agent-step';
import { normalizeEventStep } from './steps/normalize-event-step';
import { resolveTimestampStep } from './steps/resolve-timestamp-step';

/** Everything that writes persons, groups and definitions: the one place they are written from. */
export interface IngestionServices {
  processor: PipelineBatchProcessor;
  /** The persons API's writes, serialized with the processor's batches (one lock). */
  personWrites: PersonWriter;
}

/**
 * Builds the ingestion side on an app store connection of its own: the ingestion worker thread's
 * composition root (and the main thread's, with `HEDGEROW_INGESTION_WORKER=false`). It must not reach
 * the event store: chDB is opened once per process, by the main thread (ADR 0011).
 */
export function createIngestionServices(appStore: AppStore, logger: Logger): IngestionServices {
  const projects = new ProjectRepository(appStore.db);
  // No persons row cache (cacheBytes): in bench:ingest it cost about what it saved (docs/benchmarks.md).
  // On SQLite, loads and saves run as prepared statements on the same connection.
  const personRepository = new PersonRepository(appStore.db, { sqlite: appStore.sqlite });
  const lock = new AsyncMutex();
  const persons = new PersonProcessor(personRepository, lock);
  // Enrichment (user agent, GeoIP) and definitions for autocomplete: see docs/ingestion.md.
  const geoip = new DbipCityDatabase({ logger });
  const pipeline = new EventPipeline({
    steps: [
      normalizeEventStep,
      resolveTimestampStep,
      enrichUserAgentStep,
      createEnrichGeoipStep(geoip.lookup, (project) => project.geoipEnabled),
    ],
    persons,
    groups: new GroupProcessor(new GroupRepository(appStore.db)),
    projectSettings: async (ids) => {
      const found = await projects.findManyByIds(ids);
      // The GeoIP database (~135 MB) is read once, off the request path, by the first batch that needs it.
      if (found.some((p) => p.geoip_enabled)) await geoip.load();
      return new Map(found.map((p) => [p.id, { teamId: p.id, geoipEnabled: p.geoip_enabled }]));
    },
    definitions: new DefinitionsRecorder(new DefinitionRepository(appStore.db)),
  });
  return {
    processor: new PipelineBatchProcessor(pipeline),
    personWrites: new PersonWriter({ processor: persons, repository: personRepository, lock }),
  };
}
