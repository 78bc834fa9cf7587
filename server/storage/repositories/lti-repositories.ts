import type { Kysely, Selectable } from 'kysely';
import type { Database, LtiToolKeysTable, PlatformsTable } from '../schema.js';
import { toDate, toText } from '../rows.js';

/**
 * The LTI 1.3 protocol's records (migrations 0002_lti and 0012_lti_tool_keys): registered
 * platforms and their deployments, the tool key pairs, the OIDC logins (state bound to nonce) and
 * the service access tokens. Keys and tokens arrive and leave sealed: sealing is lti/'s business
 * (it holds the secret), storage keeps the sealed documents.
 */

export type RegisteredBy = 'dynamic' | 'manual' | 'canvas';

export interface Platform {
  /** Also the kid of the tool key pair made at registration. */
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

export type NewPlatformRecord = Omit<Platform, 'createdAt'>;

/** A document sealed with AES-256-GCM (lti/sealing.ts). */
export interface SealedDocument {
  iv: string;
  data: string;
}

export interface ToolKey {
  kid: string;
  platformId: string;
  publicKey: SealedDocument;
  privateKey: SealedDocument;
  createdAt: Date;
}

export type DeploymentSource = 'registration' | 'manual' | 'first-launch';

export interface LtiPlatformRepository {
  /** The platform, its tool key pair and its deployments, in one transaction. */
  register(platform: NewPlatformRecord, key: Omit<ToolKey, 'platformId' | 'createdAt'>, deploymentIds: readonly string[], now: Date): Promise<void>;
  get(id: string): Promise<Platform | undefined>;
  find(issuer: string, clientId: string): Promise<Platform | undefined>;
  /** What a launch's id_token POST needs, in one query: the platform and whether it has the deployment. */
  findForLaunch(issuer: string, clientId: string, deploymentId: string): Promise<(Platform & { hasDeployment: boolean }) | undefined>;
  /** Every registration of an issuer (an OIDC login may name no client_id). */
  findByIssuer(issuer: string): Promise<Platform[]>;
  list(): Promise<(Platform & { deployments: string[] })[]>;
  /** Activates or deactivates the platform; deactivating also ends its launch sessions (same transaction). */
  setActive(id: string, active: boolean, now: Date): Promise<boolean>;
  setAcceptNewDeployments(id: string, accept: boolean, now: Date): Promise<void>;
  /** Removes the platform with (by cascade) its keys, tokens, deployments and course data. */
  remove(id: string): Promise<boolean>;
  addDeployment(platformId: string, deploymentId: string, source: DeploymentSource, now: Date): Promise<void>;
  hasDeployment(platformId: string, deploymentId: string): Promise<boolean>;
  activeIssuers(): Promise<string[]>;
}

export interface LtiToolKeyRepository {
  /** The platform's newest key pair: the one Cadre signs with. */
  current(platformId: string): Promise<ToolKey | undefined>;
  /** Every public key, for the tool's JWKS. */
  publicKeys(): Promise<{ kid: string; publicKey: SealedDocument }[]>;
}

export interface LtiLogin {
  state: string;
  nonce: string;
  issuer: string;
  createdAt: Date;
}

export interface LtiLoginRepository {
  record(login: Omit<LtiLogin, 'createdAt'>, now: Date): Promise<void>;
  /** Takes the login out (single use): the one caller that gets it back is the only one. */
  consume(state: string): Promise<LtiLogin | undefined>;
  purgeBefore(cutoff: Date): Promise<void>;
}

export interface LtiAccessTokenRepository {
  get(platformId: string, scopes: string): Promise<{ token: SealedDocument; createdAt: Date } | undefined>;
  put(platformId: string, scopes: string, token: SealedDocument, now: Date): Promise<void>;
  purgeBefore(cutoff: Date): Promise<void>;
}

/** The columns a Platform is read from, named (PostgreSQL prepares a statement once only if it names its columns). */
const PLATFORM_COLUMNS = [
  'platforms.id',
  'platforms.issuer',
  'platforms.client_id',
  'platforms.name',
  'platforms.auth_endpoint',
  'platforms.token_endpoint',
  'platforms.authorization_server',
  'platforms.auth_config',
  'platforms.active',
  'platforms.accept_new_deployments',
  'platforms.registered_by',
  'platforms.created_at',
] as const;

function toPlatform(row: Omit<Selectable<PlatformsTable>, 'updated_at'>): Platform {
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
    createdAt: toDate(row.created_at),
  };
}

