import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../app-store/app-database';

export interface User {
  id: number;
  uuid: string;
  email: string;
  first_name: string;
  current_organization_id: string | null;
  current_project_id: number | null;
  created_at: string;
  last_login_at: string | null;
}

const userColumns = [
  'id',
  'uuid',
  'email',
  'first_name',
  'current_organization_id',
  'current_project_id',
  'created_at',
  'last_login_at',
] as const;

export class UserRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  withDb(db: Kysely<AppDatabase>): UserRepository {
    return new UserRepository(db);
  }

  async create(input: { email: string; passwordHash: string; firstName: string }): Promise<User> {
    const row = {
      uuid: randomUUID(),
      email: input.email,
      password_hash: input.passwordHash,
      first_name: input.firstName,
      current_organization_id: null,
      current_project_id: null,
      created_at: new Date().toISOString(),
      last_login_at: null,
    };
    const { id } = await this.db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
    const { password_hash: _, ...user } = row;
    return { id, ...user };
  }

  async findById(id: number): Promise<User | undefined> {
    return this.db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  }

  async findByEmail(email: string): Promise<User | undefined> {
    return this.db.selectFrom('users').select(userColumns).where('email', '=', email).executeTakeFirst();
  }

  /** The stored password hash, for login only. */
  async passwordHashOf(userId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.password_hash;
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', userId)
      .execute();
  }

  async setCurrent(userId: number, organizationId: string | null, projectId: number | null): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ current_organization_id: organizationId, current_project_id: projectId })
      .where('id', '=', userId)
      .execute();
  }

  async setFirstName(userId: number, firstName: string): Promise<void> {
    await this.db.updateTable('users').set({ first_name: firstName }).where('id', '=', userId).execute();
  }

  async touchLogin(userId: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ last_login_at: new Date().toISOString() })
      .where('id', '=', userId)
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
