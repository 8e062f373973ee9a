import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../app-store/app-database';
import { type MembershipLevel, membershipLevelName } from './membership-level';

export interface Organization {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface OrganizationWithLevel extends Organization {
  membership_level: MembershipLevel;
}

/** Organizations and who belongs to them with which level. */
export class OrganizationRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  withDb(db: Kysely<AppDatabase>): OrganizationRepository {
    return new OrganizationRepository(db);
  }

  async create(name: string): Promise<Organization> {
    const now = new Date().toISOString();
    const org = { id: randomUUID(), name, created_at: now, updated_at: now };
    await this.db.insertInto('organizations').values(org).execute();
    return org;
  }

  async findById(id: string): Promise<Organization | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async addMember(organizationId: string, userId: number, level: MembershipLevel): Promise<void> {
    await this.db
      .insertInto('organization_memberships')
      .values({
        organization_id: organizationId,
        user_id: userId,
        level,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** The user's level in the organization, or null when they are not a member. */
  async levelOf(organizationId: string, userId: number): Promise<MembershipLevel | null> {
    const row = await this.db
      .selectFrom('organization_memberships')
      .select('level')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && membershipLevelName(row.level) ? (row.level as MembershipLevel) : null;
  }

  /** Organizations the user belongs to, oldest membership first. */
  async listForUser(userId: number): Promise<OrganizationWithLevel[]> {
    const rows = await this.db
      .selectFrom('organizations')
      .innerJoin('organization_memberships as m', 'm.organization_id', 'organizations.id')
      .selectAll('organizations')
      .select('m.level as membership_level')
      .where('m.user_id', '=', userId)
      .orderBy('m.id')
      .execute();
    return rows.map((r) => ({ ...r, membership_level: r.membership_level as MembershipLevel }));
  }

  async memberCount(organizationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('organization_memberships')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
