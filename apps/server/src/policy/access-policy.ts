import type { ApiScope, ApiScopeObject } from '@hedgerow/schema';
import type { Actor, UserActor } from '../auth/actor';
import {
  type MembershipLevel,
  MembershipLevels,
  type MembershipRole,
} from '../features/organizations/membership-level';
import type { Organization, OrganizationRepository } from '../features/organizations/organization-repository';
import type { Project, ProjectRepository } from '../features/projects/project-repository';
import { notAuthenticated, notFound, permissionDenied } from '../http/api-error';

/** What a route needs to do with an object: the API scope a personal key must carry, and the membership level. */
export interface AccessNeed {
  scope: `${ApiScopeObject}:${'read' | 'write'}`;
  /** Lowest organization role allowed; defaults to member. */
  role?: MembershipRole;
}

export interface ProjectAccess {
  actor: UserActor;
  project: Project;
  level: MembershipLevel;
}

export interface OrganizationAccess {
  actor: UserActor;
  organization: Organization;
  level: MembershipLevel;
}

/**
 * The single door for access decisions: who may see or change which organization and project. Every
 * route calls it, and the query layer will too. The rules:
 * - no credentials → 401;
 * - an organization or project the user does not belong to → 404, exactly as if it did not exist;
 * - a member without the role, or a personal API key without the scope or outside its scoped
 *   projects/organizations → 403 saying what is missing.
 * Per-object grants and property masking will be added here, so keep every check going through it.
 */
export class AccessPolicy {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly organizations: OrganizationRepository,
  ) {}

  /** The signed-in user, or a 401. */
  authenticated(actor: Actor): UserActor {
    if (actor.kind !== 'user') throw notAuthenticated();
    return actor;
  }

  /** A 403 unless the request's personal API key (if any) carries the scope. Sessions carry every scope. */
  requireScope(actor: UserActor, scope: AccessNeed['scope']): void {
    if (actor.credential.kind !== 'personal_api_key') return;
    if (!scopesAllow(actor.credential.key.scopes, scope)) {
      throw permissionDenied(
        `This action requires the '${scope}' scope, which this personal API key does not have.`,
      );
    }
  }

  async project(actor: Actor, ref: string | number, need: AccessNeed): Promise<ProjectAccess> {
    const user = this.authenticated(actor);
    const project = await this.#resolveProject(user, ref);
    const level = project ? await this.organizations.levelOf(project.organization_id, user.user.id) : null;
    if (!project || level === null) throw notFound('Project not found.');
    this.requireScope(user, need.scope);
    this.#requireKeyReaches(user, project.organization_id, project.id);
    this.#requireRole(level, need.role ?? 'member', 'project');
    return { actor: user, project, level };
  }

  async organization(actor: Actor, ref: string, need: AccessNeed): Promise<OrganizationAccess> {
    const user = this.authenticated(actor);
    const id = ref === '@current' ? await this.#currentOrganizationId(user) : ref;
    const organization = id ? await this.organizations.findById(id) : undefined;
    const level = organization ? await this.organizations.levelOf(organization.id, user.user.id) : null;
    if (!organization || level === null) throw notFound('Organization not found.');
    this.requireScope(user, need.scope);
    this.#requireKeyReaches(user, organization.id, null);
    this.#requireRole(level, need.role ?? 'member', 'organization');
    return { actor: user, organization, level };
  }

  /** Organization ids whose projects the actor may list (respecting a key's scoped organizations). */
  async listableOrganizationIds(actor: UserActor): Promise<string[]> {
    const orgs = await this.organizations.listForUser(actor.user.id);
    const key = actor.credential.kind === 'personal_api_key' ? actor.credential.key : null;
    return orgs
      .map((o) => o.id)
      .filter((id) => !key?.scoped_organizations || key.scoped_organizations.includes(id));
  }

  /** The projects a team-scoped personal API key limits lists to; null when the actor is not limited. */
  scopedProjectIds(actor: UserActor): readonly number[] | null {
    const key = actor.credential.kind === 'personal_api_key' ? actor.credential.key : null;
    return key?.scoped_teams ?? null;
  }

  async #resolveProject(actor: UserActor, ref: string | number): Promise<Project | undefined> {
    if (ref === '@current') {
      const key = actor.credential.kind === 'personal_api_key' ? actor.credential.key : null;
      const currentId = key?.scoped_teams?.[0] ?? actor.user.current_project_id;
      if (currentId !== null) {
        const current = await this.projects.findById(currentId);
        if (current) return current;
      }
      const orgId = await this.#currentOrganizationId(actor);
      return orgId ? this.projects.firstInOrganization(orgId) : undefined;
    }
    const id = typeof ref === 'number' ? ref : /^\d{1,15}$/.test(ref) ? Number(ref) : Number.NaN;
    return Number.isSafeInteger(id) ? this.projects.findById(id) : undefined;
  }

  async #currentOrganizationId(actor: UserActor): Promise<string | undefined> {
    const orgs = await this.organizations.listForUser(actor.user.id);
    const current = orgs.find((o) => o.id === actor.user.current_organization_id);
    return (current ?? orgs[0])?.id;
  }

  #requireKeyReaches(actor: UserActor, organizationId: string, projectId: number | null): void {
    if (actor.credential.kind !== 'personal_api_key') return;
    const key = actor.credential.key;
    if (key.scoped_organizations && !key.scoped_organizations.includes(organizationId)) {
      throw permissionDenied('This personal API key is not allowed to access this organization.');
    }
    if (projectId !== null && key.scoped_teams && !key.scoped_teams.includes(projectId)) {
      throw permissionDenied('This personal API key is not allowed to access this project.');
    }
  }

  #requireRole(level: MembershipLevel, role: MembershipRole, what: string): void {
    if (level < MembershipLevels[role]) {
      throw permissionDenied(`You need to be an organization ${role} or above to do this to the ${what}.`);
    }
  }
}

/** `*` grants everything; `object:write` also grants `object:read`. */
export function scopesAllow(scopes: readonly ApiScope[], need: AccessNeed['scope']): boolean {
  if (scopes.includes('*') || scopes.includes(need)) return true;
  const [object, action] = need.split(':');
  return action === 'read' && scopes.includes(`${object}:write` as ApiScope);
}
