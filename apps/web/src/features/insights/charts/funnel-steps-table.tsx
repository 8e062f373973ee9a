import { ScrollArea, Table, Text, UnstyledButton } from '@mantine/core';
import { formatDuration, formatNumber, formatPercent } from './chart-format';
import type { FunnelLine, FunnelStepHandler } from './funnel-steps-chart';

function Count({ value, label, onClick }: { value: number; label: string; onClick?: () => void }) {
  if (!onClick || value === 0) return <>{formatNumber(value)}</>;
  return (
    <UnstyledButton
      className="insight-value-button"
      aria-label={`${label}: ${formatNumber(value)}. Show persons`}
      onClick={onClick}
    >
      {formatNumber(value)}
    </UnstyledButton>
  );
}

/** A funnel's steps as a table: reached, conversion, drop-off and times, each count opening its persons. */
export function FunnelStepsTable({ line, onStep }: { line: FunnelLine; onStep?: FunnelStepHandler }) {
  return (
    <ScrollArea type="auto">
      <Table
        striped
        withTableBorder
        fz="sm"
        data-testid="funnel-steps-table"
        style={{ whiteSpace: 'nowrap' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step</Table.Th>
            <Table.Th ta="right">Persons</Table.Th>
            <Table.Th ta="right">Conversion</Table.Th>
            <Table.Th ta="right">From previous</Table.Th>
            <Table.Th ta="right">Dropped off</Table.Th>
            <Table.Th ta="right">Average time</Table.Th>
            <Table.Th ta="right">Median time</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {line.rows.map((row) => (
            <Table.Tr key={row.index} data-testid="funnel-step-row">
              <Table.Td>
                <Text size="sm" span fw={500}>
                  {row.index + 1}. {row.name}
                </Text>
              </Table.Td>
              <Table.Td ta="right" data-testid="funnel-step-count">
                <Count
                  value={row.count}
                  label={`Reached step ${row.index + 1} (${row.name})`}
                  onClick={onStep && (() => onStep(line, row.index + 1, false))}
                />
              </Table.Td>
              <Table.Td ta="right" data-testid="funnel-step-conversion">
                {formatPercent(row.fromFirst)}
              </Table.Td>
              <Table.Td ta="right">{row.index === 0 ? '' : formatPercent(row.fromPrevious)}</Table.Td>
              <Table.Td ta="right" data-testid="funnel-step-dropped">
                {row.index === 0 ? (
                  ''
                ) : (
                  <>
                    <Count
                      value={row.droppedOff}
                      label={`Dropped off before step ${row.index + 1} (${row.name})`}
                      onClick={onStep && (() => onStep(line, row.index + 1, true))}
                    />{' '}
                    <Text span size="xs" c="dimmed">
                      ({formatPercent(1 - row.fromPrevious)})
                    </Text>
                  </>
                )}
              </Table.Td>
              <Table.Td ta="right">{row.index === 0 ? '' : formatDuration(row.averageSeconds)}</Table.Td>
              <Table.Td ta="right">{row.index === 0 ? '' : formatDuration(row.medianSeconds)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** With a breakdown: a row per value, each step's count with its conversion, and the total conversion. */
export function FunnelBreakdownTable({ lines, onStep }: { lines: FunnelLine[]; onStep?: FunnelStepHandler }) {
  const steps = lines[0]?.rows ?? [];
  return (
    <ScrollArea type="auto">
      <Table
        striped
        withTableBorder
        fz="sm"
        data-testid="funnel-breakdown-table"
        style={{ whiteSpace: 'nowrap' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Breakdown</Table.Th>
            {steps.map((s) => (
              <Table.Th key={s.index} ta="right">
                {s.index + 1}. {s.name}
              </Table.Th>
            ))}
            <Table.Th ta="right">Conversion</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.name} data-testid="funnel-breakdown-row">
              <Table.Td>{line.name}</Table.Td>
              {line.rows.map((row) => (
                <Table.Td key={row.index} ta="right">
                  <Count
                    value={row.count}
                    label={`${line.name}, reached step ${row.index + 1}`}
                    onClick={onStep && (() => onStep(line, row.index + 1, false))}
                  />
                  {row.index > 0 && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({formatPercent(row.fromPrevious)})
                    </Text>
                  )}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={600}>
                {formatPercent(line.rows[line.rows.length - 1]?.fromFirst)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
