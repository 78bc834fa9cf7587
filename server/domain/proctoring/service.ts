import { detectorEventType } from '../../../plugin/detectors/index.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { AuditActor, AuditLog } from '../audit/audit.js';
import { checkImage, imageType } from './images.js';
import {
  EVIDENCE_EVENT_TYPES,
  HEARTBEAT_INTERVAL_MS,
  integrityStatus,
  isFlagged,
  missingMonitoring,
  reviewQueue,
  type AutoValidateUpTo,
  type Decision,
  type EventReport,
  type IntegrityStatus,
  type ProctoredSitting,
  type ProctoringRepository,
} from './proctoring.js';
import type { Principal } from '../principal.js';

export const MAX_SNAPSHOT_BYTES = 50 * 1024;
export const MAX_IDENTITY_PHOTO_BYTES = 400 * 1024;
/** A heartbeat's frame: the browser sends 160×120 JPEGs of a few KB. */
export const MAX_HEARTBEAT_FRAME_BYTES = 50 * 1024;
/** Smallest identity photo (the browser takes 640×480) and heartbeat frame (160×120) the server takes. */
export const IDENTITY_PHOTO_MIN = { minWidth: 240, minHeight: 180 };
export const HEARTBEAT_FRAME_MIN = { minWidth: 160, minHeight: 120 };

/**
 * Caps on what one sitting may store (issue 20), matching the browser's own pace with room for
 * its offline outbox: events arrive in batches every 5 s, a snapshot at most every 30 s (≤ 50 KB),
 * a heartbeat every 15 s; after a network drop the outbox sends up to 20 snapshots and a backlog
 * of events at once. What goes beyond is refused (429) and stays in the browser's outbox; what
 * is stored is never dropped.
 */
export const EVIDENCE_CAPS = {
  eventBurst: 200,
  eventsPerMinute: 30,
  snapshotBurst: 20,
  snapshotEveryMs: 30_000,
  /** Two heartbeats closer than this: the second is refused. */
  heartbeatMinGapMs: HEARTBEAT_INTERVAL_MS / 3,
};
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ProctoringSettings {
  retentionDays: number;
  autoValidateUpTo: AutoValidateUpTo;
}

export interface ProctoringDeps {
  repo: ProctoringRepository;
  audit: AuditLog;
  blobs: BlobStore;
  clock: Clock;
  settings: ProctoringSettings;
  /** Told after a reviewer's decision is committed (the results module takes it from there). */
  onDecided?: (sittingId: string) => Promise<void>;
  /** Told when late events withdraw an automatic validation: the sitting needs a reviewer again. */
  onReviewRequired?: (sittingId: string) => Promise<void>;
}

const REVIEWERS = new Set(['reviewer', 'centre-admin']);

const actorOf = (p: Principal): AuditActor => (p.kind === 'staff' ? { kind: 'staff', id: p.staffId } : { kind: 'lti-user', id: p.userId });

/**
 * Proctoring use cases, for the HTTP layer and for the other modules (delivery registers and
 * finishes sittings, results ask whether they may be released and record when they were).
 */
export class ProctoringService {
  constructor(private readonly deps: ProctoringDeps) {}

  private get repo() {
    return this.deps.repo;
  }
  private now() {
    return this.deps.clock.now();
  }

  /** Called by the delivery module when a proctored sitting is created. */
  registerSitting(sittingId: string, userId: string, activityId?: string): Promise<ProctoredSitting> {
    return this.repo.registerSitting({ sittingId, userId, activityId: activityId ?? null }, this.now());
  }

  async sitting(sittingId: string): Promise<ProctoredSitting> {
    const sitting = await this.repo.getSitting(sittingId);
    if (!sitting) throw new AppError('proctoring:unknown-sitting', {}, 404);
    return sitting;
  }

  /** The candidate may act on their own sitting only; staff reviewers may read any. */
  async candidateSitting(principal: Principal | undefined, sittingId: string): Promise<ProctoredSitting> {
    if (!principal) throw new AppError('error:unauthenticated', {}, 401);
    const sitting = await this.repo.getSitting(sittingId);
    // Same answer for "not yours" and "does not exist": a candidate learns nothing about other sittings.
    if (!sitting || principal.kind !== 'lti' || sitting.userId !== principal.userId) throw new AppError('error:forbidden', {}, 403);
    return sitting;
  }

  requireReviewer(principal: Principal | undefined): Principal {
    if (!principal) throw new AppError('error:unauthenticated', {}, 401);
    if (principal.kind !== 'staff' || !REVIEWERS.has(principal.role)) throw new AppError('error:forbidden', {}, 403);
    return principal;
  }

