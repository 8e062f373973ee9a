import type { MembershipLevel } from './membership-level';
import type { Organization } from './organization-repository';

/** A URL-friendly name, as PostHog shows next to each organization. */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'organization'
  );
}

export function presentOrganizationSummary(org: Organization, level: MembershipLevel) {
  return { id: org.id, name: org.name, slug: slugify(org.name), membership_level: level };
}

export function presentOrganization(
  org: Organization,
  level: MembershipLevel,
  projects: { id: number; uuid: string; name: string; api_token: string }[],
  memberCount: number,
) {
  const teams = projects.map((p) => ({ id: p.id, uuid: p.uuid, name: p.name, api_token: p.api_token }));
  return {
    ...presentOrganizationSummary(org, level),
    created_at: org.created_at,
    updated_at: org.updated_at,
    member_count: memberCount,
    teams,
    projects: teams.map(({ id, name }) => ({ id, name })),
  };
}
