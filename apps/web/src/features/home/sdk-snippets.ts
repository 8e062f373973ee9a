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
 * `token`. posthog-js is installed from npm and bundled by the user's own build: PostHog's usual
 * `<script>` loader fetches it from PostHog's CDN, which a self-hosted, possibly offline server must
 * not depend on. The HTML variant therefore loads the self-contained `array.full.js` build from the
 * user's own static files.
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
    webHtml: `<!-- 1. npm install posthog-js, then serve its self-contained build from your own site, e.g.
        cp node_modules/posthog-js/dist/array.full.js public/vendor/posthog.js -->
<script src="/vendor/posthog.js"></script>
<!-- 2. It defines window.posthog; point it at this Hedgerow server. -->
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
