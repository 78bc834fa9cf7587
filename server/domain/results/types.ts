/**
 * The certification result of one sitting and what it needs from the other parts of Cadre.
 * The small interfaces at the top (OralGrade, ReviewDecision, FinalGrades…) are the seams the
 * oral grading, proctoring review and LTI passback plug into; results/ defines them so it does
 * not depend on how those parts store their own data.
 */
import type { SubLevel } from '../adaptive/cefr.js';
import type { CefrLevel, GradeTag, OralCriterion, Skill } from '../cefr.js';

/** What the oral grading gives us: a level per criterion and the oral level its own rule derived. */
export interface OralGrade {
  criteria: Record<OralCriterion, CefrLevel>;
  level: CefrLevel;
  assessorId: string;
  gradedAt: string;
}

/** What the proctoring review gives us: the reviewer's decision on the sitting. */
export interface ReviewDecision {
  outcome: 'validated' | 'invalidated';
  /** Required for an invalidation: told to the candidate and the instructor. */
  reason?: string;
  reviewerId: string;
  decidedAt: string;
}

/** One written skill as the result sheet reports it (from the adaptive engine's SkillResult). */
export interface WrittenSkillResult {
  skill: Skill;
  level: CefrLevel;
  subLevel: SubLevel;
  theta: number;
  se: number;
  /** Posterior probability that the candidate's level is the reported one. */
  levelProbability: number;
  /** Posterior probability of each band A1..C2. */
  bandProbabilities: number[];
}

export interface Contact {
  name: string | null;
  email: string | null;
  locale: 'fr' | 'en';
}

/** The activity's terms, fixed when the result is opened. */
export interface ActivityTerms {
  activityId: string;
  contextId: string;
  title: string | null;
  /** ISO 639-1 code of the certified language ("en"). */
  language: string;
  /** The CEFR objective the centre set; null when none (any validated level is certified). */
  targetLevel: CefrLevel | null;
  oralRequired: boolean;
  /**
   * Whether the written part was taken under webcam proctoring. Only then may the certificate say
   * "proctored" (issue 16). Results opened before this was recorded lack it (undefined in the
   * stored JSON): their certificates say nothing of proctoring either way.
   */
  proctored: boolean;
}

export const RESULT_STATES = ['awaiting-oral', 'awaiting-review', 'validated', 'invalidated', 'released'] as const;
export type ResultState = (typeof RESULT_STATES)[number];

/** The levels a released, validated result awards. */
export interface Levels {
  written: Record<Skill, CefrLevel>;
  writtenOverall: CefrLevel;
  oral: CefrLevel | null;
  overall: CefrLevel;
  targetReached: boolean;
}

export interface CertificationResult {
  id: string;
  sittingId: string;
  userId: string;
  activity: ActivityTerms;
  candidate: Contact;
  /** Who is told when the result is released (the activity's instructors). */
  instructors: Contact[];
  state: ResultState;
  written: WrittenSkillResult[];
  /** The date the written part was finished. */
  writtenAt: string;
  oral: OralGrade | null;
  /** True when proctoring raised something a human must look at before validation. */
  reviewNeeded: boolean;
  decision: ReviewDecision | null;
  /** Computed when the result is validated; null before and for invalidated results. */
  levels: Levels | null;
  releasedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency, as for sittings: every write names the version it read. */
  version: number;
}

/** What the LTI passback receives when a result opens and is not released at once: "Pending", no level. */
export interface PendingGrades {
  activityId: string;
  userId: string;
  outcome: 'pending';
  /** Without an oral, the oral line item gets nothing. */
  oralRequired: boolean;
}

/** What the LTI passback receives when a result is released. */
export interface FinalGrades {
  activityId: string;
  userId: string;
  outcome: 'validated' | 'invalidated';
  /** The final levels (empty for an invalidated sitting: no level is awarded). */
  levels: Partial<Record<GradeTag, CefrLevel>>;
  /** For the gradebook comment: the reason of an invalidation. */
  comment: string | null;
}
