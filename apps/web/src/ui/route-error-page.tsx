import { Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from './error-message';

/**
 * Shown when a page crashed or its code could not be loaded (typically after an upgrade replaced the
 * hashed chunks); reloading fetches the new ones.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  const chunkFailed = /dynamically imported module|Importing a module script failed/i.test(message);
  return (
    <Container size="sm" py={80}>
      <Stack>
        <title>Something went wrong · Hedgerow</title>
        <Title order={1} size="h2">
          {chunkFailed ? 'Hedgerow was updated' : 'Something went wrong'}
        </Title>
        <Text c="dimmed">{chunkFailed ? 'Reload the page to get the new version.' : message}</Text>
        <Group>
          <Button onClick={() => window.location.reload()}>Reload</Button>
          <Button variant="default" component={Link} to="/">
            Go to project home
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
