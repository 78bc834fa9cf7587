/**
 * Grading the oral interview: five criteria of the candidate guide, each on A1–C2, and the rule
 * that gives the oral level (documented in docs/oral.md).
 */
export const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type Level = (typeof LEVELS)[number];

export const CRITERIA = ['vocabulary', 'grammar', 'fluency', 'pronunciation', 'interaction'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type CriteriaLevels = Record<Criterion, Level>;

export const OUTCOMES = ['graded', 'no-show', 'incident'] as const;

/** The job a grade commits with it: the certification result takes the oral level from there. */
export const ORAL_GRADED_JOB = 'certification.oral-graded';
export type Outcome = (typeof OUTCOMES)[number];

const rank = (level: Level): number => LEVELS.indexOf(level);

/**
 * The oral level: the median of the five criteria, but never more than one level above the
 * weakest criterion. The median keeps one unusually strong or weak criterion from moving the
 * result; the cap keeps a clear weakness (say A2 pronunciation among C1s) from being hidden.
 */
export function oralLevel(criteria: CriteriaLevels): Level {
  const ranks = CRITERIA.map((c) => rank(criteria[c])).sort((a, b) => a - b);
  const median = ranks[2]!;
  const cap = ranks[0]! + 1;
  return LEVELS[Math.min(median, cap)]!;
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
