import type { Kysely } from 'kysely';

// Proctoring: events and evidence per sitting, review decisions, accommodations. Keyed by
// sitting_id (text); the sittings table of the written test is not referenced by a foreign key
// yet. Files (snapshots, identity photos) live in the blob store; only their metadata is here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('proctoring_sittings')
    .addColumn('sitting_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text')
    .addColumn('camera_exempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consented_at', 'text')
    .addColumn('consent_locale', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('results_at', 'text')
    .addColumn('purge_after', 'text')
    .addColumn('purged_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proctoring_sittings_purge').on('proctoring_sittings').columns(['purged_at', 'purge_after']).execute();

  await db.schema
    .createTable('proctoring_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sitting_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('proctoring_events_client', ['sitting_id', 'client_id'])
    .execute();
  await db.schema.createIndex('proctoring_events_sitting').on('proctoring_events').columns(['sitting_id', 'started_at']).execute();

  await db.schema
    .createTable('proctoring_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sitting_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proctoring_snapshots_sitting').on('proctoring_snapshots').column('sitting_id').execute();

  await db.schema
    .createTable('identity_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sitting_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('identity_photos_kind', ['sitting_id', 'kind'])
    .execute();

  await db.schema
    .createTable('equipment_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sitting_id', 'text', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('equipment_checks_sitting').on('equipment_checks').columns(['sitting_id', 'checked_at']).execute();

  await db.schema
    .createTable('review_decisions')
    .addColumn('sitting_id', 'text', (c) => c.primaryKey())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('automatic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['review_decisions', 'equipment_checks', 'identity_photos', 'proctoring_snapshots', 'proctoring_events', 'proctoring_sittings']) {
    await db.schema.dropTable(table).execute();
  }
}
