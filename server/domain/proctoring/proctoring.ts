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
  /** Sittings whose evidence is due for deletion. */
  listDueForPurge(now: Date, limit: number): Promise<ProctoredSitting[]>;
  /** Deletes events, snapshots, identity photos and equipment results of a sitting; returns the blob keys to delete. */
  purgeEvidence(sittingId: string, now: Date): Promise<string[]>;
}

/** Auto-validation threshold: events at or below it never hold a sitting for review. */
export type AutoValidateUpTo = Severity | 'none';

export function isFlagged(event: { severity: Severity }, upTo: AutoValidateUpTo): boolean {
  return upTo === 'none' || severityRank(event.severity) > severityRank(upTo);
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
