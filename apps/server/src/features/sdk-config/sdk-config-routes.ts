import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { applyCaptureCors } from '../../capture/capture-cors';
import type { ProjectTokenCache } from '../../capture/project-token-cache';
import { buildRemoteConfig } from './remote-config';

/** posthog-js's built files, served as PostHog serves them under `/static/` (its assets host). */
function posthogJsDist(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('posthog-js/package.json');
    return path.join(path.dirname(pkg), 'dist');
  } catch {
    return null;
  }
}

const STATIC_FILE = /^[a-z0-9][a-z0-9.-]*\.js$/i;

/**
 * What posthog-js loads besides capture: its remote config (`/array/<token>/config` as JSON and
 * `config.js` as a script defining `window._POSTHOG_REMOTE_CONFIG[token]`), and its own lazily loaded
 * bundles under `/static/` (also `/static/<version>/`), taken from the posthog-js package.
 */
export function registerSdkConfigRoutes(app: FastifyInstance, deps: { tokens: ProjectTokenCache }): void {
  const dist = posthogJsDist();

  const resolve = async (token: string) => (token.length <= 64 ? deps.tokens.resolve(token) : null);

  app.get<{ Params: { token: string } }>('/array/:token/config', async (request, reply) => {
    applyCaptureCors(request, reply);
    const project = await resolve(request.params.token);
    if (!project)
      return reply
        .status(404)
        .send({ type: 'invalid_request', code: 'not_found', detail: 'Unknown project token.', attr: null });
    return reply.header('cache-control', 'public, max-age=60').send(buildRemoteConfig(project));
  });

  app.get<{ Params: { token: string } }>('/array/:token/config.js', async (request, reply) => {
    applyCaptureCors(request, reply);
    reply.type('application/javascript; charset=utf-8');
    const project = await resolve(request.params.token);
    if (!project) return reply.status(404).send('/* Unknown project token. */');
    const payload = JSON.stringify({ config: buildRemoteConfig(project), siteApps: [] });
    const key = JSON.stringify(project.api_token);
    return reply
      .header('cache-control', 'public, max-age=60')
      .send(
        `(function(){window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};window._POSTHOG_REMOTE_CONFIG[${key}]=${payload};})();`,
      );
  });

  const sendStatic = (file: string, reply: FastifyReply) => {
    if (!dist || !STATIC_FILE.test(file))
      return reply
        .status(404)
        .send({ type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
    const full = path.join(dist, file);
    if (!fs.existsSync(full))
      return reply
        .status(404)
        .send({ type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
    return reply
      .type('application/javascript; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=3600')
      .send(fs.createReadStream(full));
  };
  app.get<{ Params: { file: string } }>('/static/:file', (request, reply) =>
    sendStatic(request.params.file, reply),
  );
  app.get<{ Params: { version: string; file: string } }>('/static/:version/:file', (request, reply) =>
    sendStatic(request.params.file, reply),
  );
}
