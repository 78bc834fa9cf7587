import type { Kysely } from 'kysely';

// SCORM packages (scorm/): one row per package built for an activity, with the SHA-256 of its
// key (never the key), its options and revocation; and the single-use tickets a launcher's
// "Start" button redeems top-level for a Cadre session.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scorm_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull()) // 1.2 | 2004
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('lms_origin', 'text') // null: any origin may launch with the key
    .addColumn('hash_learner_ids', 'integer', (c) => c.notNull())
    .addColumn('score_scale', 'text', (c) => c.notNull()) // cefr | percent
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull()) // JSON audit actor
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('last_launch_at', 'text')
    .addColumn('launch_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('scorm_packages_activity').on('scorm_packages').column('activity_id').execute();

  await db.schema
    .createTable('scorm_tickets')
    .addColumn('ticket_hash', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('scorm_packages.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text')
    .addColumn('name', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('scorm_tickets_expiry').on('scorm_tickets').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scorm_tickets').execute();
  await db.schema.dropTable('scorm_packages').execute();
}
