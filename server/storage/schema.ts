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

export interface SittingsTable {
  id: string;
  activity_id: string;
  user_id: string;
  bank_id: string;
  step: string;
  /** The whole Sitting (server/domain/delivery/sitting.ts) as JSON. */
  state: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ResponsesTable {
  sitting_id: string;
  item_id: string;
  skill: string;
  position: number;
  response: string;
  points: number;
  max_points: number;
  timed_out: number;
  served_at: string;
  answered_at: string;
}

export interface ItemExposureTable {
  bank_id: string;
  skill: string;
  item_id: string;
  count: number;
}

export interface ScormPackagesTable {
  id: string;
  activity_id: string;
  version: string;
  label: string;
  lms_origin: string | null;
  hash_learner_ids: number;
  score_scale: string;
  key_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_launch_at: string | null;
  launch_count: number;
}

export interface ScormTicketsTable {
  ticket_hash: string;
  package_id: string;
  user_id: string;
  activity_id: string;
  context_id: string | null;
  name: string | null;
  locale: string;
  expires_at: string;
  used_at: string | null;
}

export interface Database {
  audit_log: AuditLogTable;
  jobs: JobsTable;
  sittings: SittingsTable;
  responses: ResponsesTable;
  item_exposure: ItemExposureTable;
  scorm_packages: ScormPackagesTable;
  scorm_tickets: ScormTicketsTable;
}
