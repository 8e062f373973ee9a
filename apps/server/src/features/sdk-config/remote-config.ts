import type { Project } from '../projects/project-repository';

/**
 * The remote config posthog-js reads at start-up (`/array/<token>/config(.js)`), in PostHog's
 * camelCase keys. It turns on what Hedgerow serves (autocapture, gzip, the `/i/v0/e/` endpoint) and
 * off what it does not serve yet (session recording, surveys, heatmaps, feature flags), so the SDK
 * neither calls endpoints that are missing nor silently drops autocapture.
 */
export function buildRemoteConfig(project: Project) {
  return {
    token: project.api_token,
    supportedCompression: ['gzip', 'gzip-js'],
    hasFeatureFlags: false,
    captureDeadClicks: false,
    capturePerformance: false,
    autocapture_opt_out: false,
    autocaptureExceptions: false,
    analytics: { endpoint: '/i/v0/e/' },
    elementsChainAsString: true,
    errorTracking: { autocaptureExceptions: false, suppressionRules: [] },
    sessionRecording: false,
    heatmaps: false,
    surveys: false,
    productTours: false,
    defaultIdentifiedOnly: true,
    siteApps: [],
  };
}
