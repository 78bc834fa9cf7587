import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../server/storage/migrations/index.js';
import { postgresAvailable } from '../../support/postgres.js';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// An LMS registered while Cadre ran on ltijs keeps working after the upgrade (migration 0012):
// the database is taken back to its ltijs-era shape (the tool key pair as ltijs's sealed
// `publickey`/`privatekey` documents, the access token in ltijs's collection), Cadre restarts on
// it, and the LMS, which cached the tool's JWKS before, still verifies what Cadre signs.
for (const postgres of [false, true]) {
  const name = postgres ? 'PostgreSQL' : 'SQLite';
  describe.runIf(!postgres || postgresAvailable(`LTI upgrade on ${name}`))(`LTI upgrade from ltijs's tables (${name})`, () => {
    let world: World;
    let clientId: string;

    beforeAll(async () => {
      world = await startWorld({ postgres });
      clientId = (await registerDynamically(world)).tool.clientId;
      world.lms.emulator.addResourceLink('course-101', { id: 'rl-upgrade', title: 'Certification', clientId });
    });
    afterAll(async () => {
      await world?.close();
    });

    const passGrades = async (userId: string, stage: 'written' | 'validated') => {
      const db = world.cadre.storage.db;
      const activity = await db.selectFrom('activities').select('id').where('resource_link_id', '=', 'rl-upgrade').executeTakeFirstOrThrow();
      const user = await db.selectFrom('users').select('id').where('subject', '=', userId).executeTakeFirstOrThrow();
      const before = world.lms.emulator.scoreLog.length;
      await world.cadre.lti.queueGrades({
        activityId: activity.id,
        userId: user.id,
        stage,
        levels: { overall: 'B2', vocabulary: 'B2', grammar: 'B1', expressions: 'C1', reading: 'B2', listening: 'B1', oral: 'B2' },
      });
      await world.cadre.worker.drain();
      return world.lms.emulator.scoreLog.length - before;
    };
    const toolJwks = async () => (await (await fetch(`${world.cadre.url}/lti/keys`)).json()) as { keys: Record<string, string>[] };

    it('keeps the tool key pair (same kid, same key) and the access token, and launches and passes grades back after', async () => {
      expect(
        new URL((await launch(world, new Agent(), { clientId, userId: 'learner-1', contextId: 'course-101', resourceLinkId: 'rl-upgrade' })).url).pathname,
      ).toBe('/lti/home');
      expect(await passGrades('learner-1', 'written')).toBe(7);
      const [platform] = await world.cadre.lti.platforms.list();
      const jwksBefore = await toolJwks();
      expect(jwksBefore.keys).toEqual([expect.objectContaining({ kid: platform!.id, kty: 'RSA', alg: 'RS256', use: 'sig' })]);
      expect(jwksBefore.keys[0]).not.toHaveProperty('d');

      // Back to the ltijs-era schema: what ltijs's database plugin held for this platform.
      const db = world.cadre.storage.db as unknown as Kysely<Record<string, Record<string, string>>>;
      const down = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0010_accommodations');
      expect(down.error).toBeUndefined();
      const keys = await sql<{
        kind: string;
        kid: string;
        platform_url: string;
        client_id: string;
      }>`select kind, kid, platform_url, client_id from ltijs_keys order by kind`.execute(db);
      expect(keys.rows).toEqual([
        { kind: 'privatekey', kid: platform!.id, platform_url: world.lms.url, client_id: clientId },
        { kind: 'publickey', kid: platform!.id, platform_url: world.lms.url, client_id: clientId },
      ]);
      expect((await sql`select * from ltijs_access_tokens`.execute(db)).rows).toHaveLength(2); // line items, scores

      await world.restart(); // migrates up again: 0012 moves the rows
      expect(await toolJwks()).toEqual(jwksBefore);
      const moved = await world.cadre.storage.db.selectFrom('lti_access_tokens').select(['platform_id', 'scopes']).orderBy('scopes').execute();
      expect(moved).toEqual([
        { platform_id: platform!.id, scopes: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem' },
        { platform_id: platform!.id, scopes: 'https://purl.imsglobal.org/spec/lti-ags/scope/score' },
      ]);

      // The moved token serves until it expires; a new one takes a client assertion signed with
      // the moved private key, which the LMS checks against the JWKS it cached before the upgrade.
      expect(
        new URL((await launch(world, new Agent(), { clientId, userId: 'learner-2', contextId: 'course-101', resourceLinkId: 'rl-upgrade' })).url).pathname,
      ).toBe('/lti/home');
      expect(await passGrades('learner-2', 'written')).toBe(7);
      await world.cadre.storage.db.deleteFrom('lti_access_tokens').execute();
      await world.restart(); // and no token in hand either
      expect(await passGrades('learner-1', 'validated')).toBe(7);
    });
  });
}
