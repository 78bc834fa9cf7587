import type { Kysely } from 'kysely';

// The candidate's personal details for the certifier's CPF transmission (docs/privacy.md): one
// row per candidate and activity, a column per field (dates as YYYY-MM-DD text), asked before the
// written test and editable until the sitting starts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('personal_details')
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('birth_name', 'text', (c) => c.notNull())
    .addColumn('usage_name', 'text')
    .addColumn('first_names', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('birth_country', 'text', (c) => c.notNull())
    .addColumn('birth_city', 'text', (c) => c.notNull())
    .addColumn('birth_department', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('cpf_dossier_number', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('personal_details_pk', ['activity_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('personal_details').execute();
}
