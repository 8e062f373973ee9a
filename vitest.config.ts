import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (beside the code, no real engines) and `integration` (apps/server/test: real
 * chDB, SQLite, Postgres, ClickHouse, HTTP, child processes and browsers). Each test file runs in its
 * own process because chDB binds one data directory per process.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'tools/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['apps/server/test/**/*.test.ts'],
          globalSetup: ['apps/server/test/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
