import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app is served by the Hedgerow server from `dist/` (same origin as the API, so cookies and
 * CSRF just work). In development, `vite` proxies `/api` to a running server (HEDGEROW_URL, default
 * http://127.0.0.1:8010).
 */
export default defineConfig(({ command }) => ({
  plugins: [react()],
  // A build is always a production build, also when it runs inside a process with another NODE_ENV
  // (Vitest's global setup sets "test", which would otherwise bundle React's development build and
  // compile JSX for its development runtime, which production React does not have).
  ...(command === 'build' && {
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    oxc: { jsx: { runtime: 'automatic' as const, development: false } },
  }),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Pages are split into chunks with React.lazy; this warns if a chunk grows past it.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: process.env.HEDGEROW_URL ?? 'http://127.0.0.1:8010' },
    },
  },
}));
