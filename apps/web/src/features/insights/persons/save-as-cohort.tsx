import type { ActorsQuery } from '@hedgerow/schema';
import { Alert, Anchor, Button, Group, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../api/api';
import { errorMessage } from '../../../ui/error-message';
import { Icon } from '../../../ui/icon';
import { insightQueryKeys } from '../insight-query-keys';

interface CreatedCohort {
  id: number;
  name: string;
  count: number | null;
}

/**
 * Saves the persons behind a data point as a static cohort (`POST /api/projects/:id/cohorts/` with
 * `is_static` and the ActorsQuery), which filters, breakdowns and flags can then use.
 */
export function SaveAsCohort({
  projectId,
  source,
  defaultName,
}: {
  projectId: number;
  source: NonNullable<ActorsQuery['source']>;
  defaultName: string;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (cohortName: string) =>
      api.post<CreatedCohort>(`/api/projects/${projectId}/cohorts/`, {
        name: cohortName,
        is_static: true,
        query: { kind: 'ActorsQuery', source },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: insightQueryKeys.cohorts(projectId) }),
  });
  if (create.data)
    return (
      <Alert color="green" variant="light" icon={<Icon name="check" />} role="status" py="xs">
        Saved as the static cohort “{create.data.name}”. Use it in filters and breakdowns.{' '}
        <Anchor size="sm" onClick={() => create.reset()} component="button" type="button">
          Save another
        </Anchor>
      </Alert>
    );
  if (name === null)
    return (
      <Button
        size="xs"
        variant="light"
        leftSection={<Icon name="users" size={14} />}
        onClick={() => setName(defaultName)}
      >
        Save as cohort
      </Button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) create.mutate(name.trim());
      }}
    >
      <Group gap="xs" align="flex-start">
        <TextInput
          size="xs"
          aria-label="Cohort name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={create.error ? errorMessage(create.error) : undefined}
          w={300}
          autoFocus
        />
        <Button size="xs" type="submit" loading={create.isPending} disabled={!name.trim()}>
          Create cohort
        </Button>
        <Button size="xs" variant="subtle" color="gray" onClick={() => setName(null)}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}
