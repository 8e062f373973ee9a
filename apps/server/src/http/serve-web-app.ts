import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Finds the built web app (`apps/web/dist`) from wherever the server code runs (source or bundle). */
export function findWebDist(startDir: string): string | null {
  let dir = startDir;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'apps', 'web', 'dist');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Hedgerow</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>Hedgerow is running, but its web app is not built</h1>
<p>Start the server with <code>npm start</code>, which builds the web app when it is missing or out of date,
or build it once with <code>npm run build</code>.</p>
<p>The API is available under <code>/api/</code> and health under <code>/_health</code>.</p></body>`;

/**
 * Serves the single-page web app: its assets under `/assets/` (cached forever, names are hashed) and
 * `index.html` for every other browser GET outside the API, so client-side routes survive a reload.
 * API-like paths that match nothing get a JSON 404.
 */
export async function serveWebApp(app: FastifyInstance, webDist: string | null): Promise<void> {
  if (webDist) {
    await app.register(fastifyStatic, {
      root: webDist,
      // Registers one route per file found at start-up (hashed assets, favicon, …); index.html is
      // served by the not-found handler below so client-side routes work.
      wildcard: false,
      index: false,
      setHeaders(res, filePath) {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const isApi = pathname.startsWith('/api/') || pathname === '/api' || pathname.startsWith('/_');
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (!isApi && wantsHtml) {
      if (!webDist) return reply.status(503).type('text/html').send(NOT_BUILT_PAGE);
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({
      type: 'invalid_request',
      code: 'not_found',
      detail: `Not found: ${request.method} ${pathname}`,
      attr: null,
    });
  });
}
