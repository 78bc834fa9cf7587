import type { Kysely } from 'kysely';

// Results and certificates. A result per sitting (the state machine as JSON, with a version for
// optimistic concurrency, and the columns the instructor's roster filters on); a certificate per
// validated result that reached its target: the signed VC-JWT as issued, its entry in the
// revocation status list (unique: one entry, one certificate) and, once revoked, when, why, by whom.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sitting_id', 'text', (c) => c.notNull().unique())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('results_activity').on('results').columns(['activity_id', 'user_id']).execute();

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('result_id', 'text', (c) => c.notNull().unique().references('results.id'))
    .addColumn('status_list', 'text', (c) => c.notNull())
    .addColumn('status_index', 'integer', (c) => c.notNull())
    .addColumn('jwt', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revocation_reason', 'text')
    .addColumn('revoked_by', 'text')
    .addUniqueConstraint('certificates_status_entry', ['status_list', 'status_index'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('certificates').execute();
  await db.schema.dropTable('results').execute();
}
