import { describe, expect, it } from 'vitest';
import { LEVELS, levelScore } from '../../server/domain/cefr.js';
import { cmiWrites, masteryScore, minNormalizedMeasure, rawScore, scaledScore } from '../../scorm/scoring.js';

describe('what a SCORM package reports to the LMS', () => {
  it('says nothing about success before the result is released (1.2)', () => {
    expect(cmiWrites('1.2', { state: 'not-started' }, 'B1', 'cefr')).toEqual([['cmi.core.lesson_status', 'incomplete']]);
    expect(cmiWrites('1.2', { state: 'in-progress' }, 'B1', 'cefr')).toEqual([['cmi.core.lesson_status', 'incomplete']]);
    expect(cmiWrites('1.2', { state: 'awaiting' }, 'B1', 'cefr')).toEqual([['cmi.core.lesson_status', 'completed']]);
  });

  it('writes the 0–6 score with its bounds, then passed or failed against the target level (1.2)', () => {
    expect(cmiWrites('1.2', { state: 'released', score0to6: 4 }, 'B1', 'cefr')).toEqual([
      ['cmi.core.score.min', '0'],
      ['cmi.core.score.max', '6'],
      ['cmi.core.score.raw', '4'],
      ['cmi.core.lesson_status', 'passed'],
    ]);
    expect(cmiWrites('1.2', { state: 'released', score0to6: 2 }, 'B1', 'percent')).toEqual([
      ['cmi.core.score.min', '0'],
      ['cmi.core.score.max', '100'],
      ['cmi.core.score.raw', '33'],
      ['cmi.core.lesson_status', 'failed'],
    ]);
  });

  it('reports completion and success separately, with a scaled score (2004)', () => {
    expect(cmiWrites('2004', { state: 'awaiting' }, 'B2', 'cefr')).toEqual([
      ['cmi.completion_status', 'completed'],
      ['cmi.success_status', 'unknown'],
    ]);
    expect(cmiWrites('2004', { state: 'released', score0to6: 4 }, 'B2', 'cefr')).toEqual([
      ['cmi.score.min', '0'],
      ['cmi.score.max', '6'],
      ['cmi.score.raw', '4'],
      ['cmi.score.scaled', '0.6667'],
      ['cmi.completion_status', 'completed'],
      ['cmi.success_status', 'passed'],
    ]);
  });

  it('follows the results module when it says passed or not', () => {
    const writes = cmiWrites('1.2', { state: 'released', score0to6: 5, passed: false }, 'B1', 'cefr');
    expect(writes.at(-1)).toEqual(['cmi.core.lesson_status', 'failed']);
  });

  it('puts the mastery score and the minimum normalised measure at the target level, on the same scale as the score', () => {
    for (const level of LEVELS) {
      const n = levelScore(level);
      expect(rawScore(n, 'cefr')).toBeGreaterThanOrEqual(masteryScore(level, 'cefr'));
      expect(rawScore(n, 'percent')).toBeGreaterThanOrEqual(masteryScore(level, 'percent'));
      expect(rawScore(n - 1, 'percent')).toBeLessThan(masteryScore(level, 'percent'));
      expect(scaledScore(n)).toBeGreaterThanOrEqual(minNormalizedMeasure(level));
      expect(scaledScore(n - 1)).toBeLessThan(minNormalizedMeasure(level));
    }
    expect(masteryScore('B1', 'cefr')).toBe(3);
    expect(masteryScore('B1', 'percent')).toBe(50);
    expect(minNormalizedMeasure('A2')).toBe(0.3333);
  });
});
