import { Alert, Card, Code, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/api';
import { MembershipLevel, type Project } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';
import { EmptyState } from '../../ui/empty-state';
import { ErrorState } from '../../ui/error-state';
import { LoadingState } from '../../ui/loading-state';
import { PageHeader } from '../../ui/page-header';
import { useSignedInUser } from '../auth/use-signed-in-user';
import { ProjectSettingsForm } from './project-settings-form';

/** `/settings/project`: the current project's settings. */
export function ProjectSettingsPage() {
  const me = useSignedInUser();
  const projectId = me.team?.id ?? null;
  const project = useQuery({
    queryKey: queryKeys.project(projectId ?? 0),
    queryFn: ({ signal }) => api.get<Project>(`/api/projects/${projectId}/`, signal),
    enabled: projectId !== null,
  });
  const canEdit = (me.organization?.membership_level ?? 0) >= MembershipLevel.admin;

  if (projectId === null) {
    return (
      <>
        <PageHeader title="Project settings" />
        <EmptyState
          title="No project selected"
          description="Pick a project, or create one, from the organization / project menu at the top."
        />
      </>
    );
  }
  return (
    <Stack gap="lg">
      <PageHeader title="Project settings" description="How this project's data is counted and shown." />
      {project.isPending && <LoadingState label="Loading project…" />}
      {project.isError && (
        <ErrorState
          title="Could not load the project"
          error={project.error}
          onRetry={() => project.refetch()}
        />
      )}
      {project.data && (
        <>
          <Card withBorder padding="lg">
            <Stack gap="md">
              <Title order={2} size="h4">
                General
              </Title>
              {!canEdit && (
                <Alert variant="light" color="gray">
                  Only organization admins can change project settings.
                </Alert>
              )}
              <ProjectSettingsForm key={project.data.id} project={project.data} canEdit={canEdit} />
            </Stack>
          </Card>
          <Card withBorder padding="lg">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Test account filters
              </Title>
              <Text size="sm" c="dimmed">
                Events matching these filters are left out of insights that filter out internal and test
                users. They are read-only here for now; change them with{' '}
                <Code>PATCH /api/projects/{project.data.id}/</Code> and a <Code>test_account_filters</Code>{' '}
                list.
              </Text>
              {project.data.test_account_filters.length === 0 ? (
                <Text size="sm">No test account filters.</Text>
              ) : (
                <Code block data-testid="test-account-filters">
                  {JSON.stringify(project.data.test_account_filters, null, 2)}
                </Code>
              )}
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
