import type { CohortCriteriaGroup, LegacyCohortGroup } from '@hedgerow/schema';
import type { Kysely, Selectable } from 'kysely';
import type { AppDatabase, CohortTable } from '../../app-store/app-database';
import { containsIgnoringCase } from '../../app-store/like-pattern';
import { cohortCriteria } from '../../query/cohorts/cohort-criteria';
import type { CohortDefinition } from '../../query/definitions/query-definitions';

/** A cohort as stored: criteria JSON parsed, flags as booleans. */
export interface Cohort {
  id: number;
  teamId: number;
  name: string;
  description: string;
  filters: { properties: CohortCriteriaGroup } | null;
  groups: LegacyCohortGroup[] | null;
  isStatic: boolean;
  deleted: boolean;
  count: number | null;
  lastCalculation: string | null;
  errorsCalculating: number;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

/** What a create or an update writes. */
export interface CohortFields {
  name: string;
  description: string;
  filters: { properties: CohortCriteriaGroup } | null;
  groups: LegacyCohortGroup[] | null;
  isStatic: boolean;
  deleted: boolean;
}

function toCohort(row: Selectable<CohortTable>): Cohort {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    description: row.description,
    filters: row.filters ? (JSON.parse(row.filters) as Cohort['filters']) : null,
    groups: row.groups ? (JSON.parse(row.groups) as LegacyCohortGroup[]) : null,
    isStatic: row.is_static === 1,
    deleted: row.deleted === 1,
    count: row.count,
    lastCalculation: row.last_calculation,
    errorsCalculating: row.errors_calculating,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The cohort as queries evaluate it. */
export function cohortDefinition(cohort: Cohort): CohortDefinition {
  return { id: cohort.id, name: cohort.name, isStatic: cohort.isStatic, criteria: cohortCriteria(cohort) };
}

function columns(fields: CohortFields) {
  return {
    name: fields.name,
    description: fields.description,
    filters: fields.filters ? JSON.stringify(fields.filters) : null,
    groups: fields.groups ? JSON.stringify(fields.groups) : null,
    is_static: fields.isStatic ? 1 : 0,
    deleted: fields.deleted ? 1 : 0,
  };
}

/** Cohort definitions in the app store (static cohorts' persons live in the event store). */
export class CohortRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async create(teamId: number, fields: CohortFields, createdBy: number | null): Promise<Cohort> {
    const now = new Date().toISOString();
    const row = {
      team_id: teamId,
      ...columns(fields),
      count: null,
      last_calculation: null,
      errors_calculating: 0,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    };
    const { id } = await this.db.insertInto('cohorts').values(row).returning('id').executeTakeFirstOrThrow();
    return toCohort({ id, ...row });
  }

  async update(teamId: number, id: number, fields: CohortFields): Promise<void> {
    await this.db
      .updateTable('cohorts')
      .set({ ...columns(fields), updated_at: new Date().toISOString() })
      .where('team_id', '=', teamId)
      .where('id', '=', id)
      .execute();
  }

  async recordCount(teamId: number, id: number, result: { count: number } | { failed: true }): Promise<void> {
    const now = new Date().toISOString();
    const query = this.db.updateTable('cohorts').where('team_id', '=', teamId).where('id', '=', id);
    if ('failed' in result)
      await query.set((eb) => ({ errors_calculating: eb('errors_calculating', '+', 1) })).execute();
    else await query.set({ count: result.count, last_calculation: now, errors_calculating: 0 }).execute();
  }

  async find(teamId: number, id: number): Promise<Cohort | undefined> {
    const row = await this.db
      .selectFrom('cohorts')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toCohort(row) : undefined;
  }

  /** The project's cohorts (not deleted), newest first. */
  async list(teamId: number, page: { limit: number; offset: number; search?: string }): Promise<Cohort[]> {
    let query = this.db
      .selectFrom('cohorts')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('deleted', '=', 0);
    if (page.search) query = query.where(containsIgnoringCase('name', page.search));
    const rows = await query.orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
    return rows.map(toCohort);
  }

  /** Every live cohort of the project, as queries use them. */
  async listForQueries(teamId: number): Promise<CohortDefinition[]> {
    const rows = await this.db
      .selectFrom('cohorts')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('deleted', '=', 0)
      .execute();
    return rows.map((row) => cohortDefinition(toCohort(row)));
  }
}
