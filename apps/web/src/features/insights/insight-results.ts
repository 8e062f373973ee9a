/**
 * The answers of `POST /api/projects/:id/query/` the builder reads, in PostHog's shapes (see
 * docs/query-api.md). The server's answers are not re-validated; these say what the charts expect.
 */
export interface QueryResponse<R> {
  results: R;
  timezone: string;
  is_cached: boolean;
  last_refresh: string;
}

export type BreakdownValue = string | number | (string | number)[];

export interface TrendsResult {
  action: { order?: number; id?: string | number | null; kind?: string; math?: string } | null;
  label: string;
  count: number;
  data?: number[];
  labels: string[];
  days: string[];
  aggregated_value?: number;
  breakdown_value?: BreakdownValue;
  compare?: boolean;
  compare_label?: 'current' | 'previous';
  order?: number;
}

export interface FunnelStepResult {
  action_id: string | number | null;
  name: string;
  custom_name: string | null;
  order: number;
  count: number;
  average_conversion_time: number | null;
  median_conversion_time: number | null;
  breakdown_value?: BreakdownValue;
}

export interface TimeToConvertResult {
  average_conversion_time: number | null;
  bins: [number, number][];
}

export interface FunnelTrendsResult {
  count: number;
  data: number[];
  days: string[];
  labels: string[];
  breakdown_value?: BreakdownValue;
}

export interface RetentionCohortResult {
  values: { count: number; label: string }[];
  label: string;
  date: string;
  breakdown_value?: BreakdownValue | null;
}

export interface PathEdge {
  source: string;
  target: string;
  value: number;
  average_conversion_time: number | null;
}

export interface LifecycleResult {
  status: 'new' | 'returning' | 'resurrecting' | 'dormant';
  label: string;
  count: number;
  data: number[];
  days: string[];
  labels: string[];
}

export interface StickinessResult {
  label: string;
  count: number;
  data: number[];
  days: number[];
  labels: string[];
  compare_label?: 'current' | 'previous';
  action?: { order?: number } | null;
}

export interface CorrelationRow {
  event: { event: string; properties: Record<string, unknown>; elements: unknown[] };
  success_count: number;
  failure_count: number;
  odds_ratio: number;
  correlation_type: 'success' | 'failure';
}

export interface CorrelationResult {
  events: CorrelationRow[];
  skewed: boolean;
}

export interface Actor {
  id: string;
  uuid?: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  is_identified: boolean;
  created_at: string;
}

export interface ActorsResponse {
  columns: string[];
  results: [Actor, number][];
  hasMore: boolean;
  limit: number;
  offset: number;
}
