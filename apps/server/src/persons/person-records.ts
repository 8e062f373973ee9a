import type { PropertyState } from './property-state';

/** A distinct id as the persons processor works with it (see PersonDistinctIdTable). */
export interface DistinctIdRecord {
  teamId: number;
  distinctId: string;
  personId: string;
  firstSeenMs: number | null;
  hasLinks: boolean;
  /** Operations of this id's own events; kept only when `hasLinks`. */
  state: PropertyState | null;
  version: number;
  isDeleted: boolean;
}

/** A person as the persons processor works with it (see PersonTable). */
export interface PersonRecord {
  id: string;
  teamId: number;
  createdAtMs: number;
  identified: boolean;
  state: PropertyState;
  version: number;
  isDeleted: boolean;
}
