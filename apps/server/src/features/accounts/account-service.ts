import type { AppStore } from '../../app-store/app-store';
import { hashPassword, verifyPassword } from '../../auth/password-hasher';
import { ApiError, invalidInput } from '../../http/api-error';
import { MembershipLevels } from '../organizations/membership-level';
import type { Organization, OrganizationRepository } from '../organizations/organization-repository';
import type { PersonalApiKeyRepository } from '../personal-api-keys/personal-api-key-repository';
import type { Project, ProjectRepository } from '../projects/project-repository';
import type { User, UserRepository } from '../users/user-repository';

export interface NewAccount {
  user: User;
  organization: Organization;
  project: Project;
}

export interface BootstrapResult {
  organization_id: string;
  project_id: number;
  project_api_key: string;
  personal_api_key: string;
}

export const DEFAULT_ORGANIZATION_NAME = 'Default organization';
export const DEFAULT_PROJECT_NAME = 'Default project';

/**
 * Creating users together with their organization and first project: sign-up in the web app and
 * headless `hedgerow bootstrap` both come through here, so an account is always whole.
 */
export class AccountService {
  constructor(
    private readonly deps: {
      appStore: AppStore;
      users: UserRepository;
      organizations: OrganizationRepository;
      projects: ProjectRepository;
      personalApiKeys: PersonalApiKeyRepository;
      allowSignup: boolean;
    },
  ) {}

  /** Whether anyone has signed up yet; the first user always may. */
  async hasUsers(): Promise<boolean> {
    return (await this.deps.users.count()) > 0;
  }

  /** Sign-up: a new user owning a new organization with one project, in one transaction. */
  async signup(input: {
    email: string;
    password: string;
    firstName: string;
    organizationName?: string | undefined;
  }): Promise<NewAccount> {
    if (!this.deps.allowSignup && (await this.hasUsers())) {
      throw new ApiError(
        403,
        'authentication_error',
        'signup_disabled',
        'Sign-up is disabled on this server; ask an administrator for an account.',
      );
    }
    if (await this.deps.users.findByEmail(input.email)) {
      throw invalidInput('There is already an account with this email address.', 'email');
    }
    const passwordHash = await hashPassword(input.password);
    return this.#createAccount({
      email: input.email,
      passwordHash,
      firstName: input.firstName,
      organizationName: input.organizationName ?? DEFAULT_ORGANIZATION_NAME,
      projectName: DEFAULT_PROJECT_NAME,
    });
  }

  /**
   * Headless set-up: ensures the user (checking the password if they exist), the named organization
   * (among the user's) and the named project (within it), then issues a fresh personal API key.
   * Running it again with the same arguments reuses everything but the key.
   */
  async bootstrap(input: {
    email: string;
    password: string;
    organizationName?: string | undefined;
    projectName?: string | undefined;
  }): Promise<BootstrapResult> {
    const { users, organizations, projects, personalApiKeys, appStore } = this.deps;
    return appStore.db.transaction().execute(async (trx) => {
      const txUsers = users.withDb(trx);
      const txOrgs = organizations.withDb(trx);
      const txProjects = projects.withDb(trx);
      let user = await txUsers.findByEmail(input.email);
      if (user) {
        const hash = await txUsers.passwordHashOf(user.id);
        if (!hash || !(await verifyPassword(input.password, hash))) {
          throw invalidInput('A user with this email exists and the password does not match.', 'password');
        }
      } else {
        user = await txUsers.create({
          email: input.email,
          passwordHash: await hashPassword(input.password),
          firstName: '',
        });
      }
      const memberOf = await txOrgs.listForUser(user.id);
      const wantedOrg = input.organizationName;
      let organization: Organization | undefined = wantedOrg
        ? memberOf.find((o) => o.name === wantedOrg)
        : memberOf[0];
      if (!organization) {
        organization = await txOrgs.create(wantedOrg ?? DEFAULT_ORGANIZATION_NAME);
        await txOrgs.addMember(organization.id, user.id, MembershipLevels.owner);
      }
      let project = input.projectName
        ? await txProjects.findByName(organization.id, input.projectName)
        : await txProjects.firstInOrganization(organization.id);
      project ??= await txProjects.create(organization.id, {
        name: input.projectName ?? DEFAULT_PROJECT_NAME,
      });
      if (user.current_project_id === null) await txUsers.setCurrent(user.id, organization.id, project.id);
      const { value } = await personalApiKeys.withDb(trx).create({
        userId: user.id,
        label: `bootstrap ${new Date().toISOString().slice(0, 19)}`,
        scopes: ['*'],
      });
      return {
        organization_id: organization.id,
        project_id: project.id,
        project_api_key: project.api_token,
        personal_api_key: value,
      };
    });
  }

  async #createAccount(input: {
    email: string;
    passwordHash: string;
    firstName: string;
    organizationName: string;
    projectName: string;
  }): Promise<NewAccount> {
    const { users, organizations, projects, appStore } = this.deps;
    return appStore.db.transaction().execute(async (trx) => {
      const user = await users.withDb(trx).create(input);
      const organization = await organizations.withDb(trx).create(input.organizationName);
      await organizations.withDb(trx).addMember(organization.id, user.id, MembershipLevels.owner);
      const project = await projects.withDb(trx).create(organization.id, { name: input.projectName });
      await users.withDb(trx).setCurrent(user.id, organization.id, project.id);
      return {
        user: { ...user, current_organization_id: organization.id, current_project_id: project.id },
        organization,
        project,
      };
    });
  }
}
