import { sql, type Kysely } from 'kysely';

// LTI without ltijs: the tool key pairs and the service access tokens get tables of their own,
// keyed by platform, and ltijs's emulated Mongo collections go. Existing rows MOVE: an installed
// LMS keeps the tool key (and kid) it registered, so its client assertions and deep linking
// responses still verify after the upgrade. Both halves of a key pair stay sealed exactly as ltijs
// sealed them (AES-256-GCM under the session secret): a migration does not hold the secret, so it
// copies the sealed documents as they are. ltijs's nonces, states, id tokens and context tokens
// are dropped: nothing reads them (the launch guard's login binding is lti_logins).
const LTIJS_TABLES = ['ltijs_context_tokens', 'ltijs_id_tokens', 'ltijs_states', 'ltijs_nonces', 'ltijs_access_tokens', 'ltijs_keys'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lti_tool_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id').onDelete('cascade'))
    .addColumn('public_iv', 'text', (c) => c.notNull())
    .addColumn('public_data', 'text', (c) => c.notNull()) // sealed {key: SPKI PEM, kid}
    .addColumn('private_iv', 'text', (c) => c.notNull())
    .addColumn('private_data', 'text', (c) => c.notNull()) // sealed {key: PKCS#8 or PKCS#1 PEM, kid}
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_tool_keys_platform').on('lti_tool_keys').columns(['platform_id', 'created_at']).execute();

  await db.schema
    .createTable('lti_access_tokens')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull()) // the scopes, sorted, space-separated
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull()) // sealed {token: {access_token, token_type, expires_in}}
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_access_tokens_pk', ['platform_id', 'scopes'])
    .execute();

  // A key pair is the public and private documents of one kid, for a platform still registered.
  await sql`
    insert into lti_tool_keys (kid, platform_id, public_iv, public_data, private_iv, private_data, created_at)
    select pub.kid, p.id, pub.iv, pub.data, priv.iv, priv.data, p.created_at
    from ltijs_keys pub
    join ltijs_keys priv on priv.kid = pub.kid and priv.kind = 'privatekey'
    join platforms p on p.issuer = pub.platform_url and p.client_id = pub.client_id
    where pub.kind = 'publickey'`.execute(db);
  await sql`
    insert into lti_access_tokens (platform_id, scopes, iv, data, created_at)
    select p.id, t.scopes, t.iv, t.data, t.created_at
    from ltijs_access_tokens t
    join platforms p on p.issuer = t.platform_url and p.client_id = t.client_id`.execute(db);

  for (const table of LTIJS_TABLES) await db.schema.dropTable(table).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Back to ltijs's collections, moving the key pairs and tokens back (the rest starts empty).
  await db.schema
    .createTable('ltijs_keys')
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('platform_url', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ltijs_keys_pk', ['kind', 'kid'])
    .execute();
  await db.schema
    .createTable('ltijs_access_tokens')
    .addColumn('platform_url', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ltijs_access_tokens_pk', ['platform_url', 'client_id', 'scopes'])
    .execute();
  await db.schema
    .createTable('ltijs_nonces')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ltijs_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ltijs_id_tokens')
    .addColumn('iss', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ltijs_id_tokens_pk', ['iss', 'client_id', 'deployment_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('ltijs_context_tokens')
    .addColumn('context_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ltijs_context_tokens_pk', ['context_id', 'user_id'])
    .execute();

  for (const [kind, prefix] of [
    ['publickey', 'public'],
    ['privatekey', 'private'],
  ] as const) {
    await sql`
      insert into ltijs_keys (kid, kind, platform_url, client_id, iv, data)
      select k.kid, ${kind}, p.issuer, p.client_id, ${sql.ref(`k.${prefix}_iv`)}, ${sql.ref(`k.${prefix}_data`)}
      from lti_tool_keys k join platforms p on p.id = k.platform_id`.execute(db);
  }
  await sql`
    insert into ltijs_access_tokens (platform_url, client_id, scopes, iv, data, created_at)
    select p.issuer, p.client_id, t.scopes, t.iv, t.data, t.created_at
    from lti_access_tokens t join platforms p on p.id = t.platform_id`.execute(db);
  await db.schema.dropTable('lti_access_tokens').execute();
  await db.schema.dropTable('lti_tool_keys').execute();
}
