import type { Kysely } from 'kysely';

// The instructor dashboard's writes. Accommodations: one row per candidate and activity (extra
// time as an integer percent, 0–100, i.e. a 1–2 multiplier without floating-point columns; and the
// proctoring exemption agreed, if any). Attempt archive: what a reset removed (the sitting as
// JSON, its responses, its unreleased result), with who reset it, when and why.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accommodations')
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('extra_time_percent', 'integer', (c) => c.notNull())
    .addColumn('proctoring_exemption', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('accommodations_pk', ['activity_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('attempt_archive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('sitting_id', 'text', (c) => c.notNull())
    .addColumn('sitting', 'text', (c) => c.notNull())
    .addColumn('responses', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reset_by', 'text', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attempt_archive_candidate').on('attempt_archive').columns(['activity_id', 'user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attempt_archive').execute();
  await db.schema.dropTable('accommodations').execute();
}
