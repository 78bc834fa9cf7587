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

export interface ResultsTable {
  id: string;
  sitting_id: string;
  activity_id: string;
  user_id: string;
  state: string;
  /** The whole CertificationResult (server/domain/results/types.ts) as JSON. */
  data: string;
  version: number;
  released_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CertificatesTable {
  id: string;
  result_id: string;
  status_list: string;
  status_index: number;
  jwt: string;
  issued_at: string;
  revoked_at: string | null;
  revocation_reason: string | null;
  revoked_by: string | null;
}

export interface Database {
  audit_log: AuditLogTable;
  jobs: JobsTable;
  sittings: SittingsTable;
  responses: ResponsesTable;
  item_exposure: ItemExposureTable;
  results: ResultsTable;
  certificates: CertificatesTable;
}
