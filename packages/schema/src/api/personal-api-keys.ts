import { z } from 'zod';

/**
 * Scopes a personal API key may carry, in PostHog's `object:action` form. `*` grants everything the
 * user may do. `write` implies `read` for the same object.
 */
export const apiScopeObjects = [
  'project',
  'organization',
  'user',
  'personal_api_key',
  'cohort',
  'action',
] as const;
export type ApiScopeObject = (typeof apiScopeObjects)[number];
export type ApiScope = '*' | `${ApiScopeObject}:${'read' | 'write'}`;

export const apiScopeSchema = z.custom<ApiScope>(
  (v) =>
    typeof v === 'string' &&
    (v === '*' || apiScopeObjects.some((o) => v === `${o}:read` || v === `${o}:write`)),
  { message: `Scope must be "*" or one of ${apiScopeObjects.map((o) => `${o}:read|write`).join(', ')}.` },
);

/** `POST /api/users/@me/personal_api_keys/` */
export const createPersonalApiKeyRequestSchema = z.strictObject({
  label: z.string().trim().min(1, 'Label must not be empty.').max(40),
  scopes: z.array(apiScopeSchema).min(1, 'Give the key at least one scope.').default(['*']),
  scoped_teams: z.array(z.number().int().positive()).nullable().optional(),
  scoped_organizations: z.array(z.string().uuid()).nullable().optional(),
});
export type CreatePersonalApiKeyRequest = z.input<typeof createPersonalApiKeyRequestSchema>;
