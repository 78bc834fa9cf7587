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

// LTI (migrations 0002_lti, 0012_lti_tool_keys; repositories in repositories/lti-repositories.ts).
export interface PlatformsTable {
  id: string;
  issuer: string;
  client_id: string;
  name: string;
  auth_endpoint: string;
  token_endpoint: string;
  authorization_server: string | null;
  auth_config: string;
  active: number;
  accept_new_deployments: number;
  registered_by: string;
  created_at: string;
  updated_at: string;
}

export interface DeploymentsTable {
  platform_id: string;
  deployment_id: string;
  source: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  issuer: string;
  subject: string;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  /** fr or en, from the last launch that said (0018); null: never said. */
  locale: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContextsTable {
  id: string;
  platform_id: string;
  deployment_id: string;
  lms_context_id: string;
  label: string | null;
  title: string | null;
  nrps_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  context_id: string;
  user_id: string;
  role: string;
  updated_at: string;
}

export interface ActivitiesTable {
  id: string;
  context_id: string;
  resource_link_id: string;
  title: string | null;
  language: string | null;
  target_level: string | null;
  oral_required: number;
  proctoring: number;
  available_from: string | null;
  available_until: string | null;
  accommodations: string;
  ags: string | null;
  created_at: string;
  updated_at: string;
}

export interface LtiSessionsTable {
  id: string;
  user_id: string;
  context_id: string;
  activity_id: string | null;
  role: string;
  message_type: string;
  data: string;
  created_at: string;
  expires_at: string;
}

export interface LtiLoginsTable {
  state: string;
  nonce: string;
  issuer: string;
  created_at: string;
}

export interface LtiLineItemsTable {
  activity_id: string;
  tag: string;
  url: string;
}

/** A tool key pair (migration 0012): both halves sealed (lti/sealing.ts), kid named in the JWKS. */
export interface LtiToolKeysTable {
  kid: string;
  platform_id: string;
  public_iv: string;
  public_data: string;
  private_iv: string;
  private_data: string;
  created_at: string;
}

/** A service access token (client credentials), sealed, per platform and scope set. */
export interface LtiAccessTokensTable {
  platform_id: string;
  scopes: string;
  iv: string;
  data: string;
  created_at: string;
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

export interface BookingLeavesTable {
  sitting_id: string;
  candidate_user_id: string;
  activity_id: string;
  left_at: string;
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

// The built-in oral room (migration 0013_oral_room).
export interface OralRoomsTable {
  booking_id: string;
  state: string;
  admitted_at: string | null;
  id_checked_by: string | null;
  id_checked_at: string | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
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

// Instructor dashboard (migration 0010_accommodations).
export interface AccommodationsTable {
  activity_id: string;
  user_id: string;
  extra_time_percent: number;
  proctoring_exemption: string | null;
  updated_by: string;
  updated_at: string;
}

export interface AttemptArchiveTable {
  id: string;
  activity_id: string;
  user_id: string;
  sitting_id: string;
  sitting: string;
  responses: string;
  result: string | null;
  reason: string;
  reset_by: string;
  reset_at: string;
}

// The candidate's personal details for the CPF transmission (migration 0014_personal_details).
export interface PersonalDetailsTable {
  activity_id: string;
  user_id: string;
  sex: string;
  birth_name: string;
  usage_name: string | null;
  first_names: string;
  birth_date: string;
  birth_country: string;
  birth_city: string;
  birth_department: string | null;
  email: string;
  phone: string | null;
  postal_address: string | null;
  cpf_dossier_number: string | null;
  created_at: string;
  updated_at: string;
}

// One-time tokens and proctoring heartbeats (migration 0015_security).
export interface OneTimeTokensTable {
  token_hash: string;
  purpose: string;
  subject: string;
  created_at: string;
  expires_at: string;
}

export interface ProctoringHeartbeatsTable {
  id: string;
  sitting_id: string;
  received_at: string;
  width: number;
  height: number;
  /** Faces the browser's detector counted in the frame (its word, not verified); migration 0019. */
  faces: number | null;
  bytes: number;
}

// Heartbeats and downtime spans: downtime is not charged to candidates (migration 0017_service_downtime).
export interface ServiceHeartbeatsTable {
  instance_id: string;
  seen_at: string;
}

export interface ServiceDowntimeTable {
  started_at: string;
  ended_at: string;
}

export interface Database {
  audit_log: AuditLogTable;
  jobs: JobsTable;
  platforms: PlatformsTable;
  deployments: DeploymentsTable;
  users: UsersTable;
  contexts: ContextsTable;
  memberships: MembershipsTable;
  activities: ActivitiesTable;
  lti_sessions: LtiSessionsTable;
  lti_logins: LtiLoginsTable;
  lti_line_items: LtiLineItemsTable;
  lti_tool_keys: LtiToolKeysTable;
  lti_access_tokens: LtiAccessTokensTable;
  one_time_tokens: OneTimeTokensTable;
  proctoring_heartbeats: ProctoringHeartbeatsTable;
  sittings: SittingsTable;
  responses: ResponsesTable;
  item_exposure: ItemExposureTable;
  scorm_packages: ScormPackagesTable;
  scorm_tickets: ScormTicketsTable;
  proctoring_sittings: ProctoringSittingsTable;
  proctoring_events: ProctoringEventsTable;
  proctoring_snapshots: ProctoringSnapshotsTable;
  identity_photos: IdentityPhotosTable;
  equipment_checks: EquipmentChecksTable;
  review_decisions: ReviewDecisionsTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  staff_tokens: StaffTokensTable;
  staff_login_failures: StaffLoginFailuresTable;
  centres: CentresTable;
  availability_rules: AvailabilityRulesTable;
  availability_exceptions: AvailabilityExceptionsTable;
  bookings: BookingsTable;
  booking_leaves: BookingLeavesTable;
  oral_assessments: OralAssessmentsTable;
  oral_rooms: OralRoomsTable;
  results: ResultsTable;
  certificates: CertificatesTable;
  accommodations: AccommodationsTable;
  attempt_archive: AttemptArchiveTable;
  personal_details: PersonalDetailsTable;
  service_heartbeats: ServiceHeartbeatsTable;
  service_downtime: ServiceDowntimeTable;
}
