import type { Kysely } from 'kysely';

// The built-in oral room: one row per booking, created when the candidate or the assessor first
// opens the room. Its state (waiting, admitted, part-1…3, ended) and who checked the ID and when.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oral_rooms')
    .addColumn('booking_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('admitted_at', 'text')
    .addColumn('id_checked_by', 'text')
    .addColumn('id_checked_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oral_rooms').execute();
}
