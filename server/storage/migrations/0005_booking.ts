import { sql, type Kysely } from 'kysely';

// Oral booking: centres and their booking policy, assessors' availability, bookings and grades.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('centres')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Paris')) // candidates' zone when their browser gives none
    .addColumn('slot_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('min_notice_minutes', 'integer', (c) => c.notNull().defaultTo(24 * 60))
    .addColumn('max_days_ahead', 'integer', (c) => c.notNull().defaultTo(28))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await sql`insert into centres (id, name, slot_minutes, min_notice_minutes, max_days_ahead, created_at, updated_at)
            values ('default', 'Centre', 30, 1440, 28, ${now}, ${now})`.execute(db);

  // Weekly rules: on weekday (1 = Monday … 7 = Sunday), from start_minute to end_minute after
  // local midnight, in the assessor's time zone (staff.time_zone).
  await db.schema
    .createTable('availability_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessor_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('start_minute', 'integer', (c) => c.notNull())
    .addColumn('end_minute', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('availability_rules_assessor').on('availability_rules').column('assessor_id').execute();

  // Date exceptions, local date YYYY-MM-DD: 'unavailable' (the whole day when no minutes, else
  // that span) or 'available' (an extra span that day).
  await db.schema
    .createTable('availability_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessor_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('start_minute', 'integer')
    .addColumn('end_minute', 'integer')
    .execute();
  await db.schema.createIndex('availability_exceptions_assessor').on('availability_exceptions').columns(['assessor_id', 'date']).execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sitting_id', 'text', (c) => c.notNull()) // delivery's sittings.id; no foreign key yet
    .addColumn('candidate_user_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text', (c) => c.notNull())
    .addColumn('centre_id', 'text', (c) => c.notNull().references('centres.id'))
    .addColumn('assessor_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // booked | cancelled | completed | no-show | incident
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('candidate_name', 'text', (c) => c.notNull())
    .addColumn('candidate_email', 'text')
    .addColumn('candidate_locale', 'text', (c) => c.notNull())
    .addColumn('candidate_time_zone', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull()) // candidate | instructor | admin | staff
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The rule that decides races: one live booking per assessor and start time, and one live
  // booking per sitting. Partial unique indexes, the same on SQLite and PostgreSQL.
  await db.schema
    .createIndex('bookings_slot_taken')
    .on('bookings')
    .columns(['assessor_id', 'starts_at'])
    .unique()
    .where(sql.ref('status'), '=', 'booked')
    .execute();
  await db.schema.createIndex('bookings_one_per_sitting').on('bookings').column('sitting_id').unique().where(sql.ref('status'), '=', 'booked').execute();
  await db.schema.createIndex('bookings_assessor_time').on('bookings').columns(['assessor_id', 'starts_at']).execute();
  await db.schema.createIndex('bookings_candidate').on('bookings').columns(['candidate_user_id', 'activity_id']).execute();

  await db.schema
    .createTable('oral_assessments')
    .addColumn('booking_id', 'text', (c) => c.primaryKey().references('bookings.id'))
    .addColumn('assessor_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('outcome', 'text', (c) => c.notNull()) // graded | no-show | incident
    .addColumn('criteria', 'text', (c) => c.notNull().defaultTo('{}')) // JSON {criterion: level}
    .addColumn('level', 'text')
    .addColumn('comments', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oral_assessments').execute();
  await db.schema.dropTable('bookings').execute();
  await db.schema.dropTable('availability_exceptions').execute();
  await db.schema.dropTable('availability_rules').execute();
  await db.schema.dropTable('centres').execute();
}
