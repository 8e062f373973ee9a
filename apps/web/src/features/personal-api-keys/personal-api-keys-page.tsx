import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/api';
import type { PersonalApiKey } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';
import { EmptyState } from '../../ui/empty-state';
import { errorMessage } from '../../ui/error-message';
import { ErrorState } from '../../ui/error-state';
import { Icon } from '../../ui/icon';
import { LoadingState } from '../../ui/loading-state';
import { PageHeader } from '../../ui/page-header';
import { CreatePersonalApiKeyForm } from './create-personal-api-key-form';

const formatDate = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : 'Never';

/** `/settings/personal-api-keys`: the signed-in user's keys for scripts and the REST API. */
export function PersonalApiKeysPage() {
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: queryKeys.personalApiKeys,
    queryFn: ({ signal }) => api.get<PersonalApiKey[]>('/api/users/@me/personal_api_keys/', signal),
  });
  const [deleting, setDeleting] = useState<PersonalApiKey | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/users/@me/personal_api_keys/${encodeURIComponent(id)}/`),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.personalApiKeys });
    },
  });

  return (
    <Stack gap="lg">
      <PageHeader
        title="Personal API keys"
        description="Keys that let scripts and tools use Hedgerow's REST API as you, like PostHog's personal API keys."
      />
      <Card withBorder padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            Create a key
          </Title>
          <CreatePersonalApiKeyForm />
        </Stack>
      </Card>
      <Card withBorder padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            Your keys
          </Title>
          {keys.isPending && <LoadingState label="Loading keys…" />}
          {keys.isError && (
            <ErrorState title="Could not load your keys" error={keys.error} onRetry={() => keys.refetch()} />
          )}
          {keys.data?.length === 0 && (
            <EmptyState title="No personal API keys yet" description="Keys you create above appear here." />
          )}
          {keys.data && keys.data.length > 0 && (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Label</Table.Th>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Scopes</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {keys.data.map((key) => (
                    <Table.Tr key={key.id}>
                      <Table.Td>{key.label}</Table.Td>
                      <Table.Td>
                        <Text ff="monospace" size="sm">
                          {key.mask_value}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {key.scopes.map((s) => (
                            <Badge key={s} variant="light" color={s === '*' ? 'orange' : 'gray'} tt="none">
                              {s === '*' ? 'all access' : s}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatDate(key.created_at)}</Table.Td>
                      <Table.Td>{formatDate(key.last_used_at)}</Table.Td>
                      <Table.Td>
                        <Tooltip label={`Delete key ${key.label}`}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete key ${key.label}`}
                            onClick={() => setDeleting(key)}
                          >
                            <Icon name="trash" />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
      <Modal
        opened={deleting !== null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        title="Delete personal API key?"
      >
        <Stack>
          <Text size="sm">
            Scripts using “{deleting?.label}” ({deleting?.mask_value}) will stop working at once. This cannot
            be undone.
          </Text>
          {remove.isError && (
            <Text c="red" size="sm" role="alert">
              {errorMessage(remove.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)} data-autofocus>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting.id)}
            >
              Delete key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
