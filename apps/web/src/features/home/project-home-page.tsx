import { Button, Card, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { CodeSnippet } from '../../ui/code-snippet';
import { CopyField } from '../../ui/copy-field';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { useSignedInUser } from '../auth/use-signed-in-user';
import { sdkSnippets } from './sdk-snippets';

/** `/`: the current project's API key and how to send it events from posthog-js and posthog-node. */
export function ProjectHomePage() {
  const me = useSignedInUser();
  const project = me.team;
  if (!project) {
    return (
      <>
        <PageHeader title="Project home" />
        <EmptyState
          title="No project selected"
          description="Pick a project, or create one, from the organization / project menu at the top."
        />
      </>
    );
  }
  const origin = window.location.origin;
  const snippets = sdkSnippets({ token: project.api_token, origin });
  return (
    <Stack gap="lg">
      <PageHeader
        title={project.name}
        description={
          <>
            Send events to this project with the unmodified PostHog SDKs, pointed at this server (
            <Text span ff="monospace" size="sm">
              {origin}
            </Text>
            ).
          </>
        }
      />

      <Card withBorder padding="lg">
        <Stack gap="xs">
          <CopyField label="Project API key" value={project.api_token} testId="project-api-key" />
          <Text size="sm" c="dimmed">
            This key only sends events and evaluates feature flags, so it is safe to ship in a web page or an
            app. It cannot read your data.
          </Text>
        </Stack>
      </Card>

      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Send events
          </Title>
          <Tabs defaultValue="web-npm" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="web-npm">Web app (posthog-js)</Tabs.Tab>
              <Tabs.Tab value="web-html">Plain HTML page</Tabs.Tab>
              <Tabs.Tab value="node">Node.js (posthog-node)</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="web-npm" pt="md">
              <Stack gap="sm">
                <Text size="sm">Install the SDK with your app's package manager:</Text>
                <CodeSnippet code={snippets.webInstall} label="Copy install command" />
                <Text size="sm">Then initialise it once, as early as possible in your app:</Text>
                <CodeSnippet code={snippets.webInit} label="Copy posthog-js setup" />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="web-html" pt="md">
              <Stack gap="sm">
                <Text size="sm">
                  PostHog's usual snippet downloads the SDK from PostHog's servers. To stay independent of
                  them, serve the SDK's self-contained build from your own site instead:
                </Text>
                <CodeSnippet code={snippets.webHtml} label="Copy HTML snippet" />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="node" pt="md">
              <Stack gap="sm">
                <CodeSnippet code={snippets.nodeInstall} label="Copy install command" />
                <CodeSnippet code={snippets.node} label="Copy posthog-node setup" />
              </Stack>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      </Card>

      <Card withBorder padding="lg">
        <Stack gap="sm" align="flex-start">
          <Title order={2} size="h4">
            Use the API from scripts
          </Title>
          <Text size="sm">
            Reading data and changing settings through the REST API needs a personal API key. Create one with
            the scopes it needs; its value is shown once. Send it as a bearer token:
          </Text>
          <CodeSnippet code={snippets.personalApiKeyCurl} label="Copy curl example" />
          <Button component={Link} to="/settings/personal-api-keys" variant="light">
            Manage personal API keys
          </Button>
        </Stack>
      </Card>
    </Stack>
  );
}
