/**
 * Table types for Kysely. One schema for SQLite and PostgreSQL, so columns use portable types:
 * ids and timestamps are text (timestamps ISO-8601 in UTC, which sort as they compare),
 * JSON is text, booleans are integers 0/1.
 */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  subject_kind: string;
  subject_id: string;
  details: string;
  request_id: string | null;
}

export interface JobsTable {
  id: string;
  type: string;
  payload: string;
  status: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface StaffTable {
  id: string;
  email: string;
  name: string;
  role: string;
  centre_id: string;
  locale: string;
  time_zone: string;
  video_url: string | null;
  password_hash: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: string;
  expires_at: string;
}

export interface StaffTokensTable {
  token_hash: string;
  staff_id: string;
  purpose: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface StaffLoginFailuresTable {
  id: string;
  key: string;
  at: string;
}

export interface CentresTable {
  id: string;
  name: string;
  contact_email: string | null;
  time_zone: string;
  slot_minutes: number;
  min_notice_minutes: number;
  max_days_ahead: number;
  created_at: string;
  updated_at: string;
}

export interface AvailabilityRulesTable {
  id: string;
  assessor_id: string;
  weekday: number;
  start_minute: number;
  end_minute: number;
}

export interface AvailabilityExceptionsTable {
  id: string;
  assessor_id: string;
  date: string;
  kind: string;
  start_minute: number | null;
  end_minute: number | null;
}

export interface BookingsTable {
  id: string;
  sitting_id: string;
  candidate_user_id: string;
  activity_id: string;
  context_id: string;
  centre_id: string;
  assessor_id: string;
  starts_at: string;
  ends_at: string;
  status: string;
  sequence: number;
  candidate_name: string;
  candidate_email: string | null;
  candidate_locale: string;
  candidate_time_zone: string;
  confirmed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface OralAssessmentsTable {
  booking_id: string;
  assessor_id: string;
  outcome: string;
  criteria: string;
  level: string | null;
  comments: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  audit_log: AuditLogTable;
  jobs: JobsTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  staff_tokens: StaffTokensTable;
  staff_login_failures: StaffLoginFailuresTable;
  centres: CentresTable;
  availability_rules: AvailabilityRulesTable;
  availability_exceptions: AvailabilityExceptionsTable;
  bookings: BookingsTable;
  oral_assessments: OralAssessmentsTable;
}
