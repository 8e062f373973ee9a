import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requiredService } from './required-service';

/** Server used by Postgres tests; CI sets a password for the postgres user in `.ci/run`. */
export const POSTGRES_ADMIN_URL =
  process.env.HEDGEROW_TEST_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export async function postgresAvailable(): Promise<boolean> {
  return requiredService('PostgreSQL', async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    await client.connect();
    await client.end();
  });
}

/**
 * A fresh, empty database for one test file, dropped by `drop()`. Its name starts with
 * `hedgerow_test_` so nothing but test databases is ever dropped.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hedgerow_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
