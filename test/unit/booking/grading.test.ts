import { describe, expect, it } from 'vitest';
import { oralLevel, type CriteriaLevels } from '../../../server/domain/oral/grading.js';

const all = (level: CriteriaLevels['vocabulary']): CriteriaLevels => ({
  vocabulary: level,
  grammar: level,
  fluency: level,
  pronunciation: level,
  interaction: level,
});

describe('oral level from the five criteria', () => {
  it('is the level itself when all criteria agree', () => {
    expect(oralLevel(all('A1'))).toBe('A1');
    expect(oralLevel(all('C2'))).toBe('C2');
  });
  it('is the median: one stronger or weaker criterion does not move it', () => {
    expect(oralLevel({ ...all('B2'), pronunciation: 'C2' })).toBe('B2');
    expect(oralLevel({ ...all('B2'), grammar: 'B1' })).toBe('B2');
    expect(oralLevel({ vocabulary: 'B1', grammar: 'B1', fluency: 'B2', pronunciation: 'C1', interaction: 'C1' })).toBe('B2');
  });
  it('is never more than one level above the weakest criterion', () => {
    expect(oralLevel({ ...all('C1'), pronunciation: 'A2' })).toBe('B1');
    expect(oralLevel({ ...all('C2'), interaction: 'A1' })).toBe('A2');
  });
});