  /** What the candidate's monitor should run. */
  monitorConfig(sitting: ProctoredSitting) {
    return { sittingId: sitting.sittingId, cameraExempt: sitting.cameraExempt, consented: sitting.consentedAt !== null, finished: sitting.finishedAt !== null };
  }

  async recordConsent(sitting: ProctoredSitting, locale: string, principal: Principal, requestId?: string): Promise<void> {
    await this.repo.recordConsent(sitting.sittingId, locale, this.now());
    await this.deps.audit.record(
      {
        actor: actorOf(principal),
        action: 'proctoring.consent',
        subject: { kind: 'sitting', id: sitting.sittingId },
        details: { locale },
        ...(requestId ? { requestId } : {}),
      },
      this.now(),
    );
  }

  async recordEquipment(sitting: ProctoredSitting, passed: boolean, result: Record<string, unknown>): Promise<void> {
    await this.repo.addEquipmentResult(sitting.sittingId, { passed, result, checkedAt: this.now() });
  }

  /** Camera images (identity photos, snapshots) are accepted only after the candidate's consent. */
  private requireConsent(sitting: ProctoredSitting): void {
    if (!sitting.consentedAt) throw new AppError('proctoring:consent-required', {}, 409);
  }

  async putIdentityPhoto(sitting: ProctoredSitting, kind: 'face' | 'document', bytes: Uint8Array, details: Record<string, unknown>) {
    this.requireConsent(sitting);
    if (bytes.length > MAX_IDENTITY_PHOTO_BYTES) throw new AppError('error:payload-too-large', {}, 413);
    // Decoded here: a 1×1 pixel, a blank or a broken image is refused before anything is stored.
    const { contentType, width, height, contrast } = checkImage(bytes, IDENTITY_PHOTO_MIN);
    const key = `identity/${encodeKey(sitting.sittingId)}/${kind}-${this.now().getTime()}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
    await this.deps.blobs.put(key, bytes);
    const { photo, replacedBlobKey } = await this.repo.putIdentityPhoto(
      { sittingId: sitting.sittingId, kind, blobKey: key, contentType, bytes: bytes.length, details: { ...details, verified: { width, height, contrast } } },
      this.now(),
    );
    if (replacedBlobKey && replacedBlobKey !== key) await this.deps.blobs.delete(replacedBlobKey);
    return { id: photo.id, kind, bytes: photo.bytes };
  }

  /**
   * Stores a batch of event starts/ends from the browser. The type must be a known detector
   * event; its severity comes from the detector's declaration, never from the browser.
   */
  async reportEvents(
    sitting: ProctoredSitting,
    batch: { clientId: string; type: string; startedAt: Date; endedAt: Date | null; details: Record<string, unknown> }[],
  ) {
    const reports: EventReport[] = batch.map((e) => {
      const info = detectorEventType(e.type);
      if (!info) throw new AppError('proctoring:unknown-event-type', { type: e.type }, 400);
      const endedAt = e.endedAt && e.endedAt < e.startedAt ? e.startedAt : e.endedAt;
      return { clientId: e.clientId, type: e.type, severity: info.severity, startedAt: e.startedAt, endedAt, details: e.details };
    });
    const known = new Set((await this.repo.listEvents(sitting.sittingId)).map((e) => e.clientId));
    const added = new Set(reports.map((r) => r.clientId).filter((id) => !known.has(id))).size;
    if (added > 0 && known.size + added > EVIDENCE_CAPS.eventBurst + Math.floor(this.minutesSince(sitting) * EVIDENCE_CAPS.eventsPerMinute)) this.tooMuch();
    const stored = await this.repo.upsertEvents(sitting.sittingId, reports, this.now());
    await this.reconsiderAutomaticValidation(sitting, reports);
    return stored.map((e) => ({ clientId: e.clientId, id: e.id, hasSnapshot: e.snapshotId !== null }));
  }

  /**
   * Events can arrive after the sitting finished (the candidate was offline; the browser sends
   * them when the network returns). If they would have held the sitting for review, an automatic
   * validation is withdrawn and the sitting goes to the reviewers, unless results are already out.
   */
  private async reconsiderAutomaticValidation(sitting: ProctoredSitting, reports: EventReport[]): Promise<void> {
    if (!sitting.finishedAt || sitting.resultsAt || !reports.some((r) => isFlagged(r, this.deps.settings.autoValidateUpTo))) return;
    const decision = await this.repo.getDecision(sitting.sittingId);
    if (!decision?.automatic) return;
    if (await this.repo.withdrawAutomaticDecision(sitting.sittingId)) {
      await this.deps.audit.record(
        {
          actor: { kind: 'system' },
          action: 'proctoring.auto-validation-withdrawn',
          subject: { kind: 'sitting', id: sitting.sittingId },
          details: { lateEvents: reports.map((r) => r.type) },
        },
        this.now(),
      );
      await this.deps.onReviewRequired?.(sitting.sittingId);
    }
  }

  private minutesSince(sitting: ProctoredSitting): number {
    return Math.max(0, this.now().getTime() - sitting.createdAt.getTime()) / 60_000;
  }

  private tooMuch(): never {
    throw new AppError('proctoring:too-much-evidence', {}, 429);
  }

  /**
   * At most one snapshot per event, at most 50 KB, JPEG (or PNG), and no more per sitting than
   * the browser's pace allows (count and bytes). A snapshot only ever weighs against its
   * candidate, so it is not decoded: a reviewer looks at it.
   */
  async addSnapshot(sitting: ProctoredSitting, clientId: string, bytes: Uint8Array) {
    this.requireConsent(sitting);
    if (bytes.length > MAX_SNAPSHOT_BYTES) throw new AppError('proctoring:snapshot-too-large', { max: MAX_SNAPSHOT_BYTES / 1024 }, 413);
    const contentType = imageType(bytes);
    if (!contentType) throw new AppError('proctoring:not-an-image', {}, 415);
    const event = await this.repo.findEvent(sitting.sittingId, clientId);
    if (!event) throw new AppError('proctoring:unknown-event', {}, 404);
    if (event.snapshotId) return { id: event.snapshotId, duplicate: true };
    const totals = await this.repo.evidenceTotals(sitting.sittingId);
    const allowed = EVIDENCE_CAPS.snapshotBurst + Math.floor((this.minutesSince(sitting) * 60_000) / EVIDENCE_CAPS.snapshotEveryMs);
    if (totals.snapshots + 1 > allowed || totals.snapshotBytes + bytes.length > allowed * MAX_SNAPSHOT_BYTES) this.tooMuch();
    const key = `snapshots/${encodeKey(sitting.sittingId)}/${event.id}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
    await this.deps.blobs.put(key, bytes);
    const snapshot = await this.repo.addSnapshot(
      { sittingId: sitting.sittingId, eventId: event.id, blobKey: key, contentType, bytes: bytes.length },
      this.now(),
    );
    return { id: snapshot?.id ?? (await this.repo.findEvent(sitting.sittingId, clientId))?.snapshotId, duplicate: !snapshot };
  }

