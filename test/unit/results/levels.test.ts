import { describe, expect, it } from 'vitest';
import { computeLevels, finalGrades, levelCertainty, meetsTarget, writtenOverall } from '../../../server/domain/results/levels.js';
import { B2_WRITTEN, oralGrade, writtenAt } from '../../support/results.js';

describe('written overall level: the median of the five skills', () => {
  it('is the level three skills reach and three do not exceed', () => {
    expect(writtenOverall(['B2', 'B2', 'C1', 'B1', 'B2'])).toBe('B2');
    expect(writtenOverall(['A2', 'B1', 'C1', 'C1', 'C2'])).toBe('C1');
  });

  it('is not moved by one outlying skill', () => {
    expect(writtenOverall(['B1', 'B1', 'B1', 'B1', 'C2'])).toBe('B1');
    expect(writtenOverall(['A1', 'B2', 'B2', 'B2', 'B2'])).toBe('B2');
  });

  it('is always a level the candidate showed, never an average between two', () => {
    // A rounded mean of ranks would give B2 here; nobody was placed at B2.
    expect(writtenOverall(['B1', 'B1', 'B1', 'C1', 'C1'])).toBe('B1');
  });

  it('refuses fewer than five skills', () => {
    expect(() => writtenOverall(['B1', 'B1', 'B1', 'B1'])).toThrow(/5 skills/);
  });
});

describe('overall level', () => {
  it('is the lower of the written overall and the oral level when the oral is required', () => {
    expect(computeLevels({ written: writtenAt(B2_WRITTEN), oral: oralGrade('B1'), oralRequired: true, targetLevel: 'B2' })).toMatchObject({
      writtenOverall: 'B2',
      oral: 'B1',
      overall: 'B1',
      targetReached: false,
    });
    expect(computeLevels({ written: writtenAt(B2_WRITTEN), oral: oralGrade('C1'), oralRequired: true, targetLevel: 'B2' })).toMatchObject({
      overall: 'B2',
      targetReached: true,
    });
  });

  it('is the written overall when the activity does not require the oral', () => {
    expect(computeLevels({ written: writtenAt(B2_WRITTEN), oral: null, oralRequired: false, targetLevel: 'C1' })).toMatchObject({
      overall: 'B2',
      oral: null,
      targetReached: false,
    });
  });

  it('awards no partial result: no oral, or a missing skill, means no level at all', () => {
    expect(() => computeLevels({ written: writtenAt(B2_WRITTEN), oral: null, oralRequired: true, targetLevel: 'B2' })).toThrow(/no partial result/);
    expect(() => computeLevels({ written: writtenAt(B2_WRITTEN).slice(1), oral: oralGrade('B2'), oralRequired: true, targetLevel: 'B2' })).toThrow(
      /vocabulary/,
    );
  });

  it('reaches the target at or above it, and always when the centre set none', () => {
    expect(meetsTarget('B2', 'B2')).toBe(true);
    expect(meetsTarget('C1', 'B2')).toBe(true);
    expect(meetsTarget('B1', 'B2')).toBe(false);
    expect(meetsTarget('A1', null)).toBe(true);
  });
});

describe('final grades for the gradebook', () => {
  const levels = computeLevels({ written: writtenAt(B2_WRITTEN), oral: oralGrade('B2'), oralRequired: true, targetLevel: 'B2' });

  it('carries a level for each of the seven line items once validated', () => {
    expect(finalGrades({ activity: { activityId: 'a' }, userId: 'u', levels, decision: null })).toEqual({
      activityId: 'a',
      userId: 'u',
      outcome: 'validated',
      levels: { overall: 'B2', vocabulary: 'B2', grammar: 'B2', expressions: 'C1', reading: 'B1', listening: 'B2', oral: 'B2' },
      comment: null,
    });
  });

  it('carries no level and the reason for an invalidated sitting', () => {
    expect(
      finalGrades({ activity: { activityId: 'a' }, userId: 'u', levels: null, decision: { outcome: 'invalidated', reason: 'Another person answered' } }),
    ).toEqual({
      activityId: 'a',
      userId: 'u',
      outcome: 'invalidated',
      levels: {},
      comment: 'Another person answered',
    });
  });
});

describe('how clear-cut a level is, in words', () => {
  it('is high from 80 % inside the level, medium from 60 %, else low (near a neighbouring level)', () => {
    expect([0.95, 0.8, 0.79, 0.6, 0.56, 0.3].map(levelCertainty)).toEqual(['high', 'high', 'medium', 'medium', 'low', 'low']);
  });
});
