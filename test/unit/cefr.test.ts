import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  atLeast,
  compareLevels,
  GRADE_TAG_LABELS,
  GRADE_TAGS,
  isLevel,
  isSkill,
  LEVELS,
  levelAtRank,
  levelOfScore,
  levelRank,
  levelScore,
  lowerLevel,
  ORAL_CRITERIA,
  PART_NAMES,
  PARTS,
  SCORE_MAXIMUM,
  SKILLS,
} from '../../server/domain/cefr.js';

describe('the CEFR vocabulary', () => {
  it('lists the six levels lowest first, the five written skills in section order, then the oral', () => {
    expect(LEVELS).toEqual(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
    expect(SKILLS).toEqual(['vocabulary', 'grammar', 'expressions', 'reading', 'listening']);
    expect(PARTS).toEqual([...SKILLS, 'oral']);
    expect(GRADE_TAGS).toEqual(['overall', 'vocabulary', 'grammar', 'expressions', 'reading', 'listening', 'oral']);
    expect(ORAL_CRITERIA).toEqual(['vocabulary', 'grammar', 'fluency', 'pronunciation', 'interaction']);
  });

  it('scores A1 = 1 … C2 = 6 and reads a score back to the level reached', () => {
    expect(LEVELS.map(levelScore)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(SCORE_MAXIMUM).toBe(levelScore('C2'));
    for (const level of LEVELS) expect(levelOfScore(levelScore(level))).toBe(level);
    expect(levelOfScore(3.99)).toBe('B1');
    expect(levelOfScore(0)).toBeNull();
    expect(levelOfScore(0.9)).toBeNull();
    expect(levelOfScore(-1)).toBeNull();
    expect(levelOfScore(7)).toBe('C2');
    expect(levelOfScore(Number.NaN)).toBeNull();
  });

  it('compares levels: "at least B1", the lower of two, sorting', () => {
    expect(atLeast('B1', 'B1')).toBe(true);
    expect(atLeast('C2', 'B1')).toBe(true);
    expect(atLeast('A2', 'B1')).toBe(false);
    expect(lowerLevel('C1', 'B2')).toBe('B2');
    expect(lowerLevel('A1', 'A1')).toBe('A1');
    expect((['C1', 'A2', 'B2', 'A1'] as const).slice().sort(compareLevels)).toEqual(['A1', 'A2', 'B2', 'C1']);
    expect(LEVELS.map(levelRank)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([-3, 0, 2.7, 5, 9].map(levelAtRank)).toEqual(['A1', 'A1', 'B1', 'C2', 'C2']);
  });

  it('recognises levels and skills in untrusted input', () => {
    expect(isLevel('B2')).toBe(true);
    expect(isLevel('b2')).toBe(false);
    expect(isLevel('C3')).toBe(false);
    expect(isLevel(3)).toBe(false);
    expect(isSkill('reading')).toBe(true);
    expect(isSkill('oral')).toBe(false);
  });

  it('names every part and line item in French and English, as the translations of the pages do', () => {
    const fr = JSON.parse(readFileSync('server/translations/fr.json', 'utf8')) as Record<string, string>;
    const en = JSON.parse(readFileSync('server/translations/en.json', 'utf8')) as Record<string, string>;
    for (const skill of SKILLS) {
      expect(fr[`skill:${skill}`]).toBe(PART_NAMES[skill].fr);
      expect(en[`skill:${skill}`]).toBe(PART_NAMES[skill].en);
      expect(fr[`results:skill-${skill}`]).toBe(PART_NAMES[skill].fr);
      expect(en[`results:skill-${skill}`]).toBe(PART_NAMES[skill].en);
    }
    for (const tag of GRADE_TAGS) {
      expect(GRADE_TAG_LABELS[tag].fr.trim()).not.toBe('');
      expect(GRADE_TAG_LABELS[tag].en.trim()).not.toBe('');
    }
  });

  it('imports nothing, so the server and the browser bundle can both take it as is', () => {
    const source = readFileSync('server/domain/cefr.ts', 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(|\bimport\(/);
  });
});
