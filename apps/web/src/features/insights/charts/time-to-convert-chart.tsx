import { Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { EChart } from '../../../ui/echart';
import type { TimeToConvertResult } from '../insight-results';
import { formatDuration, formatNumber } from './chart-format';

/** How long converting took: a histogram of conversion times, with the average. */
export function TimeToConvertChart({
  result,
  compact = false,
  height = 280,
}: {
  result: TimeToConvertResult;
  compact?: boolean;
  height?: number;
}) {
  const option = useMemo(() => {
    const bins = result.bins;
    const labels = bins.map(([start], i) => {
      const end = bins[i + 1]?.[0];
      return end === undefined
        ? `${formatDuration(start)}+`
        : `${formatDuration(start)} – ${formatDuration(end)}`;
    });
    return {
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => `${formatNumber(Number(v))} persons`,
        confine: true,
      },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: bins.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: 'Persons', data: bins.map(([, n]) => n), barMaxWidth: 64 }],
    };
  }, [result]);
  return (
    <Stack gap="xs">
      {!compact && (
        <Text size="sm">
          Average time to convert:{' '}
          <Text span fw={700} data-testid="average-conversion-time">
            {formatDuration(result.average_conversion_time)}
          </Text>
        </Text>
      )}
      <EChart option={option} height={height} label="Time to convert" testId="time-to-convert-chart" />
    </Stack>
  );
}
