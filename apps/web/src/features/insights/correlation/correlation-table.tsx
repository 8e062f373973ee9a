import { ActionIcon, Menu, Table, Text } from '@mantine/core';
import { Icon } from '../../../ui/icon';
import { formatNumber } from '../charts/chart-format';
import type { CorrelationRow } from '../insight-results';
import { type CorrelationSignal, correlationSignal, formatFactor, likelihood } from './correlation-rows';

export type CorrelationType = 'events' | 'properties' | 'event_with_properties';

/** What a row's menu can do with its signal. */
export interface CorrelationActions {
  viewPersons: (row: CorrelationRow, signal: CorrelationSignal, converted: boolean) => void;
  addBreakdown?: (signal: CorrelationSignal) => void;
  addFilter?: (signal: CorrelationSignal) => void;
  exclude?: (signal: CorrelationSignal) => void;
}

export function signalLabel(signal: CorrelationSignal): string {
  switch (signal.kind) {
    case 'event':
      return signal.event;
    case 'event_property':
      return `${signal.event} · ${signal.property} = ${signal.value}`;
    case 'person_property':
      return `${signal.property} = ${signal.value}`;
  }
}

/** One side of the analysis ("likely to convert" or "likely to drop off"), strongest first. */
export function CorrelationTable({
  title,
  rows,
  type,
  actions,
  testId,
}: {
  title: string;
  rows: CorrelationRow[];
  type: CorrelationType;
  actions: CorrelationActions;
  testId: string;
}) {
  const sorted = [...rows].sort((a, b) => likelihood(b).factor - likelihood(a).factor);
  return (
    <Table fz="sm" withTableBorder data-testid={testId} aria-label={title}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{title}</Table.Th>
          <Table.Th ta="right">Converted</Table.Th>
          <Table.Th ta="right">Dropped off</Table.Th>
          <Table.Th ta="right">Odds</Table.Th>
          <Table.Th w={40}>
            <span className="visually-hidden">Actions</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={5}>
              <Text size="sm" c="dimmed">
                No significant signal.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
        {sorted.map((row) => {
          const signal = correlationSignal(row, type);
          const label = signalLabel(signal);
          const { factor, more } = likelihood(row);
          return (
            <Table.Tr key={row.event.event} data-testid="correlation-row">
              <Table.Td>
                <Text size="sm" span fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {label}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(row.success_count)}</Table.Td>
              <Table.Td ta="right">{formatNumber(row.failure_count)}</Table.Td>
              <Table.Td ta="right">
                <Text size="sm" span c={more ? 'green' : 'red'} fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {formatFactor(factor)} {more ? 'more' : 'less'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${label}`}>
                      <Icon name="chevron-down" size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => actions.viewPersons(row, signal, true)}>
                      View persons who converted
                    </Menu.Item>
                    <Menu.Item onClick={() => actions.viewPersons(row, signal, false)}>
                      View persons who dropped off
                    </Menu.Item>
                    {actions.addBreakdown && signal.kind !== 'event' && (
                      <Menu.Item onClick={() => actions.addBreakdown?.(signal)}>Add as breakdown</Menu.Item>
                    )}
                    {actions.addFilter && signal.kind !== 'event' && (
                      <Menu.Item onClick={() => actions.addFilter?.(signal)}>Add as filter</Menu.Item>
                    )}
                    {actions.exclude && signal.kind === 'event' && (
                      <Menu.Item onClick={() => actions.exclude?.(signal)}>
                        Exclude from this analysis
                      </Menu.Item>
                    )}
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
