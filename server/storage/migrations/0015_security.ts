import type { Kysely } from 'kysely';

// Issue 16. One-time tokens (only their SHA-256 is stored): the exam window's hand-off of a launch
// session ('exam-handoff', subject = the session id) and the LTI dynamic registration URL a Cadre
// admin issues ('lti-registration', subject = who issued it). Proctoring heartbeats: one row per
// decoded monitoring frame the candidate's browser sent (the frame itself is not kept).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('one_time_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('one_time_tokens_expiry').on('one_time_tokens').column('expires_at').execute();

  await db.schema
    .createTable('proctoring_heartbeats')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sitting_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proctoring_heartbeats_sitting').on('proctoring_heartbeats').columns(['sitting_id', 'received_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('proctoring_heartbeats').execute();
  await db.schema.dropTable('one_time_tokens').execute();
}
