import { Alert, Button, Group, Text } from '@mantine/core';
import { errorMessage } from './error-message';
import { Icon } from './icon';

/** Shown where content failed to load: what failed, why (the server's words), and a way to retry. */
export function ErrorState({
  title = 'Could not load this',
  error,
  onRetry,
}: {
  title?: string;
  error: unknown;
  onRetry?: () => void;
}) {
  return (
    <Alert color="red" variant="light" title={title} icon={<Icon name="alert" />} role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="default" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  );
}
