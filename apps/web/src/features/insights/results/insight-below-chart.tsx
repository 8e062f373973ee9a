import type { InsightQuery } from '../insight-query';
import type { PersonsTarget } from '../persons/persons-target';

/** What the builder shows under an answer for some kinds (a funnel's correlation analysis). */
export function InsightBelowChart(_props: {
  projectId: number;
  query: InsightQuery;
  results: unknown;
  onChange: (query: InsightQuery) => void;
  onOpenPersons: (target: PersonsTarget) => void;
}) {
  return null;
}
