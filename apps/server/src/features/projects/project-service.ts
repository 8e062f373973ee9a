import { deleteEventStoreRows } from '../../event-store/delete-rows';
import type { EventStore } from '../../event-store/event-store';
import type { Logger } from '../../runtime/logger';
import type { Project, ProjectRepository, ProjectSettings } from './project-repository';

/** Tables in the event store that hold a project's rows, by `team_id`. */
const PROJECT_TABLES = [
  'events',
  'persons',
  'person_distinct_ids',
  'groups',
  'ingestion_dead_letters',
  'ingestion_warnings',
] as const;

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
    for (const table of PROJECT_TABLES) {
      try {
        await deleteEventStoreRows(eventStore, table, 'team_id = {team_id:Int64}', { team_id: projectId });
      } catch (error) {
        logger.error({ err: error, projectId, table }, 'could not delete project data from the event store');
      }
    }
  }
}
