import type { FunnelsQuery } from '@hedgerow/schema';
import { Stack } from '@mantine/core';
import { useMemo } from 'react';
import { breakdownLabel } from '../charts/breakdown-label';
import { funnelSeries, funnelStepRows } from '../charts/funnel-steps';
import { type FunnelLine, type FunnelStepHandler, FunnelStepsChart } from '../charts/funnel-steps-chart';
import { FunnelBreakdownTable, FunnelStepsTable } from '../charts/funnel-steps-table';
import { FunnelTrendsChart } from '../charts/funnel-trends-chart';
import { TimeToConvertChart } from '../charts/time-to-convert-chart';
import { seriesDisplayName } from '../insight-query';
import type {
  BreakdownValue,
  FunnelStepResult,
  FunnelTrendsResult,
  TimeToConvertResult,
} from '../insight-results';
import { useActionNames } from '../use-definitions';
import type { ResultProps } from './result-props';

type FunnelAnswer = FunnelStepResult[] | FunnelStepResult[][] | TimeToConvertResult | FunnelTrendsResult[];

/**
 * A funnel answer as its view asks: conversion steps (chart and table, each step's converted and
 * dropped-off persons a click away), time to convert, or conversion over time.
 */
export function FunnelsResult({
  projectId,
  query,
  results,
  compact,
  onOpenPersons,
  height,
}: ResultProps<FunnelsQuery, FunnelAnswer> & { height?: number }) {
  const actionNames = useActionNames(projectId);
  const viz = query.funnelsFilter?.funnelVizType ?? 'steps';
  const lines = useMemo((): FunnelLine[] => {
    if (viz !== 'steps' || !Array.isArray(results)) return [];
    const names = query.series.map((s) => seriesDisplayName(s, actionNames));
    return funnelSeries(results as FunnelStepResult[] | FunnelStepResult[][]).map((steps) => ({
      name: breakdownLabel(steps[0]?.breakdown_value) ?? 'All persons',
      rows: funnelStepRows(steps, names),
      breakdown: steps[0]?.breakdown_value,
    }));
  }, [viz, results, query.series, actionNames]);

  if (viz === 'time_to_convert')
    return <TimeToConvertChart result={results as TimeToConvertResult} compact={compact} height={height} />;
  if (viz === 'trends')
    return <FunnelTrendsChart results={results as FunnelTrendsResult[]} compact={compact} height={height} />;

  const onStep: FunnelStepHandler | undefined =
    onOpenPersons &&
    ((line, step, dropped) => {
      const name = line.rows[step - 1]?.name ?? `step ${step}`;
      const what = dropped ? `Dropped off before step ${step} (${name})` : `Reached step ${step} (${name})`;
      const breakdown = line.breakdown as BreakdownValue | undefined;
      onOpenPersons({
        title: `${what}${breakdown !== undefined ? ` · ${line.name}` : ''}`,
        cohortName: `Funnel: ${what.toLowerCase()}${breakdown !== undefined ? ` · ${line.name}` : ''}`,
        source: {
          kind: 'FunnelsActorsQuery',
          source: query,
          funnelStep: dropped ? -step : step,
          ...(breakdown !== undefined ? { funnelStepBreakdown: breakdown } : {}),
        },
      });
    });
  return (
    <Stack gap="md">
      <FunnelStepsChart lines={lines} onStep={onStep} compact={compact} height={height} />
      {!compact && lines.length === 1 && lines[0] && <FunnelStepsTable line={lines[0]} onStep={onStep} />}
      {!compact && lines.length > 1 && <FunnelBreakdownTable lines={lines} onStep={onStep} />}
    </Stack>
  );
}
