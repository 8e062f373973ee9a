import type { ApiScope, CreatePersonalApiKeyRequest } from '@hedgerow/schema';
import { Alert, Button, Checkbox, Group, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/api';
import { ApiError } from '../../api/api-error';
import type { CreatedPersonalApiKey } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';
import { CopyField } from '../../ui/copy-field';
import { errorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icon';
import { personalApiKeyScopes } from './personal-api-key-scopes';

/** Creates a personal API key with a label and scopes, then shows its value, this once. */
export function CreatePersonalApiKeyForm() {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [access, setAccess] = useState<'all' | 'limited'>('all');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [errors, setErrors] = useState<{ label?: string; scopes?: string }>({});
  const create = useMutation({
    mutationFn: (body: CreatePersonalApiKeyRequest) =>
      api.post<CreatedPersonalApiKey>('/api/users/@me/personal_api_keys/', body),
    onSuccess: async () => {
      setLabel('');
      setScopes([]);
      setAccess('all');
      await queryClient.invalidateQueries({ queryKey: queryKeys.personalApiKeys });
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.attr === 'label' || error.attr?.startsWith('scopes'))) {
        setErrors({ [error.attr === 'label' ? 'label' : 'scopes']: error.detail });
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!label.trim()) next.label = 'Give the key a label, such as the script that will use it.';
    if (access === 'limited' && scopes.length === 0) next.scopes = 'Choose at least one scope.';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    create.mutate({ label: label.trim(), scopes: access === 'all' ? ['*'] : scopes });
  };

  if (create.data) {
    return (
      <Stack gap="sm">
        <Alert color="green" variant="light" icon={<Icon name="check" />} title="Key created" role="status">
          Copy the key now and keep it somewhere safe: Hedgerow stores only a hash and cannot show it again.
        </Alert>
        <CopyField
          label={`Personal API key "${create.data.label}"`}
          value={create.data.value}
          testId="new-key-value"
        />
        <Group>
          <Button variant="default" onClick={() => create.reset()}>
            Done
          </Button>
        </Group>
      </Stack>
    );
  }

  const formError =
    create.error &&
    !(
      create.error instanceof ApiError &&
      (create.error.attr === 'label' || create.error.attr?.startsWith('scopes'))
    );
  return (
    <form onSubmit={submit} noValidate aria-label="Create a personal API key">
      <Stack gap="md">
        <TextInput
          label="Label"
          description="What will use this key, e.g. “nightly export script”."
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          error={errors.label}
          maxLength={40}
          maw={420}
          required
        />
        <Radio.Group
          label="Access"
          value={access}
          onChange={(value) => setAccess(value === 'limited' ? 'limited' : 'all')}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="all" label="Everything you can do (scope *)" />
            <Radio value="limited" label="Only the scopes chosen below" />
          </Stack>
        </Radio.Group>
        {access === 'limited' && (
          <Checkbox.Group
            label="Scopes"
            value={scopes}
            onChange={(values) =>
              setScopes(personalApiKeyScopes.filter((s) => values.includes(s.value)).map((s) => s.value))
            }
            error={errors.scopes}
          >
            <SimpleGrid cols={2} mt="xs" spacing="xs">
              {personalApiKeyScopes.map((scope) => (
                <Checkbox key={scope.value} value={scope.value} label={scope.label} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        )}
        {formError && (
          <Alert color="red" variant="light" icon={<Icon name="alert" />} role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
          <Text size="xs" c="dimmed">
            The key acts as you, within its scopes, on every project you can reach.
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
