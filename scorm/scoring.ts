/**
 * How a CEFR certification result becomes SCORM run-time data. Pure functions: the launch
 * endpoint computes the exact CMI writes and the launcher only applies them, so every rule is
 * here and unit-tested.
 *
 * Scores: the certification's overall result is 0–6 (0 below A1, A1 = 1 … C2 = 6, as in the AGS
 * grades). Packages report it either as is (scale "cefr": min 0, max 6) or as a percentage
 * (scale "percent": min 0, max 100, raw = round(level / 6 × 100)). The mastery score (1.2) and
 * the primary objective's minimum normalised measure (2004) are the target level on the same scale,
 * so an LMS that recomputes passed/failed from the score agrees with Cadre.
 */
import { levelScore, SCORE_MAXIMUM, type CefrLevel } from '../server/domain/cefr.js';

export type { CefrLevel };
export type ScormVersion = '1.2' | '2004';
export type ScoreScale = 'cefr' | 'percent';

/** What the certification stands at for one learner (from the results module). */
export type ScormResultState = 'not-started' | 'in-progress' | 'awaiting' | 'released';

export interface ScormResult {
  state: ScormResultState;
  /** Overall result 0–6, when released. */
  score0to6?: number;
  /** Whether the released result reaches the activity's target level. */
  passed?: boolean;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The score on the package's scale: 0–6 as is (two decimals at most), or 0–100 rounded. */
export function rawScore(score0to6: number, scale: ScoreScale): number {
  const clamped = Math.min(SCORE_MAXIMUM, Math.max(0, score0to6));
  return scale === 'cefr' ? round(clamped, 2) : Math.round((clamped / SCORE_MAXIMUM) * 100);
}

export function scoreRange(scale: ScoreScale): { min: number; max: number } {
  return scale === 'cefr' ? { min: 0, max: SCORE_MAXIMUM } : { min: 0, max: 100 };
}

/** SCORM 2004 cmi.score.scaled in [0, 1], four decimals. */
export function scaledScore(score0to6: number): number {
  return round(Math.min(SCORE_MAXIMUM, Math.max(0, score0to6)) / SCORE_MAXIMUM, 4);
}

/** SCORM 1.2 adlcp:masteryscore for a target level, on the package's scale. */
export function masteryScore(target: CefrLevel, scale: ScoreScale): number {
  return rawScore(levelScore(target), scale);
}

/** SCORM 2004 imsss:minNormalizedMeasure: the target level's scaled score (never above it). */
export function minNormalizedMeasure(target: CefrLevel): number {
  return Math.floor((levelScore(target) / SCORE_MAXIMUM) * 10_000) / 10_000;
}

/** Passed when the result reaches the target level, unless the results module says otherwise. */
export function isPassed(result: ScormResult, target: CefrLevel): boolean {
  if (typeof result.passed === 'boolean') return result.passed;
  return (result.score0to6 ?? 0) >= levelScore(target);
}

export type CmiWrite = [element: string, value: string];

/**
 * The data model writes for a result, in the order to apply them (score bounds before the raw
 * score, statuses last). Until the result is released nothing about success is claimed:
 * 1.2 "incomplete" (not started, under way) then "completed" (written part done, awaiting the oral
 * or the review); 2004 completion incomplete/completed with success "unknown".
 */
export function cmiWrites(version: ScormVersion, result: ScormResult, target: CefrLevel, scale: ScoreScale): CmiWrite[] {
  const done = result.state === 'awaiting' || result.state === 'released';
  const released = result.state === 'released' && typeof result.score0to6 === 'number';
  const writes: CmiWrite[] = [];
  if (version === '1.2') {
    if (released) {
      const { min, max } = scoreRange(scale);
      writes.push(['cmi.core.score.min', String(min)], ['cmi.core.score.max', String(max)], ['cmi.core.score.raw', String(rawScore(result.score0to6!, scale))]);
      writes.push(['cmi.core.lesson_status', isPassed(result, target) ? 'passed' : 'failed']);
    } else {
      writes.push(['cmi.core.lesson_status', done ? 'completed' : 'incomplete']);
    }
    return writes;
  }
  if (released) {
    const { min, max } = scoreRange(scale);
    writes.push(
      ['cmi.score.min', String(min)],
      ['cmi.score.max', String(max)],
      ['cmi.score.raw', String(rawScore(result.score0to6!, scale))],
      ['cmi.score.scaled', String(scaledScore(result.score0to6!))],
    );
  }
  writes.push(['cmi.completion_status', done ? 'completed' : 'incomplete']);
  writes.push(['cmi.success_status', released ? (isPassed(result, target) ? 'passed' : 'failed') : 'unknown']);
  return writes;
}
