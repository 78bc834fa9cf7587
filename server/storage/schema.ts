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

export interface ProctoringSittingsTable {
  sitting_id: string;
  user_id: string;
  activity_id: string | null;
  camera_exempt: number;
  consented_at: string | null;
  consent_locale: string | null;
  finished_at: string | null;
  results_at: string | null;
  purge_after: string | null;
  purged_at: string | null;
  created_at: string;
}

export interface ProctoringEventsTable {
  id: string;
  sitting_id: string;
  client_id: string;
  type: string;
  severity: number;
  started_at: string;
  ended_at: string | null;
  details: string;
  received_at: string;
}

export interface ProctoringSnapshotsTable {
  id: string;
  sitting_id: string;
  event_id: string;
  blob_key: string;
  content_type: string;
  bytes: number;
  created_at: string;
}

export interface IdentityPhotosTable {
  id: string;
  sitting_id: string;
  kind: string;
  blob_key: string;
  content_type: string;
  bytes: number;
  details: string;
  created_at: string;
}

export interface EquipmentChecksTable {
  id: string;
  sitting_id: string;
  passed: number;
  result: string;
  checked_at: string;
}

export interface ReviewDecisionsTable {
  sitting_id: string;
  decision: string;
  reason: string | null;
  automatic: number;
  decided_by: string | null;
  decided_at: string;
}

export interface Database {
  audit_log: AuditLogTable;
  jobs: JobsTable;
  proctoring_sittings: ProctoringSittingsTable;
  proctoring_events: ProctoringEventsTable;
  proctoring_snapshots: ProctoringSnapshotsTable;
  identity_photos: IdentityPhotosTable;
  equipment_checks: EquipmentChecksTable;
  review_decisions: ReviewDecisionsTable;
}
