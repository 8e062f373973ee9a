import { type ApiScope, apiScopeObjects } from '@hedgerow/schema';

export interface ScopeChoice {
  value: ApiScope;
  label: string;
}

const objectLabels: Record<(typeof apiScopeObjects)[number], string> = {
  project: 'Projects',
  organization: 'Organizations',
  user: 'Your user',
  personal_api_key: 'Personal API keys',
  cohort: 'Cohorts',
  action: 'Actions',
};

/** The scopes a key can be given, in the form's order: each object's read, then its write. */
export const personalApiKeyScopes: ScopeChoice[] = apiScopeObjects.flatMap((object) => [
  { value: `${object}:read` as const, label: `${objectLabels[object]}: read` },
  { value: `${object}:write` as const, label: `${objectLabels[object]}: read and write` },
]);
