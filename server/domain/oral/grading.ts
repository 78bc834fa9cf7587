/**
 * Grading the oral interview: five criteria of the candidate guide, each on A1–C2, and the rule
 * that gives the oral level (documented in docs/oral.md).
 */
import { levelAtRank, levelRank, ORAL_CRITERIA, type CefrLevel, type OralCriterion } from '../cefr.js';

/** A level given at the oral (the CEFR levels, server/domain/cefr.ts). */
export type Level = CefrLevel;
export type CriteriaLevels = Record<OralCriterion, Level>;

export const OUTCOMES = ['graded', 'no-show', 'incident'] as const;

/** The job a grade commits with it: the certification result takes the oral level from there. */
export const ORAL_GRADED_JOB = 'certification.oral-graded';
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The oral level: the median of the five criteria, but never more than one level above the
 * weakest criterion. The median keeps one unusually strong or weak criterion from moving the
 * result; the cap keeps a clear weakness (say A2 pronunciation among C1s) from being hidden.
 */
export function oralLevel(criteria: CriteriaLevels): Level {
  const ranks = ORAL_CRITERIA.map((c) => levelRank(criteria[c])).sort((a, b) => a - b);
  const median = ranks[2]!;
  const cap = ranks[0]! + 1;
  return levelAtRank(Math.min(median, cap));
}

export interface OralAssessment {
  bookingId: string;
  assessorId: string;
  outcome: Outcome;
  /** Present when outcome is graded. */
  criteria: CriteriaLevels | null;
  level: Level | null;
  comments: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface OralAssessmentRepository {
  /** Creates or replaces the assessment of a booking. */
  save(assessment: Omit<OralAssessment, 'createdAt' | 'updatedAt'>, now: Date): Promise<OralAssessment>;
  get(bookingId: string): Promise<OralAssessment | undefined>;
}
