/**
 * From the parts to the certified levels (docs/results.md explains the choices).
 *
 * - Written overall: the median of the five skill levels. With five skills the median is the
 *   third level in order: three skills at least reach it, three at most. One unusually strong or
 *   weak skill does not move it, and it is always a level the candidate actually showed — a mean
 *   of ranks rounded would invent B2 out of B1 and C1, and rounding halves is a choice nobody
 *   can explain to a candidate.
 * - Overall, oral required: the lower of the written overall and the oral level. The two parts
 *   are indissociable: a certified B2 means B2 in writing and B2 in speaking.
 * - Overall, oral not required (the centre's choice for the activity): the written overall.
 * - Target reached: the overall level is at or above the centre's objective (always, when the
 *   activity sets none).
 */
import type { FinalGrades, Levels, OralGrade, WrittenSkillResult } from './types.js';
import { atLeast, GRADE_TAGS, levelAtRank, levelRank, lowerLevel, SKILLS, type CefrLevel, type GradeTag } from '../cefr.js';

/**
 * How clear-cut a skill's level is, in words a candidate reads instead of "±0.48 · 56 %": the
 * probability that their ability lies within the level awarded (`levelProbability`), high from
 * 80 %, medium from 60 %, else low (the ability is near a neighbouring level's boundary).
 */
export function levelCertainty(levelProbability: number): 'high' | 'medium' | 'low' {
  return levelProbability >= 0.8 ? 'high' : levelProbability >= 0.6 ? 'medium' : 'low';
}

/** Median of the five written skill levels. */
export function writtenOverall(levels: readonly CefrLevel[]): CefrLevel {
  if (levels.length !== SKILLS.length) throw new Error(`the written overall needs the ${SKILLS.length} skills, got ${levels.length}`);
  const ranks = levels.map(levelRank).sort((a, b) => a - b);
  return levelAtRank(ranks[Math.floor(ranks.length / 2)]!);
}

export function meetsTarget(level: CefrLevel, target: CefrLevel | null): boolean {
  return target === null || atLeast(level, target);
}

/**
 * The levels a result awards. No partial result: when the oral is required and missing, or a
 * skill of the written part is missing, there is nothing to award and this throws.
 */
export function computeLevels(input: {
  written: readonly WrittenSkillResult[];
  oral: OralGrade | null;
  oralRequired: boolean;
  targetLevel: CefrLevel | null;
}): Levels {
  const bySkill = new Map(input.written.map((w) => [w.skill, w.level]));
  const missing = SKILLS.filter((s) => !bySkill.has(s));
  if (missing.length > 0) throw new Error(`no partial result: written skills missing (${missing.join(', ')})`);
  if (input.oralRequired && !input.oral) throw new Error('no partial result: the oral is required and not graded');
  const written = Object.fromEntries(SKILLS.map((s) => [s, bySkill.get(s)!])) as Levels['written'];
  const wOverall = writtenOverall(SKILLS.map((s) => written[s]));
  const oral = input.oral?.level ?? null;
  const overall = input.oralRequired && oral ? lowerLevel(wOverall, oral) : wOverall;
  return { written, writtenOverall: wOverall, oral, overall, targetReached: meetsTarget(overall, input.targetLevel) };
}

/** The final grades for the LMS: a level per line item when validated, none when invalidated. */
export function finalGrades(result: {
  activity: { activityId: string };
  userId: string;
  levels: Levels | null;
  decision: { outcome: string; reason?: string } | null;
}): FinalGrades {
  const base = { activityId: result.activity.activityId, userId: result.userId };
  if (!result.levels || result.decision?.outcome === 'invalidated') {
    return { ...base, outcome: 'invalidated', levels: {}, comment: result.decision?.reason ?? null };
  }
  const l = result.levels;
  const levels: Partial<Record<GradeTag, CefrLevel>> = {};
  for (const tag of GRADE_TAGS) {
    if (tag === 'overall') levels.overall = l.overall;
    else if (tag === 'oral') {
      if (l.oral) levels.oral = l.oral;
    } else levels[tag] = l.written[tag];
  }
  return { ...base, outcome: 'validated', levels, comment: null };
}
