import { emailSchema, passwordSchema, projectNameSchema } from '@hedgerow/schema';
import { createAppStore } from '../app-store/create-app-store';
import { migrateAppStore } from '../app-store/migrate-app-store';
import type { Config } from '../config/config';
import { AccountService, type BootstrapResult } from '../features/accounts/account-service';
import { OrganizationRepository } from '../features/organizations/organization-repository';
import { PersonalApiKeyRepository } from '../features/personal-api-keys/personal-api-key-repository';
import { ProjectRepository } from '../features/projects/project-repository';
import { UserRepository } from '../features/users/user-repository';
import { ApiError } from '../http/api-error';
import { CliUsageError } from './parse-cli-args';

/**
 * `hedgerow bootstrap`: headless set-up for scripts. Opens only the app store (SQLite in WAL mode or
 * Postgres), so it works whether or not a server is running on the same data dir.
 */
export async function runBootstrap(
  config: Config,
  input: { email: string; password: string; organization?: string; project?: string },
): Promise<BootstrapResult> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new CliUsageError(`--email: ${email.error.issues[0]?.message ?? 'invalid'}`);
  const password = passwordSchema.safeParse(input.password);
  if (!password.success)
    throw new CliUsageError(`--password: ${password.error.issues[0]?.message ?? 'invalid'}`);
  for (const [flag, value] of [
    ['--organization', input.organization],
    ['--project', input.project],
  ] as const) {
    if (value !== undefined && !projectNameSchema.safeParse(value).success) {
      throw new CliUsageError(`${flag} must be a non-empty name of at most 200 characters.`);
    }
  }
  const appStore = createAppStore(config.appStore);
  try {
    await migrateAppStore(appStore);
    const accounts = new AccountService({
      appStore,
      users: new UserRepository(appStore.db),
      organizations: new OrganizationRepository(appStore.db),
      projects: new ProjectRepository(appStore.db),
      personalApiKeys: new PersonalApiKeyRepository(appStore.db),
      allowSignup: true,
    });
    return await accounts.bootstrap({
      email: email.data,
      password: password.data,
      organizationName: input.organization?.trim(),
      projectName: input.project?.trim(),
    });
  } catch (error) {
    if (error instanceof ApiError) throw new CliUsageError(error.detail);
    throw error;
  } finally {
    await appStore.close();
  }
}
