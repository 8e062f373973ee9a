import type { EventStore } from '../../event-store/event-store';
import { quoteIdentifier } from '../../event-store/schema/render-ddl';
import type { Logger } from '../../runtime/logger';
import type { Project, ProjectRepository, ProjectSettings } from './project-repository';

/** Tables in the event store that hold a project's rows, by `team_id`. */
const PROJECT_TABLES = ['events', 'persons', 'person_distinct_ids', 'groups'] as const;

/** Creating, changing and deleting projects, including their data in the event store. */
export class ProjectService {
  constructor(
    private readonly deps: { projects: ProjectRepository; eventStore: EventStore; logger: Logger },
  ) {}

  create(organizationId: string, input: Partial<ProjectSettings> & { name: string }): Promise<Project> {
    return this.deps.projects.create(organizationId, input);
  }

  async update(projectId: number, input: Partial<ProjectSettings>): Promise<Project> {
    const project = await this.deps.projects.update(projectId, input);
    if (!project) throw new Error(`Project ${projectId} vanished during update`);
    return project;
  }

  /**
   * Deletes the project and then its analytics data. The event store's deletes are ClickHouse
   * mutations that finish in the background; if the store is unreachable the failure is logged with
   * the project id, since the project itself is already gone.
   */
  async delete(projectId: number): Promise<void> {
    await this.deps.projects.delete(projectId);
    const { eventStore, logger } = this.deps;
    const cluster = eventStore.cluster ? ` ON CLUSTER ${quoteIdentifier(eventStore.cluster)}` : '';
    for (const table of PROJECT_TABLES) {
      const name = `${quoteIdentifier(eventStore.database)}.${quoteIdentifier(eventStore.cluster && table === 'events' ? 'events_local' : table)}`;
      try {
        await eventStore.command({
          sql: `ALTER TABLE ${name}${cluster} DELETE WHERE team_id = {team_id:Int64}`,
          params: { team_id: projectId },
        });
      } catch (error) {
        logger.error({ err: error, projectId, table }, 'could not delete project data from the event store');
      }
    }
  }
}