  /**
   * A monitoring heartbeat from the candidate's browser during the items: a small camera frame,
   * decoded here (a blank or broken frame does not count), with the face count the browser's
   * detector gave. Stored with the server's time; the frame itself is not kept. A candidate
   * exempted from the camera sends none: the heartbeat then only says the page is monitoring.
   */
  async heartbeat(sitting: ProctoredSitting, bytes: Uint8Array, faces: number | null): Promise<void> {
    this.requireConsent(sitting);
    if (sitting.finishedAt) throw new AppError('proctoring:sitting-finished', {}, 409);
    if (bytes.length > MAX_HEARTBEAT_FRAME_BYTES) throw new AppError('error:payload-too-large', {}, 413);
    const frame = sitting.cameraExempt && bytes.length === 0 ? { width: 0, height: 0 } : checkImage(bytes, HEARTBEAT_FRAME_MIN);
    const { lastHeartbeatAt } = await this.repo.evidenceTotals(sitting.sittingId);
    if (lastHeartbeatAt && this.now().getTime() - lastHeartbeatAt.getTime() < EVIDENCE_CAPS.heartbeatMinGapMs) this.tooMuch();
    await this.repo.addHeartbeat({
      sittingId: sitting.sittingId,
      receivedAt: this.now(),
      width: frame.width,
      height: frame.height,
      faces,
      bytes: bytes.length,
    });
  }

