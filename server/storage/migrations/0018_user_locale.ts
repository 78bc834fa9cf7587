import type { Kysely } from 'kysely';

// The language a person's LMS says they use (the LTI launch's locale claim): Cadre writes to
// them in it (result e-mails). Null until a launch says; French is then assumed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('locale').execute();
}
