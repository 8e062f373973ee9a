import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { seriesColor } from '../../../ui/chart-palette';
import { type ChartPoint, EChart } from '../../../ui/echart';
import { formatNumber, formatPercent } from './chart-format';
import type { FunnelStepRow } from './funnel-steps';

/** One funnel (the whole, or one breakdown value's) drawn in the steps chart. */
export interface FunnelLine {
  name: string;
  rows: FunnelStepRow[];
  breakdown: unknown;
}

/** What a click on a step bar opens: converted (step N) or dropped off (−N) persons of a line. */
export type FunnelStepHandler = (line: FunnelLine, step: number, dropped: boolean) => void;

function stepsOption(lines: FunnelLine[], compact: boolean): EChartsCoreOption {
  const single = lines.length === 1;
  const categories = (lines[0]?.rows ?? []).map((r) => `${r.index + 1}. ${r.name}`);
  const series: object[] = lines.map((line, i) => ({
    name: single ? 'Converted' : line.name,
    type: 'bar',
    stack: single ? 'funnel' : undefined,
    barMaxWidth: single ? 96 : 40,
    color: seriesColor(i),
    data: line.rows.map((r) => ({ value: r.count, line: i, dropped: false })),
    label: {
      show: !compact,
      position: single ? 'insideTop' : 'top',
      color: single ? '#fff' : undefined,
      formatter: (p: { dataIndex: number }) => formatPercent(line.rows[p.dataIndex]?.fromFirst),
    },
  }));
  if (single && lines[0]) {
    const line = lines[0];
    series.push({
      name: 'Dropped off',
      type: 'bar',
      stack: 'funnel',
      barMaxWidth: 96,
      color: 'rgba(134, 142, 150, 0.25)',
      data: line.rows.map((r) => ({ value: r.droppedOff, line: 0, dropped: true })),
    });
  }
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => formatNumber(Number(v)),
      confine: true,
    },
    legend: compact ? { show: false } : { bottom: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 16, bottom: compact ? 8 : 40, containLabel: true },
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { interval: 0, width: 140, overflow: 'truncate' },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  };
}

/** Bars per step: those who reached it, with the drop-off since the step before stacked on top. */
export function FunnelStepsChart({
  lines,
  onStep,
  compact = false,
  height = 300,
}: {
  lines: FunnelLine[];
  onStep?: FunnelStepHandler;
  compact?: boolean;
  height?: number;
}) {
  const option = useMemo(() => stepsOption(lines, compact), [lines, compact]);
  const click = (point: ChartPoint) => {
    const data = point.data as { line?: number; dropped?: boolean } | null;
    const line = lines[data?.line ?? 0];
    if (!onStep || !line) return;
    if (data?.dropped && point.dataIndex === 0) return;
    onStep(line, point.dataIndex + 1, !!data?.dropped);
  };
  return (
    <EChart
      option={option}
      height={height}
      label={`Funnel of ${lines[0]?.rows.map((r) => r.name).join(', ')}`}
      onPointClick={click}
      testId="funnel-chart"
    />
  );
}
