import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LtijsCollection, LtijsDatabasePlugin, LtijsDocument } from 'ltijs';
import type { Clock } from '../server/clock.js';
import type { Database } from '../server/storage/schema.js';
import { verifiedLaunchKey } from './guard.js';

/**
 * The ltijs database plugin over our Kysely storage (SQLite or PostgreSQL): ltijs opens no
 * mongoose connection. ltijs speaks in Mongo-style collections and documents; each collection is
 * mapped to a table here. Documents ltijs asks to encrypt (tool private keys, access tokens) are
 * sealed with AES-256-GCM under a key derived from the secret ltijs passes along.
 *
 * Queries ltijs makes (5.9.9), which is all this supports: equality on the fields listed per
 * collection below, or no query at all (every public key, for the JWKS).
 */

type Row = Record<string, unknown>;
type Db = Kysely<Database>;

export interface SealedDocument {
  iv: string;
  data: string;
}

function keyFrom(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Seals a document for storage (what ltijs calls encryption). */
export function seal(secret: string, document: unknown): SealedDocument {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('hex'), data: data.toString('base64') };
}

export function unseal<T = LtijsDocument>(secret: string, sealed: SealedDocument): T {
  const raw = Buffer.from(sealed.data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), Buffer.from(sealed.iv, 'hex'));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const text = Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as T;
}

const PLATFORM_FIELDS: Record<string, string> = {
  platformUrl: 'issuer',
  clientId: 'client_id',
  platformName: 'name',
  authEndpoint: 'auth_endpoint',
  accesstokenEndpoint: 'token_endpoint',
  authorizationServer: 'authorization_server',
  kid: 'id',
  authConfig: 'auth_config',
};

function platformColumns(fields: LtijsDocument): Row {
  const row: Row = {};
  for (const [field, value] of Object.entries(fields)) {
    const column = PLATFORM_FIELDS[field];
    if (!column || value === undefined) continue;
    row[column] = field === 'authConfig' ? JSON.stringify(value) : value;
  }
  return row;
}

function platformDocument(row: Database['platforms']): LtijsDocument {
  return {
    platformName: row.name,
    platformUrl: row.issuer,
    clientId: row.client_id,
    authEndpoint: row.auth_endpoint,
    accesstokenEndpoint: row.token_endpoint,
    authorizationServer: row.authorization_server ?? undefined,
    kid: row.id,
    authConfig: JSON.parse(row.auth_config) as unknown,
  };
}

/** Field → column maps of the collections stored as columns + one JSON or sealed `data` column. */
const KEY_FIELDS = { kid: 'kid', platformUrl: 'platform_url', clientId: 'client_id' };
const ACCESS_TOKEN_FIELDS = { platformUrl: 'platform_url', clientId: 'client_id', scopes: 'scopes' };
const ID_TOKEN_FIELDS = { iss: 'iss', clientId: 'client_id', deploymentId: 'deployment_id', user: 'user_id' };
const CONTEXT_TOKEN_FIELDS = { contextId: 'context_id', user: 'user_id' };

function mapQuery(query: LtijsDocument | undefined, fields: Record<string, string>, collection: string): Row {
  const row: Row = {};
  for (const [field, value] of Object.entries(query ?? {})) {
    const column = fields[field];
    if (!column) throw new Error(`ltijs database: unsupported query field ${collection}.${field}`);
    row[column] = value;
  }
  return row;
}

export interface LtijsDatabase extends LtijsDatabasePlugin {
  /** Removes what ltijs would let expire (Mongo TTL indexes): nonces, states, tokens. */
  purgeExpired(): Promise<void>;
}

