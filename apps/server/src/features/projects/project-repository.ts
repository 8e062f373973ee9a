import { randomUUID } from 'node:crypto';
import type { PathCleaningFilter } from '@hedgerow/schema';
import type { Kysely, Selectable } from 'kysely';
import type { AppDatabase, ProjectTable } from '../../app-store/app-database';
import { generateToken } from '../../auth/secret-token';

/** One property filter of the project's "filter out internal and test users" setting. */
export type TestAccountFilter = Record<string, unknown> & { key: string; type: string };

export interface Project {
  id: number;
  uuid: string;
  organization_id: string;
  name: string;
  /** Public project API key (`phc_…`): SDKs send it with events and flag requests. */
  api_token: string;
  /** Project secret (`phs_…`): lets server-side SDKs download flag definitions. */
  secret_api_token: string;
  timezone: string;
  week_start_day: 0 | 1;
  test_account_filters: TestAccountFilter[];
  /** Whether ingestion adds `$geoip_*` properties from the sender's address. */
  geoip_enabled: boolean;
  /** Regex replacements paths insights apply to path items when asked (`pathReplacements`). */
  path_cleaning_filters: PathCleaningFilter[];
  created_at: string;
  updated_at: string;
}

export interface ProjectSettings {
  name: string;
  timezone: string;
  week_start_day: 0 | 1;
  test_account_filters: TestAccountFilter[];
  geoip_enabled: boolean;
  path_cleaning_filters: PathCleaningFilter[];
}

function toProject(row: Selectable<ProjectTable>): Project {
  return {
    ...row,
    week_start_day: row.week_start_day === 1 ? 1 : 0,
    test_account_filters: JSON.parse(row.test_account_filters) as TestAccountFilter[],
    geoip_enabled: row.geoip_enabled !== 0,
    path_cleaning_filters: JSON.parse(row.path_cleaning_filters) as PathCleaningFilter[],
  };
}

export class ProjectRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  withDb(db: Kysely<AppDatabase>): ProjectRepository {
    return new ProjectRepository(db);
  }

  async create(
    organizationId: string,
    settings: Partial<ProjectSettings> & { name: string },
  ): Promise<Project> {
    const now = new Date().toISOString();
    const row = {
      uuid: randomUUID(),
      organization_id: organizationId,
      name: settings.name,
      api_token: generateToken('phc_'),
      secret_api_token: generateToken('phs_'),
      timezone: settings.timezone ?? 'UTC',
      week_start_day: settings.week_start_day ?? 0,
      test_account_filters: JSON.stringify(settings.test_account_filters ?? []),
      geoip_enabled: settings.geoip_enabled === false ? 0 : 1,
      path_cleaning_filters: JSON.stringify(settings.path_cleaning_filters ?? []),
      created_at: now,
      updated_at: now,
    };
    const { id } = await this.db.insertInto('projects').values(row).returning('id').executeTakeFirstOrThrow();
    return toProject({ id, ...row });
  }

  async findById(id: number): Promise<Project | undefined> {
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toProject(row);
  }

  /** The projects among these ids that exist, in one query (ingestion reads its batch's projects so). */
  async findManyByIds(ids: readonly number[]): Promise<Project[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('projects').selectAll().where('id', 'in', ids).execute();
    return rows.map(toProject);
  }

  /** The project an SDK's public key belongs to. */
  async findByApiToken(token: string): Promise<Project | undefined> {
    const row = await this.db
      .selectFrom('projects')
      .selectAll()
      .where('api_token', '=', token)
      .executeTakeFirst();
    return row && toProject(row);
  }

  async findBySecretToken(token: string): Promise<Project | undefined> {
    const row = await this.db
      .selectFrom('projects')
      .selectAll()
      .where('secret_api_token', '=', token)
      .executeTakeFirst();
    return row && toProject(row);
  }

  /** A page of the organizations' projects; `onlyIds` (a team-scoped key's teams) narrows it further. */
  async listForOrganizations(
    organizationIds: readonly string[],
    page: { limit: number; offset: number },
    onlyIds: readonly number[] | null = null,
  ): Promise<{ count: number; results: Project[] }> {
    if (organizationIds.length === 0 || onlyIds?.length === 0) return { count: 0, results: [] };
    let base = this.db.selectFrom('projects').where('organization_id', 'in', organizationIds);
    if (onlyIds) base = base.where('id', 'in', onlyIds);
    const [{ n }, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute(),
    ]);
    return { count: Number(n), results: rows.map(toProject) };
  }

  async firstInOrganization(organizationId: string): Promise<Project | undefined> {
    const row = await this.db
      .selectFrom('projects')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row && toProject(row);
  }

  async findByName(organizationId: string, name: string): Promise<Project | undefined> {
    const row = await this.db
      .selectFrom('projects')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('name', '=', name)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row && toProject(row);
  }

  async update(id: number, changes: Partial<ProjectSettings>): Promise<Project | undefined> {
    const set: Partial<Omit<Selectable<ProjectTable>, 'id'>> = { updated_at: new Date().toISOString() };
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.timezone !== undefined) set.timezone = changes.timezone;
    if (changes.week_start_day !== undefined) set.week_start_day = changes.week_start_day;
    if (changes.test_account_filters !== undefined)
      set.test_account_filters = JSON.stringify(changes.test_account_filters);
    if (changes.geoip_enabled !== undefined) set.geoip_enabled = changes.geoip_enabled ? 1 : 0;
    if (changes.path_cleaning_filters !== undefined)
      set.path_cleaning_filters = JSON.stringify(changes.path_cleaning_filters);
    await this.db.updateTable('projects').set(set).where('id', '=', id).execute();
    return this.findById(id);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('projects').where('id', '=', id).execute();
  }
}
