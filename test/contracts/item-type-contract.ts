import { describe, expect, it } from 'vitest';
import { FORBIDDEN_VIEW_FIELDS, type ItemTypePlugin } from '../../plugin/item-types/contract.js';
import { LEVELS } from '../../server/domain/cefr.js';
import { seededRng } from '../../plugin/item-types/rng.js';
import type { ItemTypeSample } from '../support/item-samples.js';

/** Every field name and every string value of a JSON-like value, however deep. */
function walk(value: unknown, keys: string[] = [], strings: string[] = []): { keys: string[]; strings: string[] } {
  if (typeof value === 'string') strings.push(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, keys, strings));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.push(k);
      walk(v, keys, strings);
    }
  }
  return { keys, strings };
}

/**
 * The behaviour every item-type plugin owes the sitting and the bank checker, run on a sample item.
 * `label` names the sample when a type is run on several (e.g. listening with a choice or a gap fill).
 */
export function runItemTypeContract<C, R, V extends { type: string }>(plugin: ItemTypePlugin<C, R, V>, sample: ItemTypeSample<C, R, V>, label = ''): void {
  describe(`item type ${plugin.type}${label ? ` (${label})` : ''}`, () => {
    const content = plugin.contentSchema.parse(sample.content);
    const view = (seed: number): V => plugin.candidateView(content, seededRng(seed));

    it('accepts its sample content, which the bank checker finds nothing wrong with', () => {
      expect(plugin.contentSchema.safeParse(sample.content).success).toBe(true);
      expect(plugin.authoringChecks(sample.content)).toEqual([]);
    });

    it('gives the browser no key, no transcript, no field named after an answer', () => {
      for (let seed = 1; seed <= 20; seed++) {
        const v = view(seed);
        expect(v.type).toBe(plugin.type);
        const { keys, strings } = walk(JSON.parse(JSON.stringify(v)));
        for (const forbidden of FORBIDDEN_VIEW_FIELDS) expect(keys, `field "${forbidden}" in the view`).not.toContain(forbidden);
        for (const secret of sample.secrets(content)) {
          expect(strings, `"${secret}" in the view`).not.toContain(secret);
          if (secret.length >= 12) expect(strings.some((s) => s.includes(secret)), `"${secret}" inside a view text`).toBe(false);
        }
      }
    });

    it('is reproducible for one seed and, where it shuffles, differs between seeds', () => {
      expect(view(7)).toEqual(view(7));
      const distinct = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(view(seed + 1))));
      expect(distinct.size > 1).toBe(sample.shuffles);
    });

    // Only for types that show the right element among others (not typed answers).
    const answerPosition = sample.answerPosition;
    if (answerPosition) it('shows the right element in a place that depends on the seed only', () => {
      const positions = new Set(Array.from({ length: 20 }, (_, seed) => answerPosition(content, view(seed + 1))));
      expect(positions.has(-1)).toBe(false);
      expect(positions.size).toBeGreaterThan(1);
    });

    it('scores a fully correct response at maxPoints and an empty one at 0', () => {
      const v = view(3);
      const max = plugin.maxPoints(content);
      expect(max).toBeGreaterThanOrEqual(1);
      const correct = plugin.responseSchema.parse(sample.correct(content, v));
      expect(plugin.score(content, correct)).toEqual({ points: max, maxPoints: max });
      const empty = plugin.responseSchema.parse(plugin.emptyResponse(content));
      expect(plugin.score(content, empty)).toEqual({ points: 0, maxPoints: max });
    });

    it('scores a partly correct response in between, where the type gives partial credit', () => {
      const max = plugin.maxPoints(content);
      if (!sample.partial) {
        expect(max, 'a right/wrong type scores 0 or 1').toBe(1);
        return;
      }
      const partial = plugin.responseSchema.parse(sample.partial(content, view(5)));
      const { points } = plugin.score(content, partial);
      expect(points).toBeGreaterThan(0);
      expect(points).toBeLessThan(max);
    });

    it('refuses malformed responses', () => {
      for (const bad of sample.invalidResponses) expect(plugin.responseSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    });

    it('never scores above maxPoints, whatever structurally valid response comes', () => {
      const max = plugin.maxPoints(content);
      const correct = sample.correct(content, view(3));
      // The same correct answer with everything doubled: extra blanks or positions must earn nothing.
      const doubled = Object.fromEntries(Object.entries(correct as object).map(([k, v]) => [k, Array.isArray(v) ? [...v, ...v] : v]));
      const parsed = plugin.responseSchema.safeParse(doubled);
      if (parsed.success) expect(plugin.score(content, parsed.data).points).toBeLessThanOrEqual(max);
    });

    it('lets the bank checker report a broken item', () => {
      expect(plugin.authoringChecks(sample.broken).length).toBeGreaterThan(0);
      expect(plugin.authoringChecks({}).length).toBeGreaterThan(0);
    });

    it('has a default time limit between 10 s and 10 min that never shrinks for harder levels', () => {
      const limits = LEVELS.map((level) => plugin.defaultTimeLimitSeconds(content, level));
      for (const s of limits) {
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(10);
        expect(s).toBeLessThanOrEqual(600);
      }
      expect([...limits].sort((a, b) => a - b)).toEqual(limits);
    });

    it('has an instruction in French and in English', () => {
      expect(plugin.instructions.fr.trim()).not.toBe('');
      expect(plugin.instructions.en.trim()).not.toBe('');
      expect(plugin.instructions.fr).not.toBe(plugin.instructions.en);
    });
  });
}
