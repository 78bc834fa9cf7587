import type { Kysely } from 'kysely';

// Whether an activity's sittings run under webcam proctoring (on by default; off for practice
// tests), carried by the deep link's custom parameter cadre_proctoring.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('activities')
    .addColumn('proctoring', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('activities').dropColumn('proctoring').execute();
}
