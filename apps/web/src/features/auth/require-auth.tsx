import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { CSRF_COOKIE } from '../../api/api';
import { ApiError } from '../../api/api-error';
import { readCookie } from '../../api/read-cookie';
import { ErrorState } from '../../ui/error-state';
import { LoadingState } from '../../ui/loading-state';
import { useCurrentUser } from './use-current-user';

function LoginRedirect() {
  const location = useLocation();
  const next = `${location.pathname}${location.search}${location.hash}`;
  const search = next === '/' ? '' : `?${new URLSearchParams({ next })}`;
  return <Navigate to={`/login${search}`} replace />;
}

/**
 * Renders its children only once the signed-in user is loaded; everyone else goes to /login and
 * comes back here afterwards. Without the session's readable CSRF cookie there cannot be a session,
 * so that redirect happens without asking the server (and without a 401 in the console).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const hasSessionCookie = readCookie(CSRF_COOKIE) !== null;
  const me = useCurrentUser({ enabled: hasSessionCookie });
  if (!hasSessionCookie) return <LoginRedirect />;
  if (me.error instanceof ApiError && me.error.isUnauthenticated) return <LoginRedirect />;
  // A failed background refresh keeps showing the app with the data it has.
  if (me.data) return children;
  if (me.isError) {
    return (
      <div style={{ maxWidth: 560, margin: '80px auto', padding: 16 }}>
        <ErrorState title="Could not load your account" error={me.error} onRetry={() => me.refetch()} />
      </div>
    );
  }
  return <LoadingState label="Signing you in…" fullPage />;
}
