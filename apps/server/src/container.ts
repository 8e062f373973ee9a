import path from 'node:path';
import type { AppStore } from './app-store/app-store';
import { createAppStore } from './app-store/create-app-store';
import { migrateAppStore } from './app-store/migrate-app-store';
import { LoginRateLimiter } from './auth/login-rate-limiter';
import { CaptureService } from './capture/capture-service';
import { ProjectTokenCache } from './capture/project-token-cache';
import type { Config } from './config/config';
import { createEventStore } from './event-store/create-event-store';
import type { EventStore } from './event-store/event-store';
import { migrateEventStore } from './event-store/migrate-event-store';
import { AccountService } from './features/accounts/account-service';
import { ActionRepository } from './features/actions/action-repository';
import { ActionService } from './features/actions/action-service';
import { AuthService } from './features/auth/auth-service';
import { SessionRepository } from './features/auth/session-repository';
import { CohortRepository } from './features/cohorts/cohort-repository';
import { CohortService } from './features/cohorts/cohort-service';
import { StaticCohortPeople } from './features/cohorts/static-cohort-people';
import { DefinitionRepository } from './features/definitions/definition-repository';
import { OrganizationRepository } from './features/organizations/organization-repository';
import { PersonalApiKeyRepository } from './features/personal-api-keys/personal-api-key-repository';
import { PersonQueries } from './features/persons/person-queries';
import { PersonService } from './features/persons/person-service';
import { ProjectRepository } from './features/projects/project-repository';
import { ProjectService } from './features/projects/project-service';
import { UserRepository } from './features/users/user-repository';
import { GroupRepository } from './groups/group-repository';
import { createIngestionServices } from './ingestion/create-ingestion-services';
import { IngestionConsumer } from './ingestion/ingestion-consumer';
import { IngestionWorker } from './ingestion/ingestion-worker';
import { PersonRepository } from './persons/person-repository';
import { AccessPolicy } from './policy/access-policy';
import { QueryService } from './query/query-service';
import type { Logger } from './runtime/logger';
import { StoreReadiness } from './runtime/store-readiness';
import { Spool } from './spool/spool';
import { HEDGEROW_VERSION } from './version';

/**
 * Every service of a running Hedgerow, built in one place (the composition root) and handed to the
 * HTTP layer and the CLI. Nothing else constructs services or stores.
 */
export interface Container {
  version: string;
  config: Config;
  logger: Logger;
  appStore: AppStore;
  eventStore: EventStore;
  appStoreReadiness: StoreReadiness;
  eventStoreReadiness: StoreReadiness;
  users: UserRepository;
  organizations: OrganizationRepository;
  projects: ProjectRepository;
  personalApiKeys: PersonalApiKeyRepository;
  sessions: SessionRepository;
  policy: AccessPolicy;
  auth: AuthService;
  accounts: AccountService;
  projectService: ProjectService;
  spool: Spool;
  capture: CaptureService;
  tokens: ProjectTokenCache;
  personRepository: PersonRepository;
  personQueries: PersonQueries;
  personService: PersonService;
  queryService: QueryService;
  groupRepository: GroupRepository;
  ingestion: IngestionConsumer;
  /** The thread ingestion runs on (null with HEDGEROW_INGESTION_WORKER=false). */
  ingestionWorker: IngestionWorker | null;
  /** Event and property definitions (autocomplete), recorded by ingestion. */
  definitions: DefinitionRepository;
  /** PostHog's actions: named event conditions that insights count. */
  actions: ActionRepository;
  actionService: ActionService;
  /** Cohorts: static lists of persons, or criteria queries evaluate. */
  cohortRepository: CohortRepository;
  cohortService: CohortService;
  /** Flushes writers and closes both stores; call after the HTTP server stopped taking requests. */
  close(): Promise<void>;
}

export interface ContainerOverrides {
  /** Use this event store instead of the configured one (tests). */
  eventStore?: EventStore;
}

/**
 * Builds the container and brings the stores up: the app store must migrate before anything else can
 * run (it is retried for a while, for a Postgres that is still starting); the event store is migrated
 * in the background and retried until it answers, so capture can already accept events.
 */
