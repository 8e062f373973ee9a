import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { AppLayout } from './features/navigation/app-layout';
import { LoadingState } from './ui/loading-state';
import { NotFoundPage } from './ui/not-found-page';
import { RouteErrorPage } from './ui/route-error-page';

// Each page is its own chunk, loaded when first visited; the shell and the header load up front.
const LoginPage = lazy(() => import('./features/auth/login-page').then((m) => ({ default: m.LoginPage })));
const SignupPage = lazy(() => import('./features/auth/signup-page').then((m) => ({ default: m.SignupPage })));
const ProjectHomePage = lazy(() =>
  import('./features/home/project-home-page').then((m) => ({ default: m.ProjectHomePage })),
);
const ProjectSettingsPage = lazy(() =>
  import('./features/project-settings/project-settings-page').then((m) => ({
    default: m.ProjectSettingsPage,
  })),
);
const PersonalApiKeysPage = lazy(() =>
  import('./features/personal-api-keys/personal-api-keys-page').then((m) => ({
    default: m.PersonalApiKeysPage,
  })),
);

const NewInsightPage = lazy(() =>
  import('./features/insights/new-insight-page').then((m) => ({ default: m.NewInsightPage })),
);

/** The app's pages: the signed-out ones, and the signed-in ones inside the app shell. */
export const appRouter = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: (
          <Suspense fallback={<LoadingState fullPage />}>
            <Outlet />
          </Suspense>
        ),
        children: [
          { path: '/login', element: <LoginPage /> },
          { path: '/signup', element: <SignupPage /> },
        ],
      },
      {
        element: <AppLayout />,
        children: [
          { path: '/', element: <ProjectHomePage /> },
          { path: '/settings/project', element: <ProjectSettingsPage /> },
          { path: '/settings/personal-api-keys', element: <PersonalApiKeysPage /> },
          { path: '/insights/new', element: <NewInsightPage />, handle: { wide: true } },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
