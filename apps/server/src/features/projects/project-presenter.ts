import type { ProjectResponse } from '@hedgerow/schema';
import type { MembershipLevel } from '../organizations/membership-level';
import { MembershipLevels } from '../organizations/membership-level';
import type { Project } from './project-repository';

/**
 * A project as the API shows it, with PostHog's team field names. The project secret is shown only to
 * organization admins and owners, who may rotate and use it.
 */
export function presentProject(
  project: Project,
  viewerLevel: MembershipLevel,
): ProjectResponse & { secret_api_token?: string } {
  const body: ProjectResponse & { secret_api_token?: string } = {
    id: project.id,
    uuid: project.uuid,
    organization: project.organization_id,
    name: project.name,
    api_token: project.api_token,
    timezone: project.timezone,
    week_start_day: project.week_start_day,
    test_account_filters: project.test_account_filters,
    geoip_enabled: project.geoip_enabled,
    path_cleaning_filters: project.path_cleaning_filters,
    created_at: project.created_at,
    updated_at: project.updated_at,
  };
  if (viewerLevel >= MembershipLevels.admin) body.secret_api_token = project.secret_api_token;
  return body;
}
