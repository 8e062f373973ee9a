import type { ActorsQuery } from '@hedgerow/schema';

/** The persons behind one data point: what to call them, and the ActorsQuery source that lists them. */
export interface PersonsTarget {
  title: string;
  source: NonNullable<ActorsQuery['source']>;
  /** A name to suggest for a cohort of them. */
  cohortName: string;
}
