import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Clock } from '../server/clock.js';
import type { Database, PlatformsTable } from '../server/storage/schema.js';
import { seal } from './ltijs-database.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export type RegisteredBy = 'dynamic' | 'manual' | 'canvas';

export interface Platform {
  id: string;
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  authorizationServer: string | null;
  /** Where the platform's public keys are: a JWKS URL (usual) or one key. */
  authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
  active: boolean;
  acceptNewDeployments: boolean;
  registeredBy: RegisteredBy;
  createdAt: Date;
}

export interface NewPlatform {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  authorizationServer?: string | undefined;
  jwksUri: string;
  deploymentIds: string[];
  active: boolean;
  acceptNewDeployments: boolean;
  registeredBy: RegisteredBy;
}

function toPlatform(row: PlatformsTable): Platform {
  return {
    id: row.id,
    issuer: row.issuer,
    clientId: row.client_id,
    name: row.name,
    authEndpoint: row.auth_endpoint,
    tokenEndpoint: row.token_endpoint,
    authorizationServer: row.authorization_server,
    authConfig: JSON.parse(row.auth_config) as Platform['authConfig'],
    active: Number(row.active) === 1,
    acceptNewDeployments: Number(row.accept_new_deployments) === 1,
    registeredBy: row.registered_by as RegisteredBy,
    createdAt: new Date(row.created_at),
  };
}

/**
 * A tool key pair for one platform, generated on libuv's thread pool: a serving process never
 * blocks its event loop on RSA key generation (ltijs would, with generateKeyPairSync 4096).
 */
export async function generateToolKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Platforms and deployments: registration, lookups for launches, the admin command. */
export class PlatformDirectory {
  private origins: string[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly secret: string,
  ) {}

  /**
   * Registers a platform with a fresh tool key pair (sealed like ltijs's), and its deployments.
   * Fails if the (issuer, client_id) pair is already registered.
   */
  async register(input: NewPlatform): Promise<Platform> {
    const keys = await generateToolKeyPair();
    const id = randomBytes(16).toString('hex');
    const stamp = this.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('platforms')
        .values({
          id,
          issuer: input.issuer,
          client_id: input.clientId,
          name: input.name,
          auth_endpoint: input.authEndpoint,
          token_endpoint: input.tokenEndpoint,
          authorization_server: input.authorizationServer ?? null,
          auth_config: JSON.stringify({ method: 'JWK_SET', key: input.jwksUri }),
          active: input.active ? 1 : 0,
          accept_new_deployments: input.acceptNewDeployments ? 1 : 0,
          registered_by: input.registeredBy,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
      for (const [kind, key] of [
        ['publickey', keys.publicKey],
        ['privatekey', keys.privateKey],
      ] as const) {
        await tx
          .insertInto('ltijs_keys')
          .values({ kid: id, kind, platform_url: input.issuer, client_id: input.clientId, ...seal(this.secret, { key, kid: id }) })
          .execute();
      }
      for (const deploymentId of new Set(input.deploymentIds)) {
        await tx.insertInto('deployments').values({ platform_id: id, deployment_id: deploymentId, source: 'registration', created_at: stamp }).execute();
      }
    });
    await this.refreshOrigins();
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Platform | undefined> {
    const row = await this.db.selectFrom('platforms').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPlatform(row);
  }

  async find(issuer: string, clientId: string): Promise<Platform | undefined> {
    const row = await this.db.selectFrom('platforms').selectAll().where('issuer', '=', issuer).where('client_id', '=', clientId).executeTakeFirst();
    return row && toPlatform(row);
  }

  async list(): Promise<(Platform & { deployments: string[] })[]> {
    const rows = await this.db.selectFrom('platforms').selectAll().orderBy('created_at').execute();
    const deployments = await this.db.selectFrom('deployments').select(['platform_id', 'deployment_id']).execute();
    return rows.map((row) => ({
      ...toPlatform(row),
      deployments: deployments.filter((d) => d.platform_id === row.id).map((d) => d.deployment_id),
    }));
  }

  async setActive(id: string, active: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('platforms')
      .set({ active: active ? 1 : 0, updated_at: this.clock.now().toISOString() })
      .where('id', '=', id)
      .executeTakeFirst();
    await this.refreshOrigins();
    return Number(result.numUpdatedRows) > 0;
  }

  async setAcceptNewDeployments(id: string, accept: boolean): Promise<void> {
    await this.db.updateTable('platforms').set({ accept_new_deployments: accept ? 1 : 0, updated_at: this.clock.now().toISOString() }).where('id', '=', id).execute();
  }

  /** Removes a platform, its keys, deployments and (by cascade) its courses' data. */
  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('platforms').where('id', '=', id).executeTakeFirst();
    await this.db.deleteFrom('ltijs_keys').where('kid', '=', id).execute();
    await this.refreshOrigins();
    return Number(result.numDeletedRows) > 0;
  }

  async addDeployment(platformId: string, deploymentId: string, source: 'manual' | 'first-launch' | 'registration'): Promise<void> {
    await this.db
      .insertInto('deployments')
      .values({ platform_id: platformId, deployment_id: deploymentId, source, created_at: this.clock.now().toISOString() })
      .onConflict((oc) => oc.columns(['platform_id', 'deployment_id']).doNothing())
      .execute();
  }

  async hasDeployment(platformId: string, deploymentId: string): Promise<boolean> {
    const row = await this.db.selectFrom('deployments').select('deployment_id').where('platform_id', '=', platformId).where('deployment_id', '=', deploymentId).executeTakeFirst();
    return row !== undefined;
  }

  /** Origins of active platforms, for CSP frame-ancestors (kept in memory, refreshed on change). */
  frameAncestors(): readonly string[] {
    return this.origins;
  }

  async refreshOrigins(): Promise<void> {
    const rows = await this.db.selectFrom('platforms').select('issuer').where('active', '=', 1).execute();
    const origins = new Set<string>();
    for (const { issuer } of rows) {
      try {
        origins.add(new URL(issuer).origin);
      } catch {
        // an issuer that is not a URL cannot frame us
      }
    }
    this.origins = [...origins];
  }
}
