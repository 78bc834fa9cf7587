import type { Kysely } from 'kysely';

// "Mon centre a prévu un rendez-vous à ma place — quitter sans prendre de rendez-vous": one row
// per sitting whose candidate left the booking page saying their centre books for them, so the
// candidate's home and the instructor dashboard show it. Keyed by the sitting: a reset attempt
// (a new sitting) starts with no such choice. The first choice stands.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('booking_leaves')
    .addColumn('sitting_id', 'text', (c) => c.primaryKey())
    .addColumn('candidate_user_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('booking_leaves').execute();
}