  /**
   * What the server itself holds against an automatic validation: monitoring heartbeats missing
   * over the monitored window (from the first item to the last answer, as the delivery module
   * tells; otherwise from the identity check to now), identity photos missing or not verified.
   * Recorded as high-severity events the reviewer sees on the timeline.
   */
  private async recordMissingEvidence(sitting: ProctoredSitting, window: { from?: Date; to?: Date }): Promise<void> {
    const photos = await this.repo.listIdentityPhotos(sitting.sittingId);
    const from = window.from ?? new Date(Math.max(sitting.consentedAt?.getTime() ?? sitting.createdAt.getTime(), ...photos.map((p) => p.createdAt.getTime())));
    const to = window.to ?? this.now();
    const heartbeats = await this.repo.listHeartbeats(sitting.sittingId);
    const reports: EventReport[] = missingMonitoring(
      { from, to },
      heartbeats.map((h) => h.receivedAt),
    )
      .slice(0, 50)
      .map((span) => ({
        clientId: `server:${EVIDENCE_EVENT_TYPES.monitoringMissing}:${span.from.getTime()}`,
        type: EVIDENCE_EVENT_TYPES.monitoringMissing,
        severity: 'high',
        startedAt: span.from,
        endedAt: span.to,
        details: { heartbeats: heartbeats.length, seconds: Math.round((span.to.getTime() - span.from.getTime()) / 1000) },
      }));
    const verified = new Set(photos.filter((p) => p.details.verified !== undefined).map((p) => p.kind));
    if (!sitting.cameraExempt && !(verified.has('face') && verified.has('document'))) {
      reports.push({
        clientId: `server:${EVIDENCE_EVENT_TYPES.identityUnverified}`,
        type: EVIDENCE_EVENT_TYPES.identityUnverified,
        severity: 'high',
        startedAt: from,
        endedAt: from,
        details: { photos: photos.length, verified: verified.size },
      });
    }
    if (reports.length > 0) await this.repo.upsertEvents(sitting.sittingId, reports, this.now());
  }

  /**
   * The sitting's written part is over. The server first records what evidence is missing
   * (heartbeats over the monitored window, verified identity photos); without any event above the
   * configured severity, and with that evidence, the sitting is validated automatically (recorded
   * as such); otherwise it waits for a reviewer.
   */
  async finish(sittingId: string, window: { from?: Date; to?: Date } = {}): Promise<IntegrityStatus> {
    const sitting = await this.sitting(sittingId);
    if (!sitting.finishedAt) await this.recordMissingEvidence(sitting, window);
    await this.repo.markFinished(sittingId, this.now());
    const events = await this.repo.listEvents(sittingId);
    const flagged = events.filter((e) => isFlagged(e, this.deps.settings.autoValidateUpTo));
    if (flagged.length === 0 && !sitting.finishedAt) {
      const decided = await this.repo.decide({ sittingId, decision: 'validated', reason: null, automatic: true, decidedBy: null, decidedAt: this.now() });
      if (decided) {
        await this.deps.audit.record(
          {
            actor: { kind: 'system' },
            action: 'proctoring.auto-validate',
            subject: { kind: 'sitting', id: sittingId },
            details: { events: events.length, heartbeats: (await this.repo.listHeartbeats(sittingId)).length, upTo: this.deps.settings.autoValidateUpTo },
          },
          this.now(),
        );
      }
    }
    return this.integrity(sittingId);
  }

  async integrity(sittingId: string): Promise<IntegrityStatus> {
    const sitting = await this.sitting(sittingId);
    return integrityStatus(sitting, await this.repo.getDecision(sittingId));
  }

  async queue() {
    return reviewQueue(await this.repo.listUndecided(), this.deps.settings.autoValidateUpTo);
  }

  /** Everything a reviewer needs to decide: timeline with snapshots, identity photos, equipment, decision. */
  async review(sittingId: string) {
    const sitting = await this.sitting(sittingId);
    const [events, photos, equipment, decision, heartbeats] = await Promise.all([
      this.repo.listEvents(sittingId),
      this.repo.listIdentityPhotos(sittingId),
      this.repo.latestEquipmentResult(sittingId),
      this.repo.getDecision(sittingId),
      this.repo.listHeartbeats(sittingId),
    ]);
    return {
      sitting,
      status: integrityStatus(sitting, decision),
      events: events.map((e) => ({ ...e, flagged: isFlagged(e, this.deps.settings.autoValidateUpTo) })),
      identityPhotos: photos.map((p) => ({ id: p.id, kind: p.kind, createdAt: p.createdAt, details: p.details })),
      equipment: equipment ?? null,
      decision: decision ?? null,
      monitoring: { heartbeats: heartbeats.length, frames: heartbeats.filter((h) => h.width > 0).length },
    };
  }

