import { Anchor, Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorState } from '../../../ui/error-state';
import { LoadingState } from '../../../ui/loading-state';
import { personDisplayName } from '../../persons/person-display-name';
import { formatNumber } from '../charts/chart-format';
import { CommitTextInput } from '../commit-text-input';
import type { PersonsTarget } from './persons-target';
import { SaveAsCohort } from './save-as-cohort';
import { useActors } from './use-actors';

/**
 * The persons behind a data point (an ActorsQuery over the insight), most events first, with search,
 * more on demand, a link to each person's page, and "save as cohort".
 */
export function PersonsModal({
  projectId,
  target,
  onClose,
}: {
  projectId: number;
  target: PersonsTarget | null;
  onClose: () => void;
}) {
  const [search, setSearch] = useState('');
  const actors = useActors(projectId, target?.source ?? null, search);
  const rows = actors.data?.pages.flatMap((p) => p.results) ?? [];
  return (
    <Modal
      opened={target !== null}
      onClose={() => {
        setSearch('');
        onClose();
      }}
      title={<Text fw={600}>{target?.title}</Text>}
      size="xl"
    >
      {target && (
        <Stack gap="sm" data-testid="persons-modal">
          <Group justify="space-between" align="flex-start">
            <CommitTextInput
              size="xs"
              aria-label="Search persons"
              placeholder="Search by email, name or distinct id (Enter)"
              value={search}
              onCommit={setSearch}
              w={320}
            />
            <SaveAsCohort projectId={projectId} source={target.source} defaultName={target.cohortName} />
          </Group>
          {actors.isPending && <LoadingState label="Loading persons…" />}
          {actors.isError && (
            <ErrorState
              title="Could not load the persons"
              error={actors.error}
              onRetry={() => actors.refetch()}
            />
          )}
          {actors.isSuccess && rows.length === 0 && (
            <EmptyState
              title="Nobody here"
              description={search ? 'No person matches the search.' : 'No person is behind this data point.'}
            />
          )}
          {rows.length > 0 && (
            <ScrollArea.Autosize mah="60vh">
              <Table striped highlightOnHover fz="sm" data-testid="persons-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Distinct ids</Table.Th>
                    <Table.Th ta="right">Events</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map(([actor, events]) => (
                    <Table.Tr key={actor.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/persons/${actor.id}`} size="sm">
                          {personDisplayName(actor)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed" ff="monospace" lineClamp={1}>
                          {actor.distinct_ids.join(', ')}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(events)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="persons-count">
              {rows.length > 0 &&
                `${formatNumber(rows.length)} ${rows.length === 1 ? 'person' : 'persons'}${actors.hasNextPage ? ' shown; there are more' : ''}`}
            </Text>
            {actors.hasNextPage && (
              <Button
                size="xs"
                variant="default"
                loading={actors.isFetchingNextPage}
                onClick={() => actors.fetchNextPage()}
              >
                Load more
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
