import type { TrendsQuery } from '@hedgerow/schema';
import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMemo } from 'react';
import { type ChartPoint, EChart } from '../../../ui/echart';
import { formatNumber, formatPercent } from './chart-format';
import {
  barValueOption,
  pieOption,
  TOTAL_DISPLAYS,
  type TrendsDisplay,
  timeSeriesOption,
  totalOf,
} from './trends-chart-option';
import type { TrendsLine } from './trends-series';
import { TrendsTable } from './trends-table';

/** What a click on a trends data point opens: a line, and the bucket (null: the whole range). */
export type TrendsPointHandler = (line: TrendsLine, dayIndex: number | null) => void;

function BoldNumber({ lines, onPoint }: { lines: TrendsLine[]; onPoint?: TrendsPointHandler }) {
  const current = lines.find((l) => !l.previous);
  const previous = lines.find((l) => l.previous);
  if (!current) return null;
  const value = totalOf(current);
  const before = previous ? totalOf(previous) : null;
  const change = before ? (value - before) / before : null;
  const number = (
    <Text fz={56} fw={700} lh={1.1} data-testid="bold-number">
      {formatNumber(value)}
    </Text>
  );
  return (
    <Stack align="center" justify="center" gap={4} mih={160}>
      {onPoint && current.series !== null ? (
        <UnstyledButton
          onClick={() => onPoint(current, null)}
          aria-label={`${current.name}: ${formatNumber(value)}. Show persons`}
        >
          {number}
        </UnstyledButton>
      ) : (
        number
      )}
      <Text c="dimmed">{current.name}</Text>
      {before !== null && (
        <Group gap={6}>
          <Text size="sm" c={change === null ? 'dimmed' : change >= 0 ? 'green' : 'red'} fw={600}>
            {change === null ? '' : `${change >= 0 ? '▲' : '▼'} ${formatPercent(Math.abs(change))}`}
          </Text>
          <Text size="sm" c="dimmed">
            from {formatNumber(before)} in the previous period
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/**
 * A trends insight drawn as its display asks: a time series (line, cumulative, area, bars), one
 * number, a pie, bars of totals or a table. Under every chart but the number, a table shows the
 * same numbers, each a button that opens the persons behind it.
 */
export function TrendsChart({
  query,
  lines,
  onPoint,
  compact = false,
  height = 320,
}: {
  query: TrendsQuery;
  lines: TrendsLine[];
  onPoint?: TrendsPointHandler;
  compact?: boolean;
  height?: number;
}) {
  const display: TrendsDisplay = query.trendsFilter?.display ?? 'ActionsLineGraph';
  const total = TOTAL_DISPLAYS.has(display);
  const option = useMemo(() => {
    if (display === 'ActionsPie') return pieOption(lines, compact);
    if (display === 'ActionsBarValue' || display === 'WorldMap') return barValueOption(lines);
    return timeSeriesOption(lines, display, compact);
  }, [lines, display, compact]);

  const click = (point: ChartPoint) => {
    if (!onPoint) return;
    const key = (point.data as { key?: string } | null)?.key;
    if (key !== undefined) {
      const line = lines.find((l) => l.key === key);
      if (line && line.series !== null) onPoint(line, null);
      return;
    }
    const line = lines[point.seriesIndex ?? 0];
    if (line && line.series !== null) onPoint(line, total ? null : point.dataIndex);
  };

  if (display === 'BoldNumber') return <BoldNumber lines={lines} onPoint={onPoint} />;
  if (display === 'ActionsTable') return <TrendsTable lines={lines} total onPoint={onPoint} />;
  return (
    <Stack gap="md">
      <EChart
        option={option}
        height={height}
        label={`Chart of ${lines.map((l) => l.name).join(', ')}`}
        onPointClick={click}
        testId="trends-chart"
      />
      {!compact && <TrendsTable lines={lines} total={total} onPoint={onPoint} />}
    </Stack>
  );
}
