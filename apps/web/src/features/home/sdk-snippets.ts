/** The code a user pastes into their own app to send events to this Hedgerow server. */
export interface SdkSnippets {
  webInstall: string;
  webInit: string;
  webHtml: string;
  nodeInstall: string;
  node: string;
  personalApiKeyCurl: string;
}

const js = (value: string) => JSON.stringify(value).replaceAll("'", "\\'").replace(/^"|"$/g, "'");

/**
 * Snippets for posthog-js and posthog-node pointed at `origin` (this server) with the project's
 * `token`. PostHog's usual `<script>` loader fetches posthog-js from PostHog's CDN, which a
 * self-hosted, possibly offline server must not depend on: the HTML variant loads the self-contained
 * `array.full.js` build that this server serves under `/static/` (from the posthog-js package).
 */
export function sdkSnippets({ token, origin }: { token: string; origin: string }): SdkSnippets {
  const t = js(token);
  const o = js(origin);
  return {
    webInstall: 'npm install posthog-js',
    webInit: `import posthog from 'posthog-js';

posthog.init(${t}, {
  api_host: ${o},
  person_profiles: 'identified_only',
});`,
    webHtml: `<!-- posthog-js, served by this Hedgerow server; it defines window.posthog -->
<script src="${origin}/static/array.full.js"></script>
<script>
  posthog.init(${t}, {
    api_host: ${o},
    person_profiles: 'identified_only',
  });
</script>`,
    nodeInstall: 'npm install posthog-node',
    node: `import { PostHog } from 'posthog-node';

const posthog = new PostHog(${t}, { host: ${o} });

posthog.capture({ distinctId: 'user-123', event: 'order_completed', properties: { total: 42 } });

// Flush queued events before the process exits.
await posthog.shutdown();`,
    personalApiKeyCurl: `curl -H "Authorization: Bearer $HEDGEROW_PERSONAL_API_KEY" \\
  ${origin}/api/projects/@current/`,
  };
}
