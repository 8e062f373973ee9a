import type {
  LifecycleQuery,
  PathsQuery,
  RetentionQuery,
  StickinessQuery,
  TrendsQuery,
} from '@hedgerow/schema';
import { Stack } from '@mantine/core';
import { useMemo } from 'react';
import { EChart } from '../../../ui/echart';
import { LifecycleChart } from '../charts/lifecycle-chart';
import { PathsSankey } from '../charts/paths-sankey';
import { RetentionTable } from '../charts/retention-table';
import { timeSeriesOption } from '../charts/trends-chart-option';
import { trendsLines } from '../charts/trends-series';
import { TrendsTable } from '../charts/trends-table';
import type {
  LifecycleResult,
  PathEdge,
  RetentionCohortResult,
  StickinessResult,
  TrendsResult,
} from '../insight-results';
import { useActionNames } from '../use-definitions';
import type { ResultProps } from './result-props';

type Sized = { height?: number };

export function RetentionResult({
  results,
  compact,
  height,
}: ResultProps<RetentionQuery, RetentionCohortResult[]> & Sized) {
  return <RetentionTable results={results} compact={compact} height={height} />;
}

export function PathsResult({ results, compact, height }: ResultProps<PathsQuery, PathEdge[]> & Sized) {
  return <PathsSankey edges={results} compact={compact} height={height} />;
}

export function LifecycleResultView({
  results,
  compact,
  height,
}: ResultProps<LifecycleQuery, LifecycleResult[]> & Sized) {
  return <LifecycleChart results={results} compact={compact} height={height} />;
}

/** Stickiness: how many persons did the series on 1, 2, … intervals, as bars with a table. */
export function StickinessResultView({
  projectId,
  query,
  results,
  compact,
  height = 320,
}: ResultProps<StickinessQuery, StickinessResult[]> & Sized) {
  const actionNames = useActionNames(projectId);
  const lines = useMemo(
    () =>
      trendsLines(
        { kind: 'TrendsQuery', interval: query.interval, series: query.series } as TrendsQuery,
        results as unknown as TrendsResult[],
        actionNames,
      ),
    [query, results, actionNames],
  );
  const option = useMemo(() => timeSeriesOption(lines, 'ActionsUnstackedBar', compact), [lines, compact]);
  return (
    <Stack gap="md">
      <EChart option={option} height={height} label="Stickiness" testId="stickiness-chart" />
      {!compact && <TrendsTable lines={lines} total={false} />}
    </Stack>
  );
}
