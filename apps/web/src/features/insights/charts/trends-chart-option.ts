import type { TrendsQuery } from '@hedgerow/schema';
import type { EChartsCoreOption } from 'echarts/core';
import { seriesColor } from '../../../ui/chart-palette';
import { formatNumber } from './chart-format';
import type { TrendsLine } from './trends-series';

export type TrendsDisplay = NonNullable<NonNullable<TrendsQuery['trendsFilter']>['display']>;

/** Displays that draw one number per line over the whole range. */
export const TOTAL_DISPLAYS: ReadonlySet<TrendsDisplay> = new Set([
  'BoldNumber',
  'ActionsPie',
  'ActionsBarValue',
  'ActionsTable',
  'WorldMap',
]);

/** The ECharts option for a time-series display (line, cumulative line, area, stacked or unstacked bars). */
export function timeSeriesOption(
  lines: TrendsLine[],
  display: TrendsDisplay,
  compact = false,
): EChartsCoreOption {
  const current = lines.find((l) => !l.previous) ?? lines[0];
  const categories = current?.result.labels ?? [];
  const bar =
    display === 'ActionsBar' || display === 'ActionsStackedBar' || display === 'ActionsUnstackedBar';
  const stacked =
    display === 'ActionsStackedBar' || display === 'ActionsBar' || display === 'ActionsAreaGraph';
  return {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v)), confine: true },
    legend: compact || lines.length < 2 ? { show: false } : { type: 'scroll', bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: compact || lines.length < 2 ? 8 : 40, containLabel: true },
    xAxis: { type: 'category', data: categories, boundaryGap: bar },
    yAxis: { type: 'value', minInterval: 1 },
    series: lines.map((line) => {
      // A comparison line takes the colour of its current-period line, dashed.
      const color = seriesColor(line.colorIndex);
      return {
        name: line.name,
        type: bar ? 'bar' : 'line',
        data: line.result.data ?? [],
        color,
        ...(stacked && !line.previous ? { stack: 'current' } : {}),
        ...(stacked && line.previous ? { stack: 'previous' } : {}),
        ...(bar
          ? { barMaxWidth: 32 }
          : {
              symbolSize: 6,
              showSymbol: (line.result.data?.length ?? 0) <= 60,
              lineStyle: { width: 2, type: line.previous ? 'dashed' : 'solid' },
              ...(display === 'ActionsAreaGraph' ? { areaStyle: { opacity: 0.25 } } : {}),
            }),
        emphasis: { focus: 'series' },
      };
    }),
  };
}

/** The value a total-value display shows for a line. */
export function totalOf(line: TrendsLine): number {
  return line.result.aggregated_value ?? line.result.count ?? 0;
}

export function pieOption(lines: TrendsLine[], compact = false): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => formatNumber(Number(v)), confine: true },
    legend: compact ? { show: false } : { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        center: compact ? ['50%', '50%'] : ['40%', '50%'],
        label: { show: !compact, formatter: '{b}: {d}%' },
        data: lines.map((l) => ({
          name: l.name,
          value: totalOf(l),
          key: l.key,
          itemStyle: { color: seriesColor(l.colorIndex) },
        })),
      },
    ],
  };
}

export function barValueOption(lines: TrendsLine[]): EChartsCoreOption {
  const sorted = [...lines].sort((a, b) => totalOf(a) - totalOf(b));
  return {
    animation: false,
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => formatNumber(Number(v)), confine: true },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: sorted.map((l) => l.name),
      axisLabel: { width: 200, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 28,
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatNumber(p.value) },
        data: sorted.map((l) => ({
          value: totalOf(l),
          key: l.key,
          itemStyle: { color: seriesColor(l.colorIndex) },
        })),
      },
    ],
  };
}
