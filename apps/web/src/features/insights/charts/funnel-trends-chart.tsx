import { useMemo } from 'react';
import { seriesColor } from '../../../ui/chart-palette';
import { EChart } from '../../../ui/echart';
import type { FunnelTrendsResult } from '../insight-results';
import { breakdownLabel } from './breakdown-label';

/** Conversion rate per interval: of those who entered in each bucket, the share who converted. */
export function FunnelTrendsChart({
  results,
  compact = false,
  height = 280,
}: {
  results: FunnelTrendsResult[];
  compact?: boolean;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%`, confine: true },
      legend: compact || results.length < 2 ? { show: false } : { bottom: 0, type: 'scroll' },
      grid: {
        left: 8,
        right: 16,
        top: 16,
        bottom: compact || results.length < 2 ? 8 : 40,
        containLabel: true,
      },
      xAxis: { type: 'category', data: results[0]?.labels ?? [] },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: results.map((r, i) => ({
        name: breakdownLabel(r.breakdown_value) ?? 'Conversion rate',
        type: 'line',
        data: r.data,
        color: seriesColor(i),
        symbolSize: 6,
      })),
    }),
    [results, compact],
  );
  return (
    <EChart option={option} height={height} label="Conversion rate over time" testId="funnel-trends-chart" />
  );
}