  async decide(principal: Principal, sittingId: string, decision: Decision, reason: string | undefined, requestId?: string): Promise<void> {
    const sitting = await this.sitting(sittingId);
    if (!sitting.finishedAt) throw new AppError('proctoring:not-finished', {}, 409);
    const text = reason?.trim() ?? '';
    if (decision === 'invalidated' && text.length < 3) throw new AppError('proctoring:reason-required', {}, 400);
    const ok = await this.repo.decide({
      sittingId,
      decision,
      reason: text || null,
      automatic: false,
      decidedBy: principal.kind === 'staff' ? principal.staffId : principal.userId,
      decidedAt: this.now(),
    });
    if (!ok) throw new AppError('proctoring:already-decided', {}, 409);
    await this.deps.audit.record(
      {
        actor: actorOf(principal),
        action: `proctoring.${decision === 'validated' ? 'validate' : 'invalidate'}`,
        subject: { kind: 'sitting', id: sittingId },
        details: { reason: text || null },
        ...(requestId ? { requestId } : {}),
      },
      this.now(),
    );
    await this.deps.onDecided?.(sittingId);
  }

  /** Accommodation: a centre admin exempts a candidate from camera monitoring; recorded in the audit log. */
  async setCameraExempt(principal: Principal, sittingId: string, exempt: boolean, reason: string, requestId?: string): Promise<void> {
    if (principal.kind !== 'staff' || principal.role !== 'centre-admin') throw new AppError('error:forbidden', {}, 403);
    await this.sitting(sittingId);
    if (reason.trim().length < 3) throw new AppError('proctoring:reason-required', {}, 400);
    await this.repo.setCameraExempt(sittingId, exempt);
    await this.deps.audit.record(
      {
        actor: actorOf(principal),
        action: exempt ? 'proctoring.accommodation.camera-exempt' : 'proctoring.accommodation.revoked',
        subject: { kind: 'sitting', id: sittingId },
        details: { reason: reason.trim() },
        ...(requestId ? { requestId } : {}),
      },
      this.now(),
    );
  }

  /** Called by the results module when results are released: starts the retention period. */
  async resultsReleased(sittingId: string, at: Date = this.now()): Promise<Date> {
    const purgeAfter = new Date(at.getTime() + this.deps.settings.retentionDays * DAY_MS);
    await this.repo.markResults(sittingId, at, purgeAfter);
    return purgeAfter;
  }

  /** A stored image for a reviewer or centre admin (identity photo or snapshot). */
  async evidence(principal: Principal | undefined, kind: 'snapshot' | 'identity', id: string): Promise<{ bytes: Uint8Array; contentType: string }> {
    this.requireReviewer(principal);
    const file = kind === 'snapshot' ? await this.repo.getSnapshot(id) : await this.repo.getIdentityPhoto(id);
    const bytes = file && (await this.deps.blobs.get(file.blobKey));
    if (!file || !bytes) throw new AppError('error:not-found', {}, 404);
    return { bytes, contentType: file.contentType };
  }

  /**
   * Whether the candidate really went through a proctoring step of the sitting (the written test
   * moves on only then): consent recorded, a passed equipment check, both identity photos.
   */
  async stepDone(sittingId: string, step: 'consent' | 'equipment' | 'identity'): Promise<boolean> {
    const sitting = await this.repo.getSitting(sittingId);
    if (!sitting) return false;
    if (step === 'consent') return sitting.consentedAt !== null;
    if (step === 'equipment') return (await this.repo.latestEquipmentResult(sittingId))?.passed === true;
    const kinds = new Set((await this.repo.listIdentityPhotos(sittingId)).map((p) => p.kind));
    return kinds.has('face') && kinds.has('document');
  }

  /**
   * An identity photo of a sitting, for the candidate's assessor (the caller has checked that the
   * sitting is the one of the assessor's own interview).
   */
  async identityPhoto(sittingId: string, kind: 'face' | 'document'): Promise<{ bytes: Uint8Array; contentType: string }> {
    const photo = (await this.repo.listIdentityPhotos(sittingId)).find((p) => p.kind === kind);
    const bytes = photo && (await this.deps.blobs.get(photo.blobKey));
    if (!photo || !bytes) throw new AppError('error:not-found', {}, 404);
    return { bytes, contentType: photo.contentType };
  }

  /** The retention job: deletes the evidence of sittings whose retention period is over. */
  async purgeDue(limit = 100): Promise<number> {
    const due = await this.repo.listDueForPurge(this.now(), limit);
    for (const sitting of due) {
      const keys = await this.repo.purgeEvidence(sitting.sittingId, this.now());
      for (const key of keys) await this.deps.blobs.delete(key);
      await this.deps.audit.record(
        { actor: { kind: 'system' }, action: 'proctoring.purge', subject: { kind: 'sitting', id: sitting.sittingId }, details: { files: keys.length } },
        this.now(),
      );
    }
    return due.length;
  }
}

/** Sitting ids come from other modules; keep them to safe characters in blob keys. */
function encodeKey(id: string): string {
  return `s-${id.replace(/[^a-z0-9_-]/gi, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