function toToolKey(row: Selectable<LtiToolKeysTable>): ToolKey {
  return {
    kid: row.kid,
    platformId: row.platform_id,
    publicKey: { iv: row.public_iv, data: row.public_data },
    privateKey: { iv: row.private_iv, data: row.private_data },
    createdAt: toDate(row.created_at),
  };
}

export function ltiPlatformRepository(db: Kysely<Database>): LtiPlatformRepository {
  return {
    async register(platform, key, deploymentIds, now) {
      const stamp = toText(now);
      const write = async (tx: Kysely<Database>) => {
        await tx
          .insertInto('platforms')
          .values({
            id: platform.id,
            issuer: platform.issuer,
            client_id: platform.clientId,
            name: platform.name,
            auth_endpoint: platform.authEndpoint,
            token_endpoint: platform.tokenEndpoint,
            authorization_server: platform.authorizationServer,
            auth_config: JSON.stringify(platform.authConfig),
            active: platform.active ? 1 : 0,
            accept_new_deployments: platform.acceptNewDeployments ? 1 : 0,
            registered_by: platform.registeredBy,
            created_at: stamp,
            updated_at: stamp,
          })
          .execute();
        await tx
          .insertInto('lti_tool_keys')
          .values({
            kid: key.kid,
            platform_id: platform.id,
            public_iv: key.publicKey.iv,
            public_data: key.publicKey.data,
            private_iv: key.privateKey.iv,
            private_data: key.privateKey.data,
            created_at: stamp,
          })
          .execute();
        for (const deploymentId of new Set(deploymentIds)) {
          await tx
            .insertInto('deployments')
            .values({ platform_id: platform.id, deployment_id: deploymentId, source: 'registration', created_at: stamp })
            .execute();
        }
      };
      if (db.isTransaction) await write(db);
      else await db.transaction().execute(write);
    },
    async get(id) {
      const row = await db.selectFrom('platforms').select(PLATFORM_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toPlatform(row);
    },
    async find(issuer, clientId) {
      const row = await db.selectFrom('platforms').select(PLATFORM_COLUMNS).where('issuer', '=', issuer).where('client_id', '=', clientId).executeTakeFirst();
      return row && toPlatform(row);
    },
    async findForLaunch(issuer, clientId, deploymentId) {
      const row = await db
        .selectFrom('platforms')
        .leftJoin('deployments', (join) => join.onRef('deployments.platform_id', '=', 'platforms.id').on('deployments.deployment_id', '=', deploymentId))
        .select(PLATFORM_COLUMNS)
        .select('deployments.deployment_id')
        .where('platforms.issuer', '=', issuer)
        .where('platforms.client_id', '=', clientId)
        .executeTakeFirst();
      return row && { ...toPlatform(row), hasDeployment: row.deployment_id !== null };
    },
    async findByIssuer(issuer) {
      const rows = await db.selectFrom('platforms').select(PLATFORM_COLUMNS).where('issuer', '=', issuer).orderBy('created_at').orderBy('id').execute();
      return rows.map(toPlatform);
    },
    async list() {
      const rows = await db.selectFrom('platforms').selectAll().orderBy('created_at').orderBy('id').execute();
      const deployments = await db.selectFrom('deployments').select(['platform_id', 'deployment_id']).orderBy('created_at').orderBy('deployment_id').execute();
      return rows.map((row) => ({
        ...toPlatform(row),
        deployments: deployments.filter((d) => d.platform_id === row.id).map((d) => d.deployment_id),
      }));
    },
    async setActive(id, active, now) {
      const write = async (tx: Kysely<Database>) => {
        const result = await tx
          .updateTable('platforms')
          .set({ active: active ? 1 : 0, updated_at: toText(now) })
          .where('id', '=', id)
          .executeTakeFirst();
        // A platform Cadre no longer trusts keeps no one signed in: its open launch sessions end.
        if (!active) {
          await tx
            .deleteFrom('lti_sessions')
            .where('context_id', 'in', tx.selectFrom('contexts').select('id').where('platform_id', '=', id))
            .execute();
        }
        return Number(result.numUpdatedRows) > 0;
      };
      return db.isTransaction ? write(db) : db.transaction().execute(write);
    },
    async setAcceptNewDeployments(id, accept, now) {
      await db
        .updateTable('platforms')
        .set({ accept_new_deployments: accept ? 1 : 0, updated_at: toText(now) })
        .where('id', '=', id)
        .execute();
    },
    async remove(id) {
      const result = await db.deleteFrom('platforms').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async addDeployment(platformId, deploymentId, source, now) {
      await db
        .insertInto('deployments')
        .values({ platform_id: platformId, deployment_id: deploymentId, source, created_at: toText(now) })
        .onConflict((oc) => oc.columns(['platform_id', 'deployment_id']).doNothing())
        .execute();
    },
    async hasDeployment(platformId, deploymentId) {
      const row = await db
        .selectFrom('deployments')
        .select('deployment_id')
        .where('platform_id', '=', platformId)
        .where('deployment_id', '=', deploymentId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async activeIssuers() {
      const rows = await db.selectFrom('platforms').select('issuer').where('active', '=', 1).execute();
      return rows.map((r) => r.issuer);
    },
  };
}

export function ltiToolKeyRepository(db: Kysely<Database>): LtiToolKeyRepository {
  return {
    async current(platformId) {
      const row = await db
        .selectFrom('lti_tool_keys')
        .selectAll()
        .where('platform_id', '=', platformId)
        .orderBy('created_at', 'desc')
        .orderBy('kid', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toToolKey(row);
    },
    async publicKeys() {
      const rows = await db.selectFrom('lti_tool_keys').select(['kid', 'public_iv', 'public_data']).orderBy('created_at').orderBy('kid').execute();
      return rows.map((r) => ({ kid: r.kid, publicKey: { iv: r.public_iv, data: r.public_data } }));
    },
  };
}

export function ltiLoginRepository(db: Kysely<Database>): LtiLoginRepository {
  return {
    async record(login, now) {
      await db
        .insertInto('lti_logins')
        .values({ state: login.state, nonce: login.nonce, issuer: login.issuer, created_at: toText(now) })
        .execute();
    },
    async consume(state) {
      const row = await db.deleteFrom('lti_logins').where('state', '=', state).returning(['state', 'nonce', 'issuer', 'created_at']).executeTakeFirst();
      return row && { state: row.state, nonce: row.nonce, issuer: row.issuer, createdAt: toDate(row.created_at) };
    },
    async purgeBefore(cutoff) {
      await db.deleteFrom('lti_logins').where('created_at', '<', toText(cutoff)).execute();
    },
  };
}

export function ltiAccessTokenRepository(db: Kysely<Database>): LtiAccessTokenRepository {
  return {
    async get(platformId, scopes) {
      const row = await db
        .selectFrom('lti_access_tokens')
        .select(['iv', 'data', 'created_at'])
        .where('platform_id', '=', platformId)
        .where('scopes', '=', scopes)
        .executeTakeFirst();
      return row && { token: { iv: row.iv, data: row.data }, createdAt: toDate(row.created_at) };
    },
    async put(platformId, scopes, token, now) {
      const stamp = toText(now);
      await db
        .insertInto('lti_access_tokens')
        .values({ platform_id: platformId, scopes, iv: token.iv, data: token.data, created_at: stamp })
        .onConflict((oc) => oc.columns(['platform_id', 'scopes']).doUpdateSet({ iv: token.iv, data: token.data, created_at: stamp }))
        .execute();
    },
    async purgeBefore(cutoff) {
      await db.deleteFrom('lti_access_tokens').where('created_at', '<', toText(cutoff)).execute();
    },
  };
}
