import type { Project, ProjectRepository } from '../features/projects/project-repository';

/**
 * Resolves project API keys for capture without a database read per request: known tokens are kept
 * for a minute, unknown ones for two seconds (so a project created a moment ago works almost at once).
 * Deleting a project is caught again by the pipeline, which drops events of projects that are gone.
 */
export class ProjectTokenCache {
  readonly #entries = new Map<string, { project: Project | null; expires: number }>();

  constructor(
    private readonly projects: Pick<ProjectRepository, 'findByApiToken'>,
    private readonly ttlMs = 60_000,
    private readonly negativeTtlMs = 2_000,
  ) {}

  async resolve(token: string): Promise<Project | null> {
    const now = Date.now();
    const hit = this.#entries.get(token);
    if (hit && hit.expires > now) return hit.project;
    const project = (await this.projects.findByApiToken(token)) ?? null;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(token, { project, expires: now + (project ? this.ttlMs : this.negativeTtlMs) });
    return project;
  }

  forget(token: string): void {
    this.#entries.delete(token);
  }
}
