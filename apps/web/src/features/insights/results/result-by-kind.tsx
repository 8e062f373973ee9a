import type { InsightQuery } from '../insight-query';
import type { TrendsResult as TrendsRows } from '../insight-results';
import { FunnelsResult } from './funnels-result';
import type { ResultProps } from './result-props';
import { TrendsResult } from './trends-result';

/** Dispatches an answer to the view of its query's kind. */
export function ResultByKind({
  query,
  results,
  ...rest
}: ResultProps<InsightQuery, unknown> & { height?: number }) {
  switch (query.kind) {
    case 'TrendsQuery':
      return <TrendsResult {...rest} query={query} results={results as TrendsRows[]} />;
    case 'FunnelsQuery':
      return (
        <FunnelsResult
          {...rest}
          query={query}
          results={results as Parameters<typeof FunnelsResult>[0]['results']}
        />
      );
    default:
      return null;
  }
}
