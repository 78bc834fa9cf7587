/**
 * The CEFR vocabulary of the certification, defined once: the six levels, the five written skills
 * and the oral, the oral's criteria, the grade tags of the LMS line items, the 0–6 score of a level
 * and the comparisons ("at least B1"). Plain data and pure functions with no import at all, so the
 * server, the LTI and SCORM layers, the item-type plugins and the browser bundle all take it from
 * here (docs/architecture.md, "The CEFR vocabulary"). Zod schemas are built from these lists where
 * they are needed (`z.enum(LEVELS)`).
 */

/** The six CEFR levels, lowest first. */
export const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof LEVELS)[number];

/** The five skills of the written test, in the order of its sections. */
export const SKILLS = ['vocabulary', 'grammar', 'expressions', 'reading', 'listening'] as const;
export type Skill = (typeof SKILLS)[number];

/** The oral interview, the part after the five written skills. */
export const ORAL = 'oral';
/** Every part that gets a level: the five written skills, then the oral. */
export const PARTS = [...SKILLS, ORAL] as const;
export type Part = (typeof PARTS)[number];

/** The five criteria of the oral interview (candidate guide, "How is the oral interview conducted?"). */
export const ORAL_CRITERIA = ['vocabulary', 'grammar', 'fluency', 'pronunciation', 'interaction'] as const;
export type OralCriterion = (typeof ORAL_CRITERIA)[number];

/** The seven LMS line items (AGS tags): the overall level, one per written skill, the oral. */
export const GRADE_TAGS = ['overall', ...PARTS] as const;
export type GradeTag = (typeof GRADE_TAGS)[number];

export interface Bilingual {
  fr: string;
  en: string;
}

/** The name of each part, as the candidate guide and the result sheet write it. */
export const PART_NAMES: Record<Part, Bilingual> = {
  vocabulary: { fr: 'Vocabulaire', en: 'Vocabulary' },
  grammar: { fr: 'Grammaire et syntaxe', en: 'Grammar and syntax' },
  expressions: { fr: 'Termes et expressions', en: 'Terms and expressions' },
  reading: { fr: 'Compréhension écrite', en: 'Reading comprehension' },
  listening: { fr: 'Compréhension orale', en: 'Listening comprehension' },
  oral: { fr: 'Entretien oral', en: 'Oral interview' },
};

/** The labels of the LMS line items (short: they head gradebook columns). */
export const GRADE_TAG_LABELS: Record<GradeTag, Bilingual> = {
  overall: { fr: 'Niveau CECRL — global', en: 'CEFR level — overall' },
  vocabulary: { fr: 'Vocabulaire', en: 'Vocabulary' },
  grammar: { fr: 'Grammaire', en: 'Grammar' },
  expressions: { fr: 'Expressions', en: 'Expressions' },
  reading: { fr: 'Compréhension écrite', en: 'Reading' },
  listening: { fr: 'Compréhension orale', en: 'Listening' },
  oral: { fr: 'Entretien oral', en: 'Oral interview' },
};

/** The highest score: C2. Scores are 0 (below A1, or no level) and A1 = 1 … C2 = 6. */
export const SCORE_MAXIMUM = 6;

export function isLevel(value: unknown): value is CefrLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

export function isSkill(value: unknown): value is Skill {
  return typeof value === 'string' && (SKILLS as readonly string[]).includes(value);
}

/** A1 → 0 … C2 → 5: for ordering and medians. */
export function levelRank(level: CefrLevel): number {
  return LEVELS.indexOf(level);
}

/** 0 → A1 … 5 → C2, clamped to the scale. */
export function levelAtRank(rank: number): CefrLevel {
  return LEVELS[Math.min(LEVELS.length - 1, Math.max(0, Math.floor(rank)))]!;
}

/** A1 → 1 … C2 → 6 (the AGS and SCORM score). */
export function levelScore(level: CefrLevel): number {
  return levelRank(level) + 1;
}

/** 1 → A1 … 6 → C2; a fractional score rounds down to the level reached; below 1 (or not a number) is no level. */
export function levelOfScore(score: number): CefrLevel | null {
  const n = Math.floor(score);
  return n >= 1 ? LEVELS[Math.min(n, SCORE_MAXIMUM) - 1]! : null;
}

/** Negative when a is below b, 0 when equal, positive when above (for Array.prototype.sort). */
export function compareLevels(a: CefrLevel, b: CefrLevel): number {
  return levelRank(a) - levelRank(b);
}

/** Whether `level` reaches `minimum` ("at least B1"). */
export function atLeast(level: CefrLevel, minimum: CefrLevel): boolean {
  return levelRank(level) >= levelRank(minimum);
}

/** The lower of two levels. */
export function lowerLevel(a: CefrLevel, b: CefrLevel): CefrLevel {
  return levelRank(a) <= levelRank(b) ? a : b;
}
