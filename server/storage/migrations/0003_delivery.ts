import type { Kysely } from 'kysely';

// The written test: sittings (one per candidate and activity, the state machine as JSON with a
// version for optimistic concurrency), every scored response, and the adaptive engine's exposure
// counts shared by all instances.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sittings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('bank_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sittings_activity_user', ['activity_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('sitting_id', 'text', (c) => c.notNull().references('sittings.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('max_points', 'integer', (c) => c.notNull())
    .addColumn('timed_out', 'integer', (c) => c.notNull())
    .addColumn('served_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('responses_pk', ['sitting_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('item_exposure')
    .addColumn('bank_id', 'text', (c) => c.notNull())
    .addColumn('skill', 'text', (c) => c.notNull())
    // '' counts the candidates who started the skill; an item id counts its administrations.
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_exposure_pk', ['bank_id', 'skill', 'item_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('item_exposure').execute();
  await db.schema.dropTable('responses').execute();
  await db.schema.dropTable('sittings').execute();
}
