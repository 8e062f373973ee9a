import { emailSchema, passwordSchema, type SignupRequest } from '@hedgerow/schema';
import { Alert, Anchor, Button, PasswordInput, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api } from '../../api/api';
import { ApiError } from '../../api/api-error';
import type { SignupStatus } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';
import { errorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icon';
import { AuthLayout } from './auth-layout';
import { safeRedirectPath } from './safe-redirect-path';

const fields = ['email', 'password', 'first_name', 'organization_name'] as const;
type Field = (typeof fields)[number];
type FieldErrors = Partial<Record<Field, string>>;

const isField = (attr: string | null): attr is Field => fields.some((f) => f === attr);

/** Checks the form with the same rules the server applies (shared zod schemas), before sending. */
function validate(values: Record<Field, string>): FieldErrors {
  const errors: FieldErrors = {};
  const email = emailSchema.safeParse(values.email);
  if (!values.email.trim()) errors.email = 'Enter your email address.';
  else if (!email.success) errors.email = email.error.issues[0]?.message ?? 'Enter a valid email address.';
  const password = passwordSchema.safeParse(values.password);
  if (!password.success) errors.password = password.error.issues[0]?.message ?? 'Choose another password.';
  if (!values.first_name.trim()) errors.first_name = 'Enter your first name.';
  if (!values.organization_name.trim()) errors.organization_name = 'Name your organization.';
  return errors;
}

/**
 * `/signup`: a new account with its own organization and first project. The very first account on a
 * server owns it, and the page says so.
 */
export function SignupPage() {
  const [params] = useSearchParams();
  const next = safeRedirectPath(params.get('next'));
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: queryKeys.signupStatus,
    queryFn: ({ signal }) => api.get<SignupStatus>('/api/signup/', signal),
  });
  const [values, setValues] = useState<Record<Field, string>>({
    email: '',
    password: '',
    first_name: '',
    organization_name: '',
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [signedUp, setSignedUp] = useState(false);

  const signup = useMutation({
    mutationFn: (body: SignupRequest) => api.post('/api/signup/', body),
    onSuccess: () => {
      queryClient.removeQueries();
      setSignedUp(true);
    },
    onError: (error) => {
      if (error instanceof ApiError && isField(error.attr)) setFieldErrors({ [error.attr]: error.detail });
    },
  });

  if (signedUp) return <Navigate to={next} replace />;

  const set = (field: Field) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validate(values);
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) {
      signup.mutate({
        email: values.email,
        password: values.password,
        first_name: values.first_name.trim(),
        organization_name: values.organization_name.trim(),
      });
    }
  };

  const formError =
    signup.error && !(signup.error instanceof ApiError && isField(signup.error.attr))
      ? errorMessage(signup.error)
      : null;
  const loginLink = next === '/' ? '/login' : `/login?${new URLSearchParams({ next })}`;

  return (
    <AuthLayout
      title="Create your account"
      intro={
        status.isPending ? (
          <Skeleton height={20} />
        ) : status.data?.first_user ? (
          <Alert color="green" variant="light" data-testid="first-user-notice">
            Create the first account: you will own this Hedgerow.
          </Alert>
        ) : (
          <Text c="dimmed" size="sm">
            You will get your own organization with a first project.
          </Text>
        )
      }
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to={loginLink}>
            Log in
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label="Sign up">
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
            autoComplete="email"
            autoFocus
            required
            value={values.email}
            onChange={set('email')}
            error={fieldErrors.email}
          />
          <PasswordInput
            label="Password"
            name="password"
            description="At least 8 characters."
            autoComplete="new-password"
            required
            value={values.password}
            onChange={set('password')}
            error={fieldErrors.password}
          />
          <TextInput
            label="First name"
            name="first_name"
            autoComplete="given-name"
            required
            value={values.first_name}
            onChange={set('first_name')}
            error={fieldErrors.first_name}
          />
          <TextInput
            label="Organization name"
            name="organization_name"
            autoComplete="organization"
            placeholder="Acme Inc."
            required
            value={values.organization_name}
            onChange={set('organization_name')}
            error={fieldErrors.organization_name}
          />
          <Button type="submit" loading={signup.isPending} fullWidth>
            Create account
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
