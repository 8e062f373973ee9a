import { FunnelCorrelation } from '../correlation/funnel-correlation';
import type { InsightQuery } from '../insight-query';
import type { PersonsTarget } from '../persons/persons-target';

/** What the builder shows under an answer for some kinds: a funnel's correlation analysis. */
export function InsightBelowChart({
  projectId,
  query,
  onChange,
  onOpenPersons,
}: {
  projectId: number;
  query: InsightQuery;
  onChange: (query: InsightQuery) => void;
  onOpenPersons: (target: PersonsTarget) => void;
}) {
  if (query.kind !== 'FunnelsQuery') return null;
  if ((query.funnelsFilter?.funnelVizType ?? 'steps') !== 'steps' || query.breakdownFilter) return null;
  return (
    <FunnelCorrelation
      projectId={projectId}
      funnel={query}
      onChange={onChange}
      onOpenPersons={onOpenPersons}
    />
  );
}
