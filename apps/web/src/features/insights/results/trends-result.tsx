import type { TrendsQuery } from '@hedgerow/schema';
import { useMemo } from 'react';
import { TrendsChart } from '../charts/trends-chart';
import { trendsLines } from '../charts/trends-series';
import type { TrendsResult as Result } from '../insight-results';
import { useActionNames } from '../use-definitions';
import type { ResultProps } from './result-props';

/** A trends answer as a chart; a point opens an InsightActorsQuery for its series, bucket and breakdown. */
export function TrendsResult({
  projectId,
  query,
  results,
  compact,
  onOpenPersons,
  height,
}: ResultProps<TrendsQuery, Result[]> & { height?: number }) {
  const actionNames = useActionNames(projectId);
  const lines = useMemo(() => trendsLines(query, results, actionNames), [query, results, actionNames]);
  return (
    <TrendsChart
      query={query}
      lines={lines}
      compact={compact}
      height={height}
      onPoint={
        onOpenPersons &&
        ((line, dayIndex) => {
          if (line.series === null) return;
          const day = dayIndex === null ? null : (line.result.days[dayIndex] ?? null);
          const label = dayIndex === null ? null : (line.result.labels[dayIndex] ?? day);
          onOpenPersons({
            title: `${line.name}${label ? ` on ${label}` : ''}`,
            cohortName: `${line.name}${label ? ` (${label})` : ''}`,
            source: {
              kind: 'InsightActorsQuery',
              source: query,
              series: line.series,
              ...(day ? { day } : {}),
              ...(line.result.breakdown_value !== undefined
                ? { breakdown: line.result.breakdown_value }
                : {}),
              ...(line.result.compare_label ? { compare: line.result.compare_label } : {}),
            },
          });
        })
      }
    />
  );
}
