import { Button, Menu, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api } from '../../api/api';
import { MembershipLevel, type OrganizationDetail, type OrganizationSummary } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';
import { errorMessage } from '../../ui/error-message';
import { FloatingNotice } from '../../ui/floating-notice';
import { Icon } from '../../ui/icon';
import { useSignedInUser } from '../auth/use-signed-in-user';
import { NewProjectModal } from './new-project-modal';
import { useSwitchProject } from './use-switch-project';

/**
 * The header's "organization / project" control: lists every organization of the user with its
 * projects (loaded when the menu opens) and switches the current project.
 */
export function ProjectSwitcher() {
  const me = useSignedInUser();
  const [opened, setOpened] = useState(false);
  const [newProjectIn, setNewProjectIn] = useState<OrganizationSummary | null>(null);
  const switchProject = useSwitchProject();
  const details = useQueries({
    queries: me.organizations.map((org) => ({
      queryKey: queryKeys.organization(org.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<OrganizationDetail>(`/api/organizations/${encodeURIComponent(org.id)}/`, signal),
      enabled: opened,
    })),
  });

  const orgName = me.organization?.name ?? 'No organization';
  const projectName = me.team?.name ?? 'No project';

  return (
    <>
      <Menu opened={opened} onChange={setOpened} position="bottom-start" width={320} shadow="md">
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            rightSection={<Icon name="chevron-down" size={16} />}
            aria-label={`Organization ${orgName}, project ${projectName}. Switch project`}
            data-testid="project-switcher"
            loading={switchProject.isPending}
          >
            <Text span c="dimmed" size="sm" mr={6}>
              {orgName}
            </Text>
            <Text span c="dimmed" size="sm" mr={6}>
              /
            </Text>
            <Text span fw={600} size="sm">
              {projectName}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {me.organizations.map((org, i) => {
            const detail = details[i];
            const isAdmin = org.membership_level >= MembershipLevel.admin;
            return (
              <Fragment key={org.id}>
                {i > 0 && <Menu.Divider />}
                <Menu.Label>{org.name}</Menu.Label>
                {detail?.isPending && <Menu.Item disabled>Loading projects…</Menu.Item>}
                {detail?.isError && (
                  <Menu.Item disabled color="red">
                    Could not load projects: {errorMessage(detail.error)}
                  </Menu.Item>
                )}
                {detail?.data?.teams.length === 0 && <Menu.Item disabled>No projects yet</Menu.Item>}
                {detail?.data?.teams.map((team) => {
                  const current = team.id === me.team?.id;
                  return (
                    <Menu.Item
                      key={team.id}
                      aria-current={current ? 'true' : undefined}
                      rightSection={current ? <Icon name="check" size={16} /> : null}
                      onClick={() => {
                        if (!current) switchProject.mutate(team.id);
                      }}
                    >
                      {team.name}
                    </Menu.Item>
                  );
                })}
                {isAdmin && (
                  <Menu.Item
                    leftSection={<Icon name="plus" size={16} />}
                    onClick={() => setNewProjectIn(org)}
                  >
                    New project…
                  </Menu.Item>
                )}
              </Fragment>
            );
          })}
        </Menu.Dropdown>
      </Menu>
      <NewProjectModal organization={newProjectIn} onClose={() => setNewProjectIn(null)} />
      {switchProject.isError && (
        <FloatingNotice title="Could not switch project" onClose={() => switchProject.reset()}>
          {errorMessage(switchProject.error)}
        </FloatingNotice>
      )}
    </>
  );
}
