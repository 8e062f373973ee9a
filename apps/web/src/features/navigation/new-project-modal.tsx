import type { CreateProjectRequest } from '@hedgerow/schema';
import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/api';
import type { OrganizationSummary, Project } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';
import { errorMessage } from '../../ui/error-message';
import { useSwitchProject } from './use-switch-project';

/** Creates a project in `organization` and switches to it. */
export function NewProjectModal({
  organization,
  onClose,
}: {
  organization: OrganizationSummary | null;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const switchProject = useSwitchProject();
  const create = useMutation({
    mutationFn: (input: { orgId: string; body: CreateProjectRequest }) =>
      api.post<Project>(`/api/organizations/${encodeURIComponent(input.orgId)}/projects/`, input.body),
    onSuccess: async (project) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.organizations });
      await switchProject.mutateAsync(project.id);
      close();
    },
  });

  const close = () => {
    setName('');
    setNameError(null);
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!organization) return;
    if (!name.trim()) {
      setNameError('Name the project.');
      return;
    }
    setNameError(null);
    create.mutate({ orgId: organization.id, body: { name: name.trim() } });
  };

  const error = create.error ?? switchProject.error;
  return (
    <Modal
      opened={organization !== null}
      onClose={close}
      title={`New project in ${organization?.name ?? ''}`}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <TextInput
            label="Project name"
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || switchProject.isPending}>
              Create project
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
