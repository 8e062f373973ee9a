/** TanStack Query keys, in one place so that invalidations match the queries they mean. */
export const queryKeys = {
  me: ['users', '@me'] as const,
  signupStatus: ['signup'] as const,
  organization: (id: string) => ['organizations', id] as const,
  organizations: ['organizations'] as const,
  project: (id: number) => ['projects', id] as const,
  projects: ['projects'] as const,
  personalApiKeys: ['personal-api-keys'] as const,
};
