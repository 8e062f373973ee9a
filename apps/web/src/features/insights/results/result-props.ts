import type { PersonsTarget } from '../persons/persons-target';

/** What every insight kind's result view gets: the project, and how to open the persons behind a point. */
export interface ResultProps<Q, R> {
  projectId: number;
  /** The query the results answer (not necessarily the one being edited). */
  query: Q;
  results: R;
  /** Dashboard tiles draw smaller, without the tables under charts. */
  compact?: boolean;
  onOpenPersons?: (target: PersonsTarget) => void;
}
