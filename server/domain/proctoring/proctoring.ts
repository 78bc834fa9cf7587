import { SEVERITIES, severityRank, type Severity } from '../../../plugin/detectors/detector.js';

export { SEVERITIES, severityRank, type Severity };

/**
 * Proctoring records per sitting: who sits it, consent, events and their evidence, the
 * equipment result, the identity photos and the review decision. Detectors describe; a person
 * decides (or the sitting is validated automatically when nothing above the configured severity
 * happened). Nobody is failed by a detector.
 */
export interface ProctoredSitting {
  sittingId: string;
  userId: string;
  activityId: string | null;
  /** Accommodation: the centre exempted the candidate from camera monitoring (recorded in the audit log). */
  cameraExempt: boolean;
  consentedAt: Date | null;
  finishedAt: Date | null;
  resultsAt: Date | null;
  purgeAfter: Date | null;
  purgedAt: Date | null;
  /** When the sitting was registered: the per-sitting evidence caps grow from then. */
  createdAt: Date;
}

/**
 * One monitoring heartbeat as the server received it: the time is the server's (a browser cannot
 * send one for a moment already past), the size is that of the frame the server decoded (0×0 for a
 * candidate exempted from the camera), the face count is the browser detector's word.
 */
export interface Heartbeat {
  sittingId: string;
  receivedAt: Date;
  width: number;
  height: number;
  faces: number | null;
  bytes: number;
}

/** What a sitting has stored so far, for the caps on evidence (issue 20). */
export interface EvidenceTotals {
  events: number;
  snapshots: number;
  snapshotBytes: number;
  lastHeartbeatAt: Date | null;
}

export interface ProctoringEvent {
  id: string;
  sittingId: string;
  /** The id the browser gave the event, so a batch sent twice (after a network drop) is stored once. */
  clientId: string;
  type: string;
  severity: Severity;
  startedAt: Date;
  endedAt: Date | null;
  details: Record<string, unknown>;
  snapshotId: string | null;
}

export interface EventReport {
  clientId: string;
  type: string;
  severity: Severity;
  startedAt: Date;
  endedAt: Date | null;
  details: Record<string, unknown>;
}

export type EvidenceKind = 'snapshot' | 'identity-face' | 'identity-document';

export interface StoredFile {
  id: string;
  sittingId: string;
  blobKey: string;
  contentType: string;
  bytes: number;
  createdAt: Date;
}

export interface IdentityPhoto extends StoredFile {
  kind: 'face' | 'document';
  details: Record<string, unknown>;
}

export interface Snapshot extends StoredFile {
  eventId: string;
}

export interface EquipmentResult {
  passed: boolean;
  result: Record<string, unknown>;
  checkedAt: Date;
}

export type Decision = 'validated' | 'invalidated';

export interface ReviewDecision {
  sittingId: string;
  decision: Decision;
  reason: string | null;
  automatic: boolean;
  decidedBy: string | null;
  decidedAt: Date;
}

export interface QueueEntry {
  sittingId: string;
  userId: string;
  activityId: string | null;
  finishedAt: Date | null;
  maxSeverity: Severity;
  /** Sum of the durations of the flagged events (severity above the auto-validation threshold), in seconds. */
  flaggedSeconds: number;
  eventCount: number;
}

export interface ProctoringRepository {
  registerSitting(s: { sittingId: string; userId: string; activityId?: string | null }, now: Date): Promise<ProctoredSitting>;
  getSitting(sittingId: string): Promise<ProctoredSitting | undefined>;
  setCameraExempt(sittingId: string, exempt: boolean): Promise<void>;
  recordConsent(sittingId: string, locale: string, now: Date): Promise<void>;
  markFinished(sittingId: string, now: Date): Promise<void>;
  markResults(sittingId: string, resultsAt: Date, purgeAfter: Date): Promise<void>;
  /** Inserts new events and ends open ones; a report already stored (same clientId) only updates its end. */
  upsertEvents(sittingId: string, events: EventReport[], now: Date): Promise<ProctoringEvent[]>;
  listEvents(sittingId: string): Promise<ProctoringEvent[]>;
  findEvent(sittingId: string, clientId: string): Promise<ProctoringEvent | undefined>;
  /** False when the event already has its snapshot (at most one per event). */
  addSnapshot(s: Omit<Snapshot, 'id' | 'createdAt'>, now: Date): Promise<Snapshot | undefined>;
  getSnapshot(id: string): Promise<Snapshot | undefined>;
  /** Replaces the photo of that kind. Returns the previous one's blob key, to delete. */
  putIdentityPhoto(p: Omit<IdentityPhoto, 'id' | 'createdAt'>, now: Date): Promise<{ photo: IdentityPhoto; replacedBlobKey: string | undefined }>;
  listIdentityPhotos(sittingId: string): Promise<IdentityPhoto[]>;
  getIdentityPhoto(id: string): Promise<IdentityPhoto | undefined>;
  addEquipmentResult(sittingId: string, r: EquipmentResult): Promise<void>;
  latestEquipmentResult(sittingId: string): Promise<EquipmentResult | undefined>;
  /** Records the decision once; false when the sitting already has one. */
  decide(d: ReviewDecision): Promise<boolean>;
  getDecision(sittingId: string): Promise<ReviewDecision | undefined>;
  /** Removes an automatic validation (late events arrived); false when there was none. */
  withdrawAutomaticDecision(sittingId: string): Promise<boolean>;
  /** Finished sittings without a decision, with their events. */
  listUndecided(): Promise<{ sitting: ProctoredSitting; events: ProctoringEvent[] }[]>;
  addHeartbeat(h: Heartbeat): Promise<void>;
  listHeartbeats(sittingId: string): Promise<Heartbeat[]>;
  evidenceTotals(sittingId: string): Promise<EvidenceTotals>;
  /** Sittings whose evidence is due for deletion. */
  listDueForPurge(now: Date, limit: number): Promise<ProctoredSitting[]>;
  /** Deletes events, snapshots, identity photos, heartbeats and equipment results of a sitting; returns the blob keys to delete. */
  purgeEvidence(sittingId: string, now: Date): Promise<string[]>;
}

