import type { InsightQuery } from '../insight-query';
import { FunnelsEditor } from './funnels-editor';
import { TrendsEditor } from './trends-editor';

/** The editor of a query's kind. */
export function InsightEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: InsightQuery;
  onChange: (query: InsightQuery) => void;
}) {
  switch (query.kind) {
    case 'TrendsQuery':
      return <TrendsEditor projectId={projectId} query={query} onChange={onChange} />;
    case 'FunnelsQuery':
      return <FunnelsEditor projectId={projectId} query={query} onChange={onChange} />;
    default:
      return null;
  }
}
