/**
 * The certification result as a state machine. Pure transitions: the service loads a result,
 * applies one with the current time and commits it (with the jobs it calls for) before answering.
 *
 *   awaiting-oral ──oral graded──▶ awaiting-review ──decision──▶ validated ─┐
 *        │                              │                                   ├─release─▶ released
 *        │ (nothing to review)          └──────────decision──▶ invalidated ─┘
 *        └──────────────────────────────────────────▶ validated
 *
 * - A result opens when the written part is done: awaiting-oral when the activity requires the
 *   oral, otherwise straight to awaiting-review or validated.
 * - Nothing is awarded before both parts are in (no partial result): the levels are computed at
 *   validation, never earlier.
 * - A reviewer may decide before the oral (a sitting invalidated for cheating need not wait for
 *   it; a validation is kept until the oral is graded).
 * - validated and invalidated are released at once by the service: "release when the reviewer's
 *   decision is in, or automatically when nothing needs review".
 */
import { computeLevels } from './levels.js';
import type { ActivityTerms, CertificationResult, Contact, OralGrade, ResultState, ReviewDecision, WrittenSkillResult } from './types.js';

export class ResultTransitionError extends Error {
  constructor(
    readonly id: string,
    readonly state: ResultState,
  ) {
    super(`${id} (state ${state})`);
    this.name = 'ResultTransitionError';
  }
}

export interface OpenResultInput {
  id: string;
  sittingId: string;
  userId: string;
  activity: ActivityTerms;
  candidate: Contact;
  instructors: Contact[];
  written: WrittenSkillResult[];
  writtenAt: string;
  reviewNeeded: boolean;
}

/** Where a result stands once its inputs are known (before release). */
function settle(r: CertificationResult): CertificationResult {
  if (r.decision?.outcome === 'invalidated') return { ...r, state: 'invalidated', levels: null };
  if (r.activity.oralRequired && !r.oral) return { ...r, state: 'awaiting-oral' };
  if (r.reviewNeeded && !r.decision) return { ...r, state: 'awaiting-review' };
  const levels = computeLevels({ written: r.written, oral: r.oral, oralRequired: r.activity.oralRequired, targetLevel: r.activity.targetLevel });
  return { ...r, state: 'validated', levels };
}

function touch(r: CertificationResult, now: Date): CertificationResult {
  return { ...r, updatedAt: now.toISOString(), version: r.version + 1 };
}

export function openResult(input: OpenResultInput, now: Date): CertificationResult {
  const at = now.toISOString();
  return settle({
    ...input,
    state: 'awaiting-oral',
    oral: null,
    decision: null,
    levels: null,
    releasedAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
}

/** The oral grade arrives (once; a regrade before release replaces it). */
export function recordOral(r: CertificationResult, grade: OralGrade, now: Date): CertificationResult {
  if (!r.activity.oralRequired) throw new ResultTransitionError('result:oral-not-required', r.state);
  if (r.state !== 'awaiting-oral' && r.state !== 'awaiting-review') throw new ResultTransitionError('result:not-awaiting-oral', r.state);
  return touch(settle({ ...r, oral: grade }), now);
}

/** Proctoring raised something after the result opened: a human must look before validation. */
export function requireReview(r: CertificationResult, now: Date): CertificationResult {
  if (r.state !== 'awaiting-oral' && r.state !== 'awaiting-review') throw new ResultTransitionError('result:already-decided', r.state);
  if (r.reviewNeeded) return r;
  return touch(settle({ ...r, reviewNeeded: true }), now);
}

/** The reviewer's decision. An invalidation needs a reason. */
export function decide(r: CertificationResult, decision: ReviewDecision, now: Date): CertificationResult {
  if (r.state !== 'awaiting-oral' && r.state !== 'awaiting-review') throw new ResultTransitionError('result:already-decided', r.state);
  if (decision.outcome === 'invalidated' && !decision.reason?.trim()) throw new ResultTransitionError('result:reason-required', r.state);
  return touch(settle({ ...r, decision }), now);
}

export function release(r: CertificationResult, now: Date): CertificationResult {
  if (r.state !== 'validated' && r.state !== 'invalidated') throw new ResultTransitionError('result:not-releasable', r.state);
  return touch({ ...r, state: 'released', releasedAt: now.toISOString() }, now);
}

/** Released and validated: the levels are awarded. */
export function isAwarded(r: CertificationResult): boolean {
  return r.state === 'released' && r.levels !== null && r.decision?.outcome !== 'invalidated';
}

/** Released and validated with the target reached: a certificate is issued. */
export function earnsCertificate(r: CertificationResult): boolean {
  return isAwarded(r) && r.levels!.targetReached;
}
