import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable } from '../support/postgres.js';
import { runTs } from '../support/process.js';

/** `npm run platform|staff -- …` as an administrator runs it: the real script in its own process. */
async function command(script: string, env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = runTs(script, env, args);
  const code = await child.exited;
  return { code, out: child.output() };
}
const platform = (env: Record<string, string>, ...args: string[]) => command('scripts/platform.ts', env, args);
const staff = (env: Record<string, string>, ...args: string[]) => command('scripts/staff.ts', env, args);

// Issue 21: run without the server's DATA_DIR/DATABASE_URL, the command used to create a new empty
// database and register the LMS there, where the server never looked.
describe('npm run platform (and staff) on a database without Cadre in it', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadre-platform-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops with a message naming the database and creates nothing, unless --create-database is given', async () => {
    const dataDir = path.join(dir, 'data');
    const file = path.join(dataDir, 'cadre.sqlite');
    const refused = await platform({ DATA_DIR: dataDir }, 'registration-url');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`No Cadre database at ${file} (nothing was created there).`);
    expect(refused.out).toContain("Run this command with the server's DATA_DIR and DATABASE_URL");
    expect(refused.out).toContain('--create-database');
    expect(refused.out).not.toContain('Tool URL');
    expect(existsSync(dataDir)).toBe(false);

    const created = await platform({ DATA_DIR: dataDir }, 'list', '--create-database');
    expect(created.out).toContain('No platform registered.');
    expect(created.code).toBe(0);
    expect(existsSync(file)).toBe(true);

    // A Cadre database now: no flag needed.
    const issued = await platform({ DATA_DIR: dataDir }, 'registration-url');
    expect(issued.out).toMatch(/Tool URL for LTI Dynamic Registration .*\n {2}http:\/\/localhost:3000\/lti\/register\?token=/);
    expect(issued.code).toBe(0);
  });

  it('npm run staff stops the same way, and works on the database once it is Cadre’s', async () => {
    const dataDir = path.join(dir, 'staff-data');
    const refused = await staff({ DATA_DIR: dataDir }, 'list');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`No Cadre database at ${path.join(dataDir, 'cadre.sqlite')} (nothing was created there).`);
    expect(existsSync(dataDir)).toBe(false);
    expect((await platform({ DATA_DIR: dataDir }, 'list', '--create-database')).code).toBe(0);
    expect((await staff({ DATA_DIR: dataDir }, 'list')).code).toBe(0);
  });

  it('leaves an existing SQLite file that is not a Cadre database as it was', async () => {
    const file = path.join(dir, 'other.sqlite');
    writeFileSync(file, '');
    const refused = await platform({ DATABASE_URL: `sqlite:${file}`, DATA_DIR: dir }, 'list');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`No Cadre database at ${file}`);
    expect(statSync(file).size).toBe(0);
  });

  describe.runIf(postgresAvailable('platform CLI'))('on PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => database?.drop());

    it('refuses an empty database, its password never printed, and sets it up with --create-database', async () => {
      const url = new URL(database.url);
      url.password = 'not-to-be-printed';
      const env = { DATABASE_URL: url.toString(), DATA_DIR: dir };
      const refused = await platform(env, 'list');
      expect(refused.code).toBe(1);
      expect(refused.out).toContain(`No Cadre database at postgres://`);
      expect(refused.out).toContain(url.pathname);
      expect(refused.out).not.toContain('not-to-be-printed');

      expect((await platform(env, 'list', '--create-database')).code).toBe(0);
      const listed = await platform(env, 'list');
      expect(listed.out).toContain('No platform registered.');
      expect(listed.code).toBe(0);
    });
  });
});