export async function createContainer(
  config: Config,
  logger: Logger,
  overrides: ContainerOverrides = {},
): Promise<Container> {
  const appStore = createAppStore(config.appStore);
  const eventStore = overrides.eventStore ?? createEventStore(config.eventStore);
  const appStoreReadiness = new StoreReadiness('app store', () => migrateAppStore(appStore), logger);
  const eventStoreReadiness = new StoreReadiness('event store', () => migrateEventStore(eventStore), logger);

  const users = new UserRepository(appStore.db);
  const organizations = new OrganizationRepository(appStore.db);
  const projects = new ProjectRepository(appStore.db);
  const personalApiKeys = new PersonalApiKeyRepository(appStore.db);
  const sessions = new SessionRepository(appStore.db);
  const policy = new AccessPolicy(projects, organizations);
  const auth = new AuthService({ users, sessions, rateLimiter: new LoginRateLimiter() });
  const accounts = new AccountService({
    appStore,
    users,
    organizations,
    projects,
    personalApiKeys,
    allowSignup: config.allowSignup,
  });
  const projectService = new ProjectService({ projects, eventStore, logger });
  const spool = await Spool.open(path.join(config.dataDir, 'spool'), {
    maxUnconsumedBytes: config.spoolMaxBytes,
  });
  const tokens = new ProjectTokenCache(projects);
  const capture = new CaptureService({ spool, tokens });
  // Reads on this thread; every write of persons, groups and definitions is made where ingestion runs.
  const personRepository = new PersonRepository(appStore.db, { sqlite: appStore.sqlite });
  // Ingestion on a worker thread with its own app store connection (ADR 0011), or on this one.
  const ingestionWorker = config.ingestionWorker
    ? new IngestionWorker({ data: { appStore: config.appStore, logLevel: config.logLevel }, logger })
    : null;
  const { processor, personWrites } = ingestionWorker
    ? { processor: ingestionWorker, personWrites: ingestionWorker }
    : createIngestionServices(appStore, logger);
  const personQueries = new PersonQueries(eventStore);
  const groupRepository = new GroupRepository(appStore.db);
  const definitions = new DefinitionRepository(appStore.db);
  const actions = new ActionRepository(appStore.db);
  const actionService = new ActionService({ actions, eventStore });
  const cohortRepository = new CohortRepository(appStore.db);
  const queryService = new QueryService({
    eventStore,
    timeoutMs: config.queryTimeoutMs,
    loadDefinitions: async (teamId) => {
      const [actionList, cohortList] = await Promise.all([
        actions.listForQueries(teamId),
        cohortRepository.listForQueries(teamId),
      ]);
      return {
        actions: new Map(actionList.map((a) => [a.id, a])),
        cohorts: new Map(cohortList.map((c) => [c.id, c])),
      };
    },
  });
  const personService = new PersonService({
    writes: personWrites,
    repository: personRepository,
    eventStore,
    onDataChanged: (teamId) => queryService.noteDataChanged(teamId),
  });
  const cohortService = new CohortService({
    repository: cohortRepository,
    people: new StaticCohortPeople(eventStore),
    persons: personRepository,
    queryService,
    logger,
  });
  const ingestion = new IngestionConsumer({
    spool,
    processor,
    eventStore,
    logger,
    onBatchWritten: (teamIds) => {
      for (const id of teamIds) queryService.noteDataChanged(id);
    },
  });

  await appStoreReadiness.start();
  if (!appStoreReadiness.isReady) {
    const deadline = Date.now() + 30_000;
    while (!appStoreReadiness.isReady && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!appStoreReadiness.isReady) {
      appStoreReadiness.stop();
      await appStore.close().catch(() => {});
      await eventStore.close().catch(() => {});
      const state = appStoreReadiness.state;
      throw new Error(
        `The app store is unavailable: ${state.status === 'failed' ? state.error : state.status}`,
      );
    }
  }
  await eventStoreReadiness.start();
  // Capture spools from the start; events move on to the event store once its schema is ready.
  void eventStoreReadiness.ready.then(() => ingestion.start());

  return {
    version: HEDGEROW_VERSION,
    config,
    logger,
    appStore,
    eventStore,
    appStoreReadiness,
    eventStoreReadiness,
    users,
    organizations,
    projects,
    personalApiKeys,
    sessions,
    policy,
    auth,
    accounts,
    projectService,
    spool,
    capture,
    tokens,
    personRepository,
    personQueries,
    personService,
    queryService,
    groupRepository,
    ingestion,
    ingestionWorker,
    definitions,
    actions,
    actionService,
    cohortRepository,
    cohortService,
    async close() {
      appStoreReadiness.stop();
      eventStoreReadiness.stop();
      await ingestion.stop();
      await processor.close();
      await cohortService.idle();
      await spool.close();
      await Promise.allSettled([appStore.close(), eventStore.close()]);
    },
  };
}
