import { NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { Icon, type IconName } from '../../ui/icon';

const links: { to: string; label: string; icon: IconName }[] = [
  { to: '/', label: 'Project home', icon: 'home' },
  { to: '/insights/new', label: 'New insight', icon: 'chart' },
  { to: '/settings/project', label: 'Project settings', icon: 'settings' },
  { to: '/settings/personal-api-keys', label: 'Personal API keys', icon: 'key' },
];

/** The side navigation between the app's pages. */
export function MainNavigation() {
  const { pathname } = useLocation();
  return (
    <Stack gap={2} component="nav" aria-label="Pages">
      {links.map((link) => {
        const active = pathname === link.to;
        return (
          <NavLink
            key={link.to}
            component={Link}
            to={link.to}
            label={link.label}
            leftSection={<Icon name={link.icon} size={18} />}
            active={active}
            aria-current={active ? 'page' : undefined}
          />
        );
      })}
    </Stack>
  );
}
