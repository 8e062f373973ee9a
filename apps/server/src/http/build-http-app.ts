import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Actor } from '../auth/actor';
import { registerCaptureRoutes } from '../capture/capture-routes';
import type { Container } from '../container';
import { registerActionRoutes } from '../features/actions/action-routes';
import { registerAuthRoutes } from '../features/auth/auth-routes';
import { registerCohortRoutes } from '../features/cohorts/cohort-routes';
import { registerDefinitionRoutes } from '../features/definitions/definition-routes';
import { registerEventRoutes } from '../features/events/event-routes';
import { registerGroupRoutes } from '../features/groups/group-routes';
import { registerHealthRoutes } from '../features/health/health-routes';
import { registerIngestionWarningRoutes } from '../features/ingestion-warnings/ingestion-warning-routes';
import { registerOrganizationRoutes } from '../features/organizations/organization-routes';
import { registerPersonalApiKeyRoutes } from '../features/personal-api-keys/personal-api-key-routes';
import { registerPersonRoutes } from '../features/persons/person-routes';
import { registerProjectRoutes } from '../features/projects/project-routes';
import { registerQueryRoutes } from '../features/query/query-routes';
import { registerSdkConfigRoutes } from '../features/sdk-config/sdk-config-routes';
import { registerUserRoutes } from '../features/users/user-routes';
import { serviceUnavailable } from './api-error';
import { createAuthenticateRequest } from './authenticate-request';
import { handleError } from './error-handler';
import { ANONYMOUS } from './request-actor';
import { serveWebApp } from './serve-web-app';

/** The HTTP surface: every route, the authentication hook, errors as JSON, and the web app. */
export async function buildHttpApp(
  c: Container,
  options: { webDist: string | null },
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: c.logger,
    // Per-request logs would dominate at capture rates; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy:
      typeof c.config.trustedProxies === 'number'
        ? trustHops(c.config.trustedProxies)
        : c.config.trustedProxies,
    return503OnClosing: true,
  });
  // Set for every request by the onRequest hook below.
  app.decorateRequest<Actor | null>('actor', null);
  app.setErrorHandler(handleError);
  await app.register(fastifyCookie);

  const authenticate = createAuthenticateRequest(c);
  app.addHook('onRequest', async (request, reply) => {
    request.actor = ANONYMOUS;
    if (!request.url.startsWith('/api/')) return;
    if (!c.appStoreReadiness.isReady) throw serviceUnavailable('Hedgerow is starting; try again shortly.');
    await authenticate(request, reply);
  });

  registerHealthRoutes(app, {
    version: c.version,
    appStore: { kind: c.appStore.kind, readiness: c.appStoreReadiness, ping: () => c.appStore.ping() },
    eventStore: {
      kind: c.eventStore.kind,
      readiness: c.eventStoreReadiness,
      ping: () => c.eventStore.ping(),
    },
    ingestion: c.ingestion,
  });
  registerAuthRoutes(app, { ...c, secureCookies: c.config.siteUrl.startsWith('https://') });
  registerUserRoutes(app, c);
  registerOrganizationRoutes(app, c);
  registerProjectRoutes(app, c);
  registerPersonalApiKeyRoutes(app, c);
  registerPersonRoutes(app, c);
  registerQueryRoutes(app, c);
  registerEventRoutes(app, c);
  registerGroupRoutes(app, c);
  registerDefinitionRoutes(app, c);
  registerActionRoutes(app, c);
  await registerCohortRoutes(app, c);
  registerIngestionWarningRoutes(app, c);
  await registerCaptureRoutes(app, c);
  registerSdkConfigRoutes(app, c);
  await serveWebApp(app, options.webDist);
  return app;
}

/** Trusts the nearest `hops` proxies (X-Forwarded-For entries), as a hop count does in proxy-addr. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
