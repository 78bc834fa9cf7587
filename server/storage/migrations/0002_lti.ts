import type { Kysely } from 'kysely';

// LTI 1.3: registered platforms and their deployments; the LMS users, courses (contexts) and
// certification activities (resource links) launches bring in; our launch sessions; and the
// collections ltijs keeps through its database plugin (lti/ltijs-database.ts). Portable column
// types only (see server/storage/schema.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('platforms')
    .addColumn('id', 'text', (c) => c.primaryKey()) // ltijs calls it kid: it names the tool key pair too
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('auth_endpoint', 'text', (c) => c.notNull())
    .addColumn('token_endpoint', 'text', (c) => c.notNull())
    .addColumn('authorization_server', 'text')
    .addColumn('auth_config', 'text', (c) => c.notNull()) // JSON {method, key}
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accept_new_deployments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registered_by', 'text', (c) => c.notNull()) // dynamic | manual | canvas
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('platforms_issuer_client', ['issuer', 'client_id'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id').onDelete('cascade'))
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // registration | manual | first-launch
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployments_pk', ['platform_id', 'deployment_id'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('users_issuer_subject', ['issuer', 'subject'])
    .execute();

  await db.schema
    .createTable('contexts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id').onDelete('cascade'))
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('lms_context_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('title', 'text')
    .addColumn('nrps_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('contexts_platform_context', ['platform_id', 'lms_context_id'])
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('context_id', 'text', (c) => c.notNull().references('contexts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull()) // candidate | instructor | admin
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['context_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('context_id', 'text', (c) => c.notNull().references('contexts.id').onDelete('cascade'))
    .addColumn('resource_link_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('language', 'text')
    .addColumn('target_level', 'text')
    .addColumn('oral_required', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('available_from', 'text')
    .addColumn('available_until', 'text')
    .addColumn('accommodations', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ags', 'text') // JSON {lineitems, lineitem, scope}: where grades go
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('activities_context_link', ['context_id', 'resource_link_id'])
    .execute();

  await db.schema
    .createTable('lti_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('context_id', 'text', (c) => c.notNull().references('contexts.id').onDelete('cascade'))
    .addColumn('activity_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('message_type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull()) // JSON: what later pages need from the launch
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // The state → nonce binding of each OIDC login (the launch guard's, single use).
  await db.schema
    .createTable('lti_logins')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Line items found or created at the platform, per activity and tag (overall, vocabulary, …).
  await db.schema
    .createTable('lti_line_items')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_line_items_pk', ['activity_id', 'tag'])
    .execute();

  // ltijs collections (see lti/ltijs-database.ts).
  await db.schema
    .createTable('ltijs_keys')
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // publickey | privatekey
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'ltijs_context_tokens',
    'ltijs_id_tokens',
    'ltijs_states',
    'ltijs_nonces',
    'ltijs_access_tokens',
    'ltijs_keys',
    'lti_line_items',
    'lti_logins',
    'lti_sessions',
    'activities',
    'memberships',
    'contexts',
    'users',
    'deployments',
    'platforms',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
