import { Suspense } from 'react';
import { Outlet, useMatches } from 'react-router';
import { AppShell } from '../../ui/app-shell';
import { LoadingState } from '../../ui/loading-state';
import { RequireAuth } from '../auth/require-auth';
import { MainNavigation } from './main-navigation';
import { ProjectSwitcher } from './project-switcher';
import { UserMenu } from './user-menu';

/** Every signed-in page: the app shell with the project switcher, user menu and navigation. */
export function AppLayout() {
  // A route asks for the full width with `handle: { wide: true }`.
  const wide = useMatches().some((m) => (m.handle as { wide?: boolean } | undefined)?.wide === true);
  return (
    <RequireAuth>
      <AppShell
        switcher={<ProjectSwitcher />}
        actions={<UserMenu />}
        navigation={<MainNavigation />}
        wide={wide}
      >
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell>
    </RequireAuth>
  );
}
