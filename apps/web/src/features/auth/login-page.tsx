import type { LoginRequest } from '@hedgerow/schema';
import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, CSRF_COOKIE } from '../../api/api';
import { ApiError } from '../../api/api-error';
import { readCookie } from '../../api/read-cookie';
import { errorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icon';
import { AuthLayout } from './auth-layout';
import { safeRedirectPath } from './safe-redirect-path';
import { useCurrentUser } from './use-current-user';

type Field = 'email' | 'password';

/** `/login`: email and password; afterwards back to the page the user wanted (`?next=`). */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeRedirectPath(params.get('next'));
  const queryClient = useQueryClient();
  const alreadySignedIn = useCurrentUser({ enabled: readCookie(CSRF_COOKIE) !== null });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [signedIn, setSignedIn] = useState(false);

  const login = useMutation({
    mutationFn: (body: LoginRequest) => api.post<{ success: boolean }>('/api/login/', body),
    onSuccess: () => {
      // Whatever was cached belonged to the previous session.
      queryClient.removeQueries();
      setSignedIn(true);
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.attr === 'email' || error.attr === 'password')) {
        setFieldErrors({ [error.attr]: error.detail });
      }
    },
  });

  if (signedIn || alreadySignedIn.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Partial<Record<Field, string>> = {};
    if (!email.trim()) errors.email = 'Enter your email address.';
    if (!password) errors.password = 'Enter your password.';
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) login.mutate({ email, password });
  };

  const formError =
    login.error &&
    !(login.error instanceof ApiError && (login.error.attr === 'email' || login.error.attr === 'password'))
      ? errorMessage(login.error)
      : null;
  const signupLink = next === '/' ? '/signup' : `/signup?${new URLSearchParams({ next })}`;

  return (
    <AuthLayout
      title="Log in to Hedgerow"
      footer={
        <>
          No account yet?{' '}
          <Anchor component={Link} to={signupLink}>
            Create one
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label="Log in">
        <Stack gap="md">
          {formError && (
            <Alert color="red" variant="light" icon={<Icon name="alert" />} role="alert">
              {formError}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            autoFocus
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldErrors.email}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldErrors.password}
          />
          <Button type="submit" loading={login.isPending} fullWidth>
            Log in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