/** Auto-validation threshold: events at or below it never hold a sitting for review. */
export type AutoValidateUpTo = Severity | 'none';

/**
 * Events the server itself records when evidence is missing (not detector events: a browser cannot
 * report them). They always hold the sitting for a person, whatever the auto-validation threshold:
 * without that evidence there is nothing an automatic validation could rest on.
 */
export const EVIDENCE_EVENT_TYPES = {
  /** No monitoring heartbeat reached the server for longer than the allowed gap. */
  monitoringMissing: 'monitoring.missing',
  /** The identity photos are missing or were not verified by the server. */
  identityUnverified: 'identity.unverified',
} as const;
const EVIDENCE_TYPES = new Set<string>(Object.values(EVIDENCE_EVENT_TYPES));

export function isFlagged(event: { severity: Severity; type?: string }, upTo: AutoValidateUpTo): boolean {
  if (event.type !== undefined && EVIDENCE_TYPES.has(event.type)) return true;
  return upTo === 'none' || severityRank(event.severity) > severityRank(upTo);
}

/** Monitoring heartbeats: the browser sends one every HEARTBEAT_INTERVAL_MS during the items. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
/** A longer silence (three heartbeats lost in a row) is missing monitoring. */
export const HEARTBEAT_MAX_GAP_MS = 3 * HEARTBEAT_INTERVAL_MS;

/**
 * The spans of a monitored window without heartbeats: every silence longer than the allowed gap,
 * from the window's start to the first heartbeat, between two, and from the last to the end. No
 * heartbeat at all is one span over the whole window, however short.
 */
export function missingMonitoring(window: { from: Date; to: Date }, receivedAt: Date[], maxGapMs = HEARTBEAT_MAX_GAP_MS): { from: Date; to: Date }[] {
  const from = window.from.getTime();
  const to = Math.max(from, window.to.getTime());
  const times = receivedAt
    .map((d) => d.getTime())
    .filter((t) => t >= from && t <= to)
    .sort((a, b) => a - b);
  if (times.length === 0) return [{ from: new Date(from), to: new Date(to) }];
  const points = [from, ...times, to];
  const spans: { from: Date; to: Date }[] = [];
  for (let i = 1; i < points.length; i++) if (points[i]! - points[i - 1]! > maxGapMs) spans.push({ from: new Date(points[i - 1]!), to: new Date(points[i]!) });
  return spans;
}

function durationSeconds(e: ProctoringEvent, fallbackEnd: Date): number {
  const end = e.endedAt ?? fallbackEnd;
  return Math.max(0, (end.getTime() - e.startedAt.getTime()) / 1000);
}

/**
 * The reviewer's queue: sittings that need a person, the most serious first (highest severity,
 * then the longest flagged time, then the oldest).
 */
export function reviewQueue(undecided: { sitting: ProctoredSitting; events: ProctoringEvent[] }[], upTo: AutoValidateUpTo): QueueEntry[] {
  const entries: QueueEntry[] = [];
  for (const { sitting, events } of undecided) {
    const flagged = events.filter((e) => isFlagged(e, upTo));
    if (flagged.length === 0) continue;
    const end = sitting.finishedAt ?? new Date(Math.max(...events.map((e) => (e.endedAt ?? e.startedAt).getTime())));
    entries.push({
      sittingId: sitting.sittingId,
      userId: sitting.userId,
      activityId: sitting.activityId,
      finishedAt: sitting.finishedAt,
      maxSeverity: SEVERITIES[Math.max(...flagged.map((e) => severityRank(e.severity))) - 1]!,
      flaggedSeconds: Math.round(flagged.reduce((sum, e) => sum + durationSeconds(e, end), 0)),
      eventCount: events.length,
    });
  }
  return entries.sort(
    (a, b) =>
      severityRank(b.maxSeverity) - severityRank(a.maxSeverity) ||
      b.flaggedSeconds - a.flaggedSeconds ||
      (a.finishedAt?.getTime() ?? 0) - (b.finishedAt?.getTime() ?? 0),
  );
}

export type IntegrityStatus = 'in-progress' | 'pending-review' | 'validated' | 'invalidated';

/** Whether results may be released: only once validated, by a person or automatically. */
export function integrityStatus(sitting: ProctoredSitting, decision: ReviewDecision | undefined): IntegrityStatus {
  if (decision) return decision.decision;
  return sitting.finishedAt ? 'pending-review' : 'in-progress';
}

export function resultsReleasable(status: IntegrityStatus): boolean {
  return status === 'validated';
}
