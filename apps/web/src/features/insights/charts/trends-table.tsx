import { ColorSwatch, Group, ScrollArea, Table, Text, UnstyledButton } from '@mantine/core';
import { seriesColor } from '../../../ui/chart-palette';
import { formatNumber } from './chart-format';
import type { TrendsPointHandler } from './trends-chart';
import { totalOf } from './trends-chart-option';
import type { TrendsLine } from './trends-series';

function Cell({
  value,
  line,
  day,
  label,
  onPoint,
}: {
  value: number;
  line: TrendsLine;
  day: number | null;
  label: string;
  onPoint?: TrendsPointHandler;
}) {
  if (!onPoint || line.series === null || value === 0) return <>{formatNumber(value)}</>;
  return (
    <UnstyledButton
      onClick={() => onPoint(line, day)}
      aria-label={`${line.name}, ${label}: ${formatNumber(value)}. Show persons`}
      className="insight-value-button"
    >
      {formatNumber(value)}
    </UnstyledButton>
  );
}

/**
 * The numbers of a trends insight as a table: a row per line with its total and (for time series)
 * a column per bucket. Every non-zero number opens the persons behind it, so the chart's data is
 * reachable with the keyboard and by screen readers.
 */
export function TrendsTable({
  lines,
  total,
  onPoint,
}: {
  lines: TrendsLine[];
  total: boolean;
  onPoint?: TrendsPointHandler;
}) {
  const labels = total ? [] : ((lines.find((l) => !l.previous) ?? lines[0])?.result.labels ?? []);
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Table
        striped
        highlightOnHover
        withTableBorder
        fz="sm"
        data-testid="trends-table"
        style={{ whiteSpace: 'nowrap' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Series</Table.Th>
            <Table.Th ta="right">{total ? 'Value' : 'Total'}</Table.Th>
            {labels.map((label) => (
              <Table.Th key={label} ta="right">
                {label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.key} data-testid="trends-row">
              <Table.Td>
                <Group gap={8} wrap="nowrap">
                  <ColorSwatch color={seriesColor(line.colorIndex)} size={10} withShadow={false} />
                  <Text size="sm" span>
                    {line.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td ta="right" fw={600} data-testid="trends-total">
                <Cell
                  value={totalOf(line)}
                  line={line}
                  day={null}
                  label="whole range"
                  onPoint={total ? onPoint : undefined}
                />
              </Table.Td>
              {labels.map((label, d) => (
                <Table.Td key={label} ta="right">
                  <Cell
                    value={line.result.data?.[d] ?? 0}
                    line={line}
                    day={d}
                    label={label}
                    onPoint={onPoint}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
