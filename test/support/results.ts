import type { OpenResultInput } from '../../server/domain/results/result.js';
import { type OralGrade, type WrittenSkillResult } from '../../server/domain/results/types.js';
import { SKILLS, type CefrLevel, type Skill } from '../../server/domain/cefr.js';

export function writtenAt(levels: Record<Skill, CefrLevel>): WrittenSkillResult[] {
  return SKILLS.map((skill) => ({
    skill,
    level: levels[skill],
    subLevel: 'middle',
    theta: 0.1,
    se: 0.32,
    levelProbability: 0.81,
    bandProbabilities: [0.01, 0.04, 0.81, 0.12, 0.02, 0],
  }));
}

export const B2_WRITTEN = { vocabulary: 'B2', grammar: 'B2', expressions: 'C1', reading: 'B1', listening: 'B2' } as const;

export function oralGrade(level: CefrLevel, criteria?: Partial<OralGrade['criteria']>): OralGrade {
  return {
    criteria: { vocabulary: level, grammar: level, fluency: level, pronunciation: level, interaction: level, ...criteria },
    level,
    assessorId: 'assessor-1',
    gradedAt: '2026-03-03T10:00:00.000Z',
  };
}

export function openInput(
  overrides: Partial<OpenResultInput> & { targetLevel?: CefrLevel | null; oralRequired?: boolean; proctored?: boolean } = {},
): OpenResultInput {
  const { targetLevel = 'B2', oralRequired = true, proctored = true, ...rest } = overrides;
  return {
    id: 'result-1',
    sittingId: 'sitting-1',
    userId: 'user-1',
    activity: { activityId: 'activity-1', contextId: 'course-1', title: 'Certification anglais', language: 'en', targetLevel, oralRequired, proctored },
    candidate: { name: 'Camille Martin', email: 'camille@example.org', locale: 'fr' },
    instructors: [{ name: 'Dominique Leroy', email: 'dleroy@example.org', locale: 'en' }],
    written: writtenAt(B2_WRITTEN),
    writtenAt: '2026-03-02T09:00:00.000Z',
    reviewNeeded: false,
    ...rest,
  };
}
