import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests: TEST_DATABASE_URL names a server where we may create databases.
 * In CI it must be set (.ci/run starts a private cluster): a PostgreSQL suite is never skipped
 * there. On a developer machine without it, the suite is skipped with a visible notice.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export function postgresAvailable(suite: string): boolean {
  if (testDatabaseUrl) return true;
  if (process.env.CI) throw new Error(`${suite}: TEST_DATABASE_URL is not set in CI; the PostgreSQL suite must run`);
  console.warn(`\n  ⚠ ${suite}: skipped on PostgreSQL (set TEST_DATABASE_URL to run it)\n`);
  return false;
}

/** Creates an empty database for one test file; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cadre_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
