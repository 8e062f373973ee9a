import type { ApiScope, ProjectResponse } from '@hedgerow/schema';

/**
 * Shapes of the API answers the web app reads, as the server presents them (PostHog's field names).
 * Request bodies use the zod-derived types from @hedgerow/schema.
 */
export type Project = ProjectResponse;

/** Organization membership levels (PostHog's): a higher level may do everything a lower one may. */
export const MembershipLevel = { member: 1, admin: 8, owner: 15 } as const;

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  membership_level: number;
}

export interface ProjectSummary {
  id: number;
  uuid: string;
  name: string;
  api_token: string;
}

export interface OrganizationDetail extends OrganizationSummary {
  created_at: string;
  updated_at: string;
  member_count: number;
  teams: ProjectSummary[];
}

export interface CurrentUser {
  id: number;
  uuid: string;
  distinct_id: string;
  first_name: string;
  last_name: string;
  email: string;
  date_joined: string;
  last_login: string | null;
  organization: OrganizationSummary | null;
  team: Project | null;
  organizations: OrganizationSummary[];
}

export interface SignupStatus {
  first_user: boolean;
}

export interface PersonalApiKey {
  id: string;
  label: string;
  mask_value: string;
  scopes: ApiScope[];
  scoped_teams: number[] | null;
  scoped_organizations: string[] | null;
  created_at: string;
  last_used_at: string | null;
}

/** The create call's answer: the only time the key's value is shown. */
export interface CreatedPersonalApiKey extends PersonalApiKey {
  value: string;
}
