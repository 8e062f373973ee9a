import { browserPropertiesFromUserAgent } from '../browser-properties-from-user-agent';
import type { PipelineEvent } from '../pipeline-event';
import { ok, type StepResult } from '../step-result';

/** `$lib` values of PostHog's server SDKs: their user agent names the SDK, not a person's browser. */
const SERVER_LIBS = new Set([
  'posthog-node',
  'posthog-python',
  'posthog-ruby',
  'posthog-go',
  'posthog-php',
  'posthog-java',
  'posthog-dotnet',
  'posthog-elixir',
  'posthog-rs',
]);

/** SDK and HTTP-client user agents (`posthog-node/5.70.0`, `posthog-android/3.1`): never a browser. */
const SDK_USER_AGENT = /^posthog-[\w-]+\//i;

/**
 * Browser properties for events that lack them (sent through the capture API or a proxy rather than
 * posthog-js, which sets its own): `$browser`, `$browser_version`, `$os`, `$os_version` and
 * `$device_type` from `properties.$raw_user_agent`, else the request's User-Agent header. Server SDK
 * events (`$lib` posthog-node & co, `$is_server: true`) and SDK user agents are left alone: their
 * user agent describes a server, not a visitor. Properties the event already has are kept.
 */
export function enrichUserAgentStep(event: PipelineEvent): StepResult<PipelineEvent> {
  const properties = event.properties;
  if (properties.$browser !== undefined) return ok(event);
  if (properties.$is_server === true) return ok(event);
  if (typeof properties.$lib === 'string' && SERVER_LIBS.has(properties.$lib)) return ok(event);
  const raw = properties.$raw_user_agent;
  const userAgent = typeof raw === 'string' && raw !== '' ? raw : event.request.userAgent;
  if (!userAgent || SDK_USER_AGENT.test(userAgent)) return ok(event);
  const derived = browserPropertiesFromUserAgent(userAgent.slice(0, 1000));
  if (!derived) return ok(event);
  const enriched = { ...properties };
  for (const [key, value] of Object.entries(derived)) if (!(key in enriched)) enriched[key] = value;
  return ok({ ...event, properties: enriched });
}
