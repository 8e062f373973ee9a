import type { ActionStep } from '@hedgerow/schema';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../app-store/app-database';
import type { ActionDefinition } from '../../query/definitions/query-definitions';

/** The user who created an action, as lists show them. */
export interface ActionCreator {
  id: number;
  uuid: string;
  email: string;
  first_name: string;
}

export interface Action {
  id: number;
  team_id: number;
  name: string;
  description: string;
  steps: ActionStep[];
  tags: string[];
  /** Null when no user is recorded, or the user was deleted. */
  created_by: ActionCreator | null;
  created_at: string;
  updated_at: string;
  deleted: boolean;
}

export interface ActionFields {
  name: string;
  description: string;
  tags: string[];
  steps: ActionStep[];
}

/** What a write answers when another live action of the project already has the name. */
export type NameTaken = { nameTakenBy: number | null };

/** A unique index refused the row (the live-name index here), on either store. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Actions in the app store, always read and written within one project (`team_id`). Deleting marks a
 * row `deleted`; lists and queries skip deleted actions, while reading one by id still finds it (as
 * PostHog's API does). Names are unique among a project's live actions: the writes check first, to say
 * which action holds the name, and the partial unique index catches a concurrent write.
 */
export class ActionRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async create(teamId: number, fields: ActionFields, createdBy: number | null): Promise<Action | NameTaken> {
    const taken = await this.liveIdByName(teamId, fields.name, null);
    if (taken !== undefined) return { nameTakenBy: taken };
    const now = new Date().toISOString();
    try {
      const { id } = await this.db
        .insertInto('actions')
        .values({
          team_id: teamId,
          name: fields.name,
          description: fields.description,
          steps: JSON.stringify(fields.steps),
          tags: JSON.stringify(fields.tags),
          created_by: createdBy,
          created_at: now,
          updated_at: now,
          deleted: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await this.findById(teamId, id)) as Action;
    } catch (error) {
      if (isUniqueViolation(error))
        return { nameTakenBy: (await this.liveIdByName(teamId, fields.name, null)) ?? null };
      throw error;
    }
  }

  /** The action, deleted or not; undefined when the project has no action with this id. */
  async findById(teamId: number, id: number): Promise<Action | undefined> {
    const row = await this.#select(teamId).where('a.id', '=', id).executeTakeFirst();
    return row && toAction(row);
  }

  /** The project's live actions by name (then id), a page at a time. */
  async list(
    teamId: number,
    page: { limit: number; offset: number },
  ): Promise<{ count: number; results: Action[] }> {
    const [{ n }, rows] = await Promise.all([
      this.db
        .selectFrom('actions')
        .where('team_id', '=', teamId)
        .where('deleted', '=', 0)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
      this.#select(teamId)
        .where('a.deleted', '=', 0)
        .orderBy('a.name')
        .orderBy('a.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
    ]);
    return { count: Number(n), results: rows.map(toAction) };
  }

  /**
   * Changes an action. Undefined when the project has no such action; NameTaken when the change
   * would leave two live actions with one name (renaming, or restoring a deleted one).
   */
  async update(
    teamId: number,
    id: number,
    changes: Partial<ActionFields> & { deleted?: boolean },
  ): Promise<Action | NameTaken | undefined> {
    const current = await this.findById(teamId, id);
    if (!current) return undefined;
    const name = changes.name ?? current.name;
    const live = !(changes.deleted ?? current.deleted);
    if (live && (name !== current.name || current.deleted)) {
      const taken = await this.liveIdByName(teamId, name, id);
      if (taken !== undefined) return { nameTakenBy: taken };
    }
    try {
      await this.db
        .updateTable('actions')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.tags !== undefined ? { tags: JSON.stringify(changes.tags) } : {}),
          ...(changes.steps !== undefined ? { steps: JSON.stringify(changes.steps) } : {}),
          ...(changes.deleted !== undefined ? { deleted: changes.deleted ? 1 : 0 } : {}),
          updated_at: new Date().toISOString(),
        })
        .where('team_id', '=', teamId)
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        return { nameTakenBy: (await this.liveIdByName(teamId, name, id)) ?? null };
      throw error;
    }
    return this.findById(teamId, id);
  }

  /** The project's live actions as queries use them, by id. */
  async listForQueries(teamId: number): Promise<ActionDefinition[]> {
    const rows = await this.db
      .selectFrom('actions')
      .select(['id', 'name', 'steps'])
      .where('team_id', '=', teamId)
      .where('deleted', '=', 0)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, steps: JSON.parse(r.steps) as ActionStep[] }));
  }

  async liveIdByName(teamId: number, name: string, exceptId: number | null): Promise<number | undefined> {
    let query = this.db
      .selectFrom('actions')
      .select('id')
      .where('team_id', '=', teamId)
      .where('name', '=', name)
      .where('deleted', '=', 0);
    if (exceptId !== null) query = query.where('id', '!=', exceptId);
    return (await query.orderBy('id').executeTakeFirst())?.id;
  }

  #select(teamId: number) {
    return this.db
      .selectFrom('actions as a')
      .leftJoin('users as u', 'u.id', 'a.created_by')
      .select([
        'a.id',
        'a.team_id',
        'a.name',
        'a.description',
        'a.steps',
        'a.tags',
        'a.created_by',
        'a.created_at',
        'a.updated_at',
        'a.deleted',
        'u.uuid as creator_uuid',
        'u.email as creator_email',
        'u.first_name as creator_first_name',
      ])
      .where('a.team_id', '=', teamId);
  }
}

interface ActionRow {
  id: number;
  team_id: number;
  name: string;
  description: string;
  steps: string;
  tags: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  deleted: number;
  creator_uuid: string | null;
  creator_email: string | null;
  creator_first_name: string | null;
}

function toAction(row: ActionRow): Action {
  return {
    id: row.id,
    team_id: row.team_id,
    name: row.name,
    description: row.description,
    steps: JSON.parse(row.steps) as ActionStep[],
    tags: JSON.parse(row.tags) as string[],
    created_by:
      row.created_by !== null && row.creator_uuid !== null
        ? {
            id: row.created_by,
            uuid: row.creator_uuid,
            email: row.creator_email ?? '',
            first_name: row.creator_first_name ?? '',
          }
        : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted: row.deleted !== 0,
  };
}
