import { ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { EChart } from '../../../ui/echart';
import type { PathEdge } from '../insight-results';
import { formatDuration, formatNumber } from './chart-format';

/** A path node's item without its step prefix ("2_/pricing" → "/pricing"). */
export const pathItem = (node: string): string => node.replace(/^\d+_/, '');
/** A short label for a path item: a URL's path (and query), anything else as it is. */
export function shortPathItem(node: string): string {
  const item = pathItem(node);
  if (!/^https?:\/\//.test(item)) return item;
  try {
    const url = new URL(item);
    return `${url.pathname}${url.search}` || '/';
  } catch {
    return item;
  }
}

const pathStep = (node: string): number => Number(/^(\d+)_/.exec(node)?.[1] ?? 0);

/** Paths as a Sankey diagram of step-numbered items, and the busiest edges as a table. */
export function PathsSankey({
  edges,
  compact = false,
  height,
}: {
  edges: PathEdge[];
  compact?: boolean;
  height?: number;
}) {
  const option = useMemo(() => {
    const nodes = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: {
          dataType: string;
          data: { source?: string; target?: string; value?: number; name?: string };
          value: number;
        }) =>
          p.dataType === 'edge'
            ? `${pathItem(p.data.source ?? '')} → ${pathItem(p.data.target ?? '')}<br/>${formatNumber(p.value)} persons`
            : `Step ${pathStep(p.data.name ?? '')}: ${pathItem(p.data.name ?? '')}`,
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: compact ? 8 : 190,
          top: 8,
          bottom: 8,
          nodeGap: 10,
          nodeAlign: 'left',
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.35 },
          label: {
            show: !compact,
            formatter: (p: { name: string }) => pathItem(p.name),
            width: 150,
            overflow: 'truncate',
          },
          data: nodes.map((name) => ({ name })),
          links: edges.map((e) => ({ source: e.source, target: e.target, value: e.value })),
        },
      ],
    };
  }, [edges, compact]);
  const rows = [...edges].sort((a, b) => b.value - a.value).slice(0, 20);
  const chartHeight = height ?? Math.max(320, Math.min(800, new Set(edges.map((e) => e.target)).size * 28));
  return (
    <Stack gap="md">
      <EChart option={option} height={chartHeight} label="Paths between items" testId="paths-chart" />
      {!compact && (
        <ScrollArea type="auto">
          <Table striped withTableBorder fz="sm" data-testid="paths-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th ta="right">Persons</Table.Th>
                <Table.Th ta="right">Average time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={`${e.source}>${e.target}`} data-testid="paths-row">
                  <Table.Td>
                    <Text size="xs" c="dimmed" span>
                      {pathStep(e.source)}.{' '}
                    </Text>
                    {pathItem(e.source)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" span>
                      {pathStep(e.target)}.{' '}
                    </Text>
                    {pathItem(e.target)}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(e.value)}</Table.Td>
                  <Table.Td ta="right">
                    {formatDuration(
                      e.average_conversion_time === null ? null : e.average_conversion_time / 1000,
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
