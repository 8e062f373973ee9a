import type { Generated } from 'kysely';

/**
 * The app store's tables. Both SQLite and Postgres hold exactly this shape:
 * - timestamps are ISO-8601 UTC strings (text in SQLite, timestamptz in Postgres read back as strings),
 * - JSON values are serialized text, booleans are 0/1 integers,
 * so repositories have one code path for both stores.
 */
export interface AppDatabase {
  organizations: OrganizationTable;
  users: UserTable;
  organization_memberships: OrganizationMembershipTable;
  projects: ProjectTable;
  personal_api_keys: PersonalApiKeyTable;
  sessions: SessionTable;
  persons: PersonTable;
  person_distinct_ids: PersonDistinctIdTable;
  identity_links: IdentityLinkTable;
  group_type_mappings: GroupTypeMappingTable;
  groups: GroupTable;
  event_definitions: EventDefinitionTable;
  property_definitions: PropertyDefinitionTable;
  event_properties: EventPropertyTable;
  actions: ActionTable;
  cohorts: CohortTable;
}

export interface OrganizationTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  uuid: string;
  email: string;
  password_hash: string;
  first_name: string;
  current_organization_id: string | null;
  current_project_id: number | null;
  created_at: string;
  last_login_at: string | null;
}

/** PostHog's membership levels: member 1, admin 8, owner 15. */
export interface OrganizationMembershipTable {
  id: Generated<number>;
  organization_id: string;
  user_id: number;
  level: number;
  created_at: string;
}

export interface ProjectTable {
  id: Generated<number>;
  uuid: string;
  organization_id: string;
  name: string;
  api_token: string;
  secret_api_token: string;
  timezone: string;
  week_start_day: number;
  /** JSON array of property filters. */
  test_account_filters: string;
  created_at: string;
  updated_at: string;
  /** 0/1: whether ingestion adds `$geoip_*` properties (default 1). */
  geoip_enabled: Generated<number>;
  /** JSON array of `{regex, alias}` path cleaning rules (default []). */
  path_cleaning_filters: Generated<string>;
}

export interface PersonalApiKeyTable {
  id: string;
  user_id: number;
  label: string;
  /** sha256 of the key; the key itself is shown once and never stored. */
  secure_value: string;
  /** First and last characters, for recognising a key in lists. */
  mask_value: string;
  /** JSON array of scopes. */
  scopes: string;
  /** JSON array of project ids, or null for every project. */
  scoped_teams: string | null;
  /** JSON array of organization ids, or null for every organization. */
  scoped_organizations: string | null;
  created_at: string;
  last_used_at: string | null;
}

export interface SessionTable {
  /** sha256 of the cookie's token. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface PersonTable {
  /** uuid5 of `<team>:<distinct id the person is named after>`. */
  id: string;
  team_id: number;
  created_at: string;
  is_identified: number;
  /** JSON object: the properties `property_state` stands for. */
  properties: string;
  /** JSON PropertyState: per key, the latest write and earliest set-once with their event times. */
  property_state: string;
  version: number;
  is_deleted: number;
}

export interface PersonDistinctIdTable {
  team_id: number;
  distinct_id: string;
  person_id: string;
  /** Earliest event time seen for this id (epoch ms); null for ids known only from links. */
  first_seen_ms: number | null;
  /** Whether any identity link mentions this id (its person may be re-derived by replay). */
  has_links: number;
  /** JSON PropertyState of the operations this id's events carried; kept only when has_links. */
  property_state: string | null;
  version: number;
  is_deleted: number;
}

export interface IdentityLinkTable {
  team_id: number;
  uuid: string;
  ts_ms: number;
  kind: string;
  distinct_id: string;
  other_id: string;
}

export interface GroupTypeMappingTable {
  team_id: number;
  group_type: string;
  group_type_index: number;
  name_singular: string | null;
  name_plural: string | null;
  created_at: string;
}

export interface GroupTable {
  team_id: number;
  group_type_index: number;
  group_key: string;
  created_at: string;
  properties: string;
  property_state: string;
  version: number;
}

/** An event name seen in a project (PostHog's `posthog_eventdefinition`). */
export interface EventDefinitionTable {
  /** uuid5 of `<team>:event:<name>`. */
  id: string;
  team_id: number;
  name: string;
  created_at: string;
  last_seen_at: string | null;
}

/** A property name seen in a project, per kind (PostHog's `posthog_propertydefinition`). */
export interface PropertyDefinitionTable {
  /** uuid5 of `<team>:<type>:<group type index>:<name>`. */
  id: string;
  team_id: number;
  name: string;
  type: 'event' | 'person' | 'group';
  /** For group properties, the group type's index; null otherwise. */
  group_type_index: number | null;
  property_type: 'String' | 'Numeric' | 'Boolean' | 'DateTime' | null;
  is_numerical: number;
  created_at: string;
}

/** Which property was seen on which event (PostHog's `posthog_eventproperty`). */
export interface EventPropertyTable {
  team_id: number;
  event: string;
  property: string;
}

/** A named set of event conditions (PostHog's `posthog_action`). */
export interface ActionTable {
  id: Generated<number>;
  team_id: number;
  name: string;
  description: string;
  /** JSON array of steps (PostHog's `ActionStepJSON`). */
  steps: string;
  /** JSON array of tag names. */
  tags: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** 0/1: soft-deleted (PostHog deletes actions by marking them). */
  deleted: number;
}

export interface CohortTable {
  id: Generated<number>;
  team_id: number;
  name: string;
  description: string;
  /** JSON `{properties: <criteria group>}`, or null. */
  filters: string | null;
  /** JSON list of PostHog's older criteria groups, or null. */
  groups: string | null;
  is_static: number;
  deleted: number;
  /** Members at `last_calculation`, or null before the first count. */
  count: number | null;
  last_calculation: string | null;
  errors_calculating: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
