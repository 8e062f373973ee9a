import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { errorMessage } from '../../ui/error-message';
import { FloatingNotice } from '../../ui/floating-notice';
import { Icon } from '../../ui/icon';
import { useLogout } from '../auth/use-logout';
import { useSignedInUser } from '../auth/use-signed-in-user';

/** The signed-in user's menu: who is signed in, their API keys, and log out. */
export function UserMenu() {
  const me = useSignedInUser();
  const logout = useLogout();
  const name = me.first_name || me.email;
  return (
    <>
      <Menu position="bottom-end" width={240} shadow="md">
        <Menu.Target>
          <UnstyledButton aria-label={`Account menu for ${name}`} data-testid="user-menu">
            <Avatar color="green" radius="xl" size={34}>
              {name.slice(0, 1).toUpperCase()}
            </Avatar>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
              {name}
            </Text>
            <Text size="xs" truncate>
              {me.email}
            </Text>
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item
            component={Link}
            to="/settings/personal-api-keys"
            leftSection={<Icon name="key" size={16} />}
          >
            Personal API keys
          </Menu.Item>
          <Menu.Item
            leftSection={<Icon name="logout" size={16} />}
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            Log out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {logout.isError && (
        <FloatingNotice title="Could not log out" onClose={() => logout.reset()}>
          {errorMessage(logout.error)}
        </FloatingNotice>
      )}
    </>
  );
}
