import { randomUUID } from 'node:crypto';
import type { ApiScope } from '@hedgerow/schema';
import type { Kysely, Selectable } from 'kysely';
import type { AppDatabase, PersonalApiKeyTable } from '../../app-store/app-database';
import { generateToken, hashToken, maskToken } from '../../auth/secret-token';

export interface PersonalApiKey {
  id: string;
  user_id: number;
  label: string;
  mask_value: string;
  scopes: ApiScope[];
  /** Projects the key may reach, or null for every project its user may reach. */
  scoped_teams: number[] | null;
  scoped_organizations: string[] | null;
  created_at: string;
  last_used_at: string | null;
}

function toKey(row: Omit<Selectable<PersonalApiKeyTable>, 'secure_value'>): PersonalApiKey {
  return {
    id: row.id,
    user_id: row.user_id,
    label: row.label,
    mask_value: row.mask_value,
    scopes: JSON.parse(row.scopes) as ApiScope[],
    scoped_teams: row.scoped_teams === null ? null : (JSON.parse(row.scoped_teams) as number[]),
    scoped_organizations:
      row.scoped_organizations === null ? null : (JSON.parse(row.scoped_organizations) as string[]),
    created_at: row.created_at,
    last_used_at: row.last_used_at,
  };
}

const publicColumns = [
  'id',
  'user_id',
  'label',
  'mask_value',
  'scopes',
  'scoped_teams',
  'scoped_organizations',
  'created_at',
  'last_used_at',
] as const;

/** Personal API keys (`phx_…`). Only their sha256 is stored; the key is shown once, at creation. */
export class PersonalApiKeyRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  withDb(db: Kysely<AppDatabase>): PersonalApiKeyRepository {
    return new PersonalApiKeyRepository(db);
  }

  async create(input: {
    userId: number;
    label: string;
    scopes: ApiScope[];
    scopedTeams?: number[] | null;
    scopedOrganizations?: string[] | null;
  }): Promise<{ key: PersonalApiKey; value: string }> {
    const value = generateToken('phx_');
    const row = {
      id: randomUUID(),
      user_id: input.userId,
      label: input.label,
      secure_value: hashToken(value),
      mask_value: maskToken(value),
      scopes: JSON.stringify(input.scopes),
      scoped_teams: input.scopedTeams ? JSON.stringify(input.scopedTeams) : null,
      scoped_organizations: input.scopedOrganizations ? JSON.stringify(input.scopedOrganizations) : null,
      created_at: new Date().toISOString(),
      last_used_at: null,
    };
    await this.db.insertInto('personal_api_keys').values(row).execute();
    return { key: toKey(row), value };
  }

  /** The key whose value is `value`, looked up by hash. */
  async findByValue(value: string): Promise<PersonalApiKey | undefined> {
    const row = await this.db
      .selectFrom('personal_api_keys')
      .select(publicColumns)
      .where('secure_value', '=', hashToken(value))
      .executeTakeFirst();
    return row && toKey(row);
  }

  async listForUser(userId: number): Promise<PersonalApiKey[]> {
    const rows = await this.db
      .selectFrom('personal_api_keys')
      .select(publicColumns)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map(toKey);
  }

  /** Deletes one of the user's keys; false when they have no such key. */
  async delete(userId: number, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('personal_api_keys')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async touch(id: string): Promise<void> {
    await this.db
      .updateTable('personal_api_keys')
      .set({ last_used_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }
}
