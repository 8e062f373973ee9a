import { Box, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { seriesColor } from '../../../ui/chart-palette';
import { EChart } from '../../../ui/echart';
import type { RetentionCohortResult } from '../insight-results';
import { formatNumber, formatPercent } from './chart-format';
import { isObservable, retentionGroups } from './retention-cohorts';

function cohortDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
        ...(iso.includes('T') && !iso.includes('T00:00:00') ? { hour: '2-digit', minute: '2-digit' } : {}),
      });
}

/**
 * Retention as PostHog draws it: the mean curve, and the triangle of cohorts (rows: who started in
 * each period, with its size) by periods after (columns: the share who came back), shaded by share.
 */
export function RetentionTable({
  results,
  compact = false,
  height = 220,
}: {
  results: RetentionCohortResult[];
  compact?: boolean;
  height?: number;
}) {
  const groups = useMemo(() => retentionGroups(results), [results]);
  const periods = results[0]?.values.length ?? 0;
  const labels = results[0]?.values.map((v) => v.label) ?? [];
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => formatPercent(Number(v) / 100),
        confine: true,
      },
      legend: groups.length > 1 && !compact ? { bottom: 0, type: 'scroll' } : { show: false },
      grid: {
        left: 8,
        right: 16,
        top: 16,
        bottom: groups.length > 1 && !compact ? 40 : 8,
        containLabel: true,
      },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: groups.map((g, i) => ({
        name: g.name ?? 'Mean',
        type: 'line',
        color: seriesColor(i),
        data: g.mean.map((m) => (m === null ? null : Math.round(m * 1000) / 10)),
      })),
    }),
    [groups, labels, compact],
  );
  if (compact)
    return <EChart option={option} height={height} label="Retention curve" testId="retention-chart" />;
  return (
    <Stack gap="md">
      <EChart option={option} height={height} label="Retention curve" testId="retention-chart" />
      <ScrollArea type="auto">
        <Table
          withTableBorder
          withColumnBorders
          fz="sm"
          data-testid="retention-table"
          style={{ whiteSpace: 'nowrap' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cohort</Table.Th>
              <Table.Th ta="right">Persons</Table.Th>
              {labels.map((l) => (
                <Table.Th key={l} ta="center">
                  {l}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((group) => [
              group.name !== null && (
                <Table.Tr key={`h-${group.name}`}>
                  <Table.Td colSpan={periods + 2}>
                    <Text size="sm" fw={700}>
                      {group.name}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ),
              <Table.Tr key={`m-${group.name}`} data-testid="retention-mean-row">
                <Table.Td fw={600}>Mean</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {formatNumber(group.cohorts.reduce((n, c) => n + (c.values[0]?.count ?? 0), 0))}
                </Table.Td>
                {group.mean.map((m, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: periods are positions.
                  <Table.Td key={k} ta="center" fw={600}>
                    {m === null ? '' : formatPercent(m)}
                  </Table.Td>
                ))}
              </Table.Tr>,
              ...group.cohorts.map((cohort, i) => {
                const size = cohort.values[0]?.count ?? 0;
                return (
                  <Table.Tr key={`${group.name}-${cohort.date}`} data-testid="retention-row">
                    <Table.Td>{cohortDate(cohort.date)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(size)}</Table.Td>
                    {cohort.values.map((v, k) => {
                      if (!isObservable(i, k, group.cohorts.length)) return <Table.Td key={v.label} />;
                      const share = size > 0 ? v.count / size : 0;
                      return (
                        <Table.Td
                          key={v.label}
                          ta="center"
                          p={0}
                          title={`${formatNumber(v.count)} of ${formatNumber(size)}`}
                        >
                          <Box
                            px="xs"
                            py={6}
                            style={{
                              background: `rgba(28, 126, 214, ${0.08 + share * 0.85})`,
                              color: share > 0.55 ? '#fff' : undefined,
                            }}
                          >
                            {formatPercent(share)}
                          </Box>
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                );
              }),
            ])}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
