import type { InsightQuery } from '../insight-query';
import type {
  LifecycleResult,
  PathEdge,
  RetentionCohortResult,
  StickinessResult,
  TrendsResult as TrendsRows,
} from '../insight-results';
import { FunnelsResult } from './funnels-result';
import { LifecycleResultView, PathsResult, RetentionResult, StickinessResultView } from './other-results';
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
    case 'RetentionQuery':
      return <RetentionResult {...rest} query={query} results={results as RetentionCohortResult[]} />;
    case 'PathsQuery':
      return <PathsResult {...rest} query={query} results={results as PathEdge[]} />;
    case 'LifecycleQuery':
      return <LifecycleResultView {...rest} query={query} results={results as LifecycleResult[]} />;
    case 'StickinessQuery':
      return <StickinessResultView {...rest} query={query} results={results as StickinessResult[]} />;
  }
}
