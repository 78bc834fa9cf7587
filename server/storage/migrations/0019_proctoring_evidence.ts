import type { Kysely } from 'kysely';

// Issue 16 and issue 20: what each monitoring heartbeat carried besides its decoded frame's size:
// the face count the browser's detector gave (its word, shown to reviewers) and the frame's bytes
// (counted by the per-sitting caps). The frame itself is never kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('proctoring_heartbeats').addColumn('faces', 'integer').execute();
  await db.schema
    .alterTable('proctoring_heartbeats')
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('proctoring_heartbeats').dropColumn('bytes').execute();
  await db.schema.alterTable('proctoring_heartbeats').dropColumn('faces').execute();
}
