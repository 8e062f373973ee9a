import type { LifecycleStatus } from '@hedgerow/schema';
import { ColorSwatch, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { EChart } from '../../../ui/echart';
import type { LifecycleResult } from '../insight-results';
import { formatNumber } from './chart-format';

export const lifecycleColors: Record<LifecycleStatus, string> = {
  new: '#37b24d',
  returning: '#1c7ed6',
  resurrecting: '#ae3ec9',
  dormant: '#f03e3e',
};

const names: Record<LifecycleStatus, string> = {
  new: 'New',
  returning: 'Returning',
  resurrecting: 'Resurrecting',
  dormant: 'Dormant',
};

/** Lifecycle as stacked bars per interval: new, returning and resurrecting up, dormant down. */
export function LifecycleChart({
  results,
  compact = false,
  height = 320,
}: {
  results: LifecycleResult[];
  compact?: boolean;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => formatNumber(Number(v)),
        confine: true,
      },
      legend: compact ? { show: false } : { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: compact ? 8 : 40, containLabel: true },
      xAxis: { type: 'category', data: results[0]?.labels ?? [] },
      yAxis: { type: 'value', minInterval: 1 },
      series: results.map((r) => ({
        name: names[r.status],
        type: 'bar',
        stack: r.status === 'dormant' ? 'down' : 'up',
        // Dormant bars hang below the same slot as the others instead of beside them.
        barGap: '-100%',
        color: lifecycleColors[r.status],
        barMaxWidth: 40,
        data: r.data,
      })),
    }),
    [results, compact],
  );
  const labels = results[0]?.labels ?? [];
  return (
    <Stack gap="md">
      <EChart
        option={option}
        height={height}
        label="Lifecycle of the series' users"
        testId="lifecycle-chart"
      />
      {!compact && (
        <ScrollArea type="auto">
          <Table
            striped
            withTableBorder
            fz="sm"
            data-testid="lifecycle-table"
            style={{ whiteSpace: 'nowrap' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                {labels.map((l) => (
                  <Table.Th key={l} ta="right">
                    {l}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((r) => (
                <Table.Tr key={r.status} data-testid="lifecycle-row">
                  <Table.Td>
                    <Group gap={8} wrap="nowrap">
                      <ColorSwatch color={lifecycleColors[r.status]} size={10} withShadow={false} />
                      <Text size="sm" span>
                        {names[r.status]}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" fw={600} data-testid="lifecycle-total">
                    {formatNumber(r.count)}
                  </Table.Td>
                  {r.data.map((v, i) => (
                    <Table.Td key={labels[i] ?? i} ta="right">
                      {formatNumber(v)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
