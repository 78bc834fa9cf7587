import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../../support/lti/cadre.js';

// The tool's JWKS (/lti/keys) when one stored key cannot be opened (sealed under another
// CADRE_SECRET, or a damaged row): the other platforms must still verify Cadre's signatures.
describe('tool JWKS with an unreadable key', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  const register = (name: string) =>
    world.cadre.lti.platforms.register({
      issuer: `https://${name}.example.org`,
      clientId: `client-${name}`,
      name,
      authEndpoint: `https://${name}.example.org/auth`,
      tokenEndpoint: `https://${name}.example.org/token`,
      jwksUri: `https://${name}.example.org/jwks`,
      deploymentIds: ['d1'],
      active: true,
      acceptNewDeployments: false,
      registeredBy: 'manual',
    });
  const jwks = async () => {
    const res = await fetch(`${world.cadre.url}/lti/keys`);
    return { status: res.status, kids: ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid) };
  };

  it('serves the readable keys and leaves the damaged one out', async () => {
    const good = await register('moodle');
    const damaged = await register('canvas');
    const db = world.cadre.storage.db as unknown as Kysely<Record<string, Record<string, string>>>;
    // Sealed under another secret: the GCM tag no longer matches.
    await sql`update lti_tool_keys set public_data = ${Buffer.alloc(64, 7).toString('base64')} where kid = ${damaged.id}`.execute(db);

    expect(await jwks()).toEqual({ status: 200, kids: [good.id] });
  });
});
