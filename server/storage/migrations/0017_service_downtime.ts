import type { Kysely } from 'kysely';

// Downtime is not charged to candidates (issue 20): each instance's heartbeat, and the spans when
// no instance was accepting answers (from the last heartbeat to the next start), by which an item's
// deadline moves.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_heartbeats')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('service_downtime')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_downtime_pk', ['started_at', 'ended_at'])
    .execute();
  await db.schema.createIndex('service_downtime_ended_at').on('service_downtime').column('ended_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('service_downtime').execute();
  await db.schema.dropTable('service_heartbeats').execute();
}