/** Builds the plugin. `clock` stamps rows; `secret` is only used by seal/unseal callers. */
export function createLtijsDatabase(db: Db, clock: Clock): LtijsDatabase {
  const now = () => clock.now().toISOString();

  // A tiny "where all equal" helper over dynamic column names.
  function whereAll<Q extends { where: (...args: never[]) => Q }>(q: Q, conditions: Row): Q {
    let out = q;
    for (const [column, value] of Object.entries(conditions)) {
      out = (out.where as unknown as (c: string, op: string, v: unknown) => Q)(column, '=', value);
    }
    return out;
  }

  async function get(encryptionKey: string | false, collection: LtijsCollection, query?: LtijsDocument): Promise<LtijsDocument[]> {
    switch (collection) {
      case 'platform': {
        const rows = await whereAll(db.selectFrom('platforms').selectAll(), mapQuery(query, PLATFORM_FIELDS, collection)).execute();
        const verified = verifiedLaunchKey.getStore();
        return rows.map((row) => {
          const doc = platformDocument(row);
          // Within a launch the guard verified: the key it used (see verifiedLaunchKey).
          return verified?.platformId === row.id ? { ...doc, authConfig: { method: 'RSA_KEY', key: verified.key } } : doc;
        });
      }
      case 'platformStatus': {
        const rows = await whereAll(db.selectFrom('platforms').select(['id', 'active']), mapQuery(query, { id: 'id' }, collection)).execute();
        return rows.map((r) => ({ id: r.id, active: Number(r.active) === 1 }));
      }
      case 'publickey':
      case 'privatekey': {
        const rows = await whereAll(db.selectFrom('ltijs_keys').selectAll().where('kind', '=', collection), mapQuery(query, KEY_FIELDS, collection)).execute();
        return rows.map((r) =>
          encryptionKey ? unseal(encryptionKey, r) : { kid: r.kid, platformUrl: r.platform_url, clientId: r.client_id, iv: r.iv, data: r.data },
        );
      }
      case 'accesstoken': {
        const rows = await whereAll(db.selectFrom('ltijs_access_tokens').selectAll(), mapQuery(query, ACCESS_TOKEN_FIELDS, collection)).execute();
        return rows.map((r) => ({ ...(encryptionKey ? unseal(encryptionKey, r) : { iv: r.iv, data: r.data }), createdAt: Date.parse(r.created_at) }));
      }
      case 'nonce': {
        const rows = await whereAll(db.selectFrom('ltijs_nonces').selectAll(), mapQuery(query, { nonce: 'nonce' }, collection)).execute();
        return rows.map((r) => ({ nonce: r.nonce }));
      }
      case 'state': {
        const rows = await whereAll(db.selectFrom('ltijs_states').selectAll(), mapQuery(query, { state: 'state' }, collection)).execute();
        return rows.map((r) => ({ state: r.state, query: JSON.parse(r.query) as unknown }));
      }
      case 'idtoken': {
        const rows = await whereAll(db.selectFrom('ltijs_id_tokens').select('data'), mapQuery(query, ID_TOKEN_FIELDS, collection)).execute();
        return rows.map((r) => JSON.parse(r.data) as LtijsDocument);
      }
      case 'contexttoken': {
        const rows = await whereAll(db.selectFrom('ltijs_context_tokens').select('data'), mapQuery(query, CONTEXT_TOKEN_FIELDS, collection)).execute();
        return rows.map((r) => JSON.parse(r.data) as LtijsDocument);
      }
      default:
        throw new Error(`ltijs database: unknown collection ${String(collection)}`);
    }
  }

  /** Inserts (or, with `replace`, replaces whatever matches `query`) one document. */
  async function put(
    encryptionKey: string | false,
    collection: LtijsCollection,
    item: LtijsDocument,
    index: LtijsDocument | undefined,
    replace: LtijsDocument | undefined,
  ): Promise<void> {
    const stamp = now();
    const sealed = (): SealedDocument => {
      if (!encryptionKey) throw new Error(`ltijs database: ${collection} documents are stored sealed`);
      return seal(encryptionKey, item);
    };
    switch (collection) {
      case 'platform': {
        const columns = platformColumns(item);
        const existing = replace && (await whereAll(db.selectFrom('platforms').select('id'), mapQuery(replace, PLATFORM_FIELDS, collection)).executeTakeFirst());
        if (existing) {
          await db.updateTable('platforms').set({ ...columns, updated_at: stamp }).where('id', '=', existing.id).execute();
        } else {
          await db
            .insertInto('platforms')
            .values({
              ...(columns as Pick<Database['platforms'], 'id' | 'issuer' | 'client_id' | 'name' | 'auth_endpoint' | 'token_endpoint' | 'auth_config'>),
              active: 0,
              accept_new_deployments: 0,
              registered_by: 'ltijs',
              created_at: stamp,
              updated_at: stamp,
            })
            .execute();
        }
        return;
      }
      case 'platformStatus':
        await db.updateTable('platforms').set({ active: item.active ? 1 : 0, updated_at: stamp }).where('id', '=', String(item.id)).execute();
        return;
      case 'publickey':
      case 'privatekey': {
        const idx = { ...(index ?? {}) };
        const row = { kind: collection, kid: String(idx.kid), platform_url: String(idx.platformUrl), client_id: String(idx.clientId), ...sealed() };
        await db.transaction().execute(async (tx) => {
          if (replace) await whereAll(tx.deleteFrom('ltijs_keys').where('kind', '=', collection), mapQuery(replace, KEY_FIELDS, collection)).execute();
          await tx.insertInto('ltijs_keys').values(row).execute();
        });
        return;
      }
      case 'accesstoken': {
        const idx = index ?? {};
        const row = { platform_url: String(idx.platformUrl), client_id: String(idx.clientId), scopes: String(idx.scopes), ...sealed(), created_at: stamp };
        await db
          .insertInto('ltijs_access_tokens')
          .values(row)
          .onConflict((oc) => oc.columns(['platform_url', 'client_id', 'scopes']).doUpdateSet({ iv: row.iv, data: row.data, created_at: stamp }))
          .execute();
        return;
      }
      case 'nonce':
        await db.insertInto('ltijs_nonces').values({ nonce: String(item.nonce), created_at: stamp }).execute();
        return;
      case 'state':
        await db.insertInto('ltijs_states').values({ state: String(item.state), query: JSON.stringify(item.query ?? {}), created_at: stamp }).execute();
        return;
      case 'idtoken': {
        const row = { iss: String(item.iss), client_id: String(item.clientId), deployment_id: String(item.deploymentId), user_id: String(item.user), data: JSON.stringify(item), created_at: stamp };
        await db
          .insertInto('ltijs_id_tokens')
          .values(row)
          .onConflict((oc) => oc.columns(['iss', 'client_id', 'deployment_id', 'user_id']).doUpdateSet({ data: row.data, created_at: stamp }))
          .execute();
        return;
      }
      case 'contexttoken': {
        const row = { context_id: String(item.contextId), user_id: String(item.user), data: JSON.stringify(item), created_at: stamp };
        await db
          .insertInto('ltijs_context_tokens')
          .values(row)
          .onConflict((oc) => oc.columns(['context_id', 'user_id']).doUpdateSet({ data: row.data, created_at: stamp }))
          .execute();
        return;
      }
      default:
        throw new Error(`ltijs database: unknown collection ${String(collection)}`);
    }
  }

  return {
    async setup() {
      return true;
    },
    async Close() {
      return true; // the storage owns the connection
    },
    async Get(encryptionKey, collection, query) {
      if (!collection) throw new Error('MISSING_COLLECTION');
      const docs = await get(encryptionKey, collection, query);
      return docs.length ? docs : false;
    },
    async Insert(encryptionKey, collection, item, index) {
      if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
      await put(encryptionKey, collection, item, index, undefined);
      return true;
    },
    async Replace(encryptionKey, collection, query, item, index) {
      if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
      await put(encryptionKey, collection, item, index, query);
      return true;
    },
    async Modify(encryptionKey, collection, query, modification) {
      if (!collection || !query || !modification) throw new Error('MISSING_PARAMS');
      if (encryptionKey) throw new Error('ltijs database: sealed documents are replaced, not modified');
      const stamp = now();
      switch (collection) {
        case 'platform':
          await whereAll(db.updateTable('platforms').set({ ...platformColumns(modification), updated_at: stamp }), mapQuery(query, PLATFORM_FIELDS, collection)).execute();
          return true;
        case 'publickey':
        case 'privatekey':
          await whereAll(
            db.updateTable('ltijs_keys').set(mapQuery(modification, KEY_FIELDS, collection)).where('kind', '=', collection),
            mapQuery(query, KEY_FIELDS, collection),
          ).execute();
          return true;
        case 'contexttoken':
        case 'idtoken': {
          const [table, fields] = collection === 'contexttoken' ? (['ltijs_context_tokens', CONTEXT_TOKEN_FIELDS] as const) : (['ltijs_id_tokens', ID_TOKEN_FIELDS] as const);
          const rows = await whereAll(db.selectFrom(table).select('data'), mapQuery(query, fields, collection)).execute();
          for (const row of rows) {
            const merged = { ...(JSON.parse(row.data) as LtijsDocument), ...modification };
            await whereAll(db.updateTable(table).set({ data: JSON.stringify(merged) }), mapQuery(query, fields, collection)).execute();
          }
          return true;
        }
        default:
          throw new Error(`ltijs database: ${collection} is not modified by ltijs`);
      }
    },
    async Delete(collection, query) {
      if (!collection || !query) throw new Error('MISSING_PARAMS');
      switch (collection) {
        case 'platform':
          await whereAll(db.deleteFrom('platforms'), mapQuery(query, PLATFORM_FIELDS, collection)).execute();
          return true;
        case 'platformStatus':
          return true; // the status is a column of the platform row
        case 'publickey':
        case 'privatekey':
          await whereAll(db.deleteFrom('ltijs_keys').where('kind', '=', collection), mapQuery(query, KEY_FIELDS, collection)).execute();
          return true;
        case 'accesstoken':
          await whereAll(db.deleteFrom('ltijs_access_tokens'), mapQuery(query, ACCESS_TOKEN_FIELDS, collection)).execute();
          return true;
        case 'nonce':
          await whereAll(db.deleteFrom('ltijs_nonces'), mapQuery(query, { nonce: 'nonce' }, collection)).execute();
          return true;
        case 'state':
          await whereAll(db.deleteFrom('ltijs_states'), mapQuery(query, { state: 'state' }, collection)).execute();
          return true;
        case 'idtoken':
          await whereAll(db.deleteFrom('ltijs_id_tokens'), mapQuery(query, ID_TOKEN_FIELDS, collection)).execute();
          return true;
        case 'contexttoken':
          await whereAll(db.deleteFrom('ltijs_context_tokens'), mapQuery(query, CONTEXT_TOKEN_FIELDS, collection)).execute();
          return true;
        default:
          throw new Error(`ltijs database: unknown collection ${String(collection)}`);
      }
    },
    async purgeExpired() {
      const ago = (seconds: number) => new Date(clock.now().getTime() - seconds * 1000).toISOString();
      await db.deleteFrom('ltijs_nonces').where('created_at', '<', ago(600)).execute();
      await db.deleteFrom('ltijs_states').where('created_at', '<', ago(600)).execute();
      await db.deleteFrom('lti_logins').where('created_at', '<', ago(600)).execute();
      await db.deleteFrom('ltijs_access_tokens').where('created_at', '<', ago(3600)).execute();
      await db.deleteFrom('ltijs_id_tokens').where('created_at', '<', ago(24 * 3600)).execute();
      await db.deleteFrom('ltijs_context_tokens').where('created_at', '<', ago(24 * 3600)).execute();
      await db.deleteFrom('lti_sessions').where('expires_at', '<', clock.now().toISOString()).execute();
    },
  };
}
