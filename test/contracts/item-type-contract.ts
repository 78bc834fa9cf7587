import { describe, expect, it } from 'vitest';
import { FORBIDDEN_VIEW_FIELDS, type ItemTypePlugin } from '../../plugin/item-types/contract.js';
import { itemSchema } from '../../plugin/item-types/item-schema.js';
import { provisionalIrt } from '../../plugin/item-types/provisional-irt.js';
import { seededRng } from '../../plugin/item-types/rng.js';
import type { ItemTypeSample } from '../../plugin/item-types/samples.js';
import { LEVELS, SKILLS } from '../../server/domain/cefr.js';

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
 * The behaviour every item-type plugin owes the sitting, the bank checker and the tests, run on each of the
 * sample items it ships (`plugin.samples`). Third-party plugins run the same suite (docs/plugins.md).
 */
export function runItemTypeContract<C, R, V extends { type: string }>(plugin: ItemTypePlugin<C, R, V>): void {
  describe(`item type ${plugin.type}`, () => {
    it('ships at least one sample item', () => {
      expect(plugin.samples.items.length).toBeGreaterThan(0);
    });
  });
  for (const sample of plugin.samples.items) runOnSample(plugin, sample);
}

function runOnSample<C, R, V extends { type: string }>(plugin: ItemTypePlugin<C, R, V>, sample: ItemTypeSample<C, R, V>): void {
  const label = sample.label ?? '';
  const correctFor = (content: C, view: V): R => (sample.correct ?? plugin.samples.correct)(content, view);
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
          if (secret.length >= 12)
            expect(
              strings.some((s) => s.includes(secret)),
              `"${secret}" inside a view text`,
            ).toBe(false);
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
    if (answerPosition)
      it('shows the right element in a place that depends on the seed only', () => {
        const positions = new Set(Array.from({ length: 20 }, (_, seed) => answerPosition(content, view(seed + 1))));
        expect(positions.has(-1)).toBe(false);
        expect(positions.size).toBeGreaterThan(1);
      });

    it('scores a fully correct response at maxPoints and an empty one at 0', () => {
      const v = view(3);
      const max = plugin.maxPoints(content);
      expect(max).toBeGreaterThanOrEqual(1);
      const correct = plugin.responseSchema.parse(correctFor(content, v));
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
      const correct = correctFor(content, view(3));
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

    it('answers any content of its type: the answering rules give full marks and nothing', () => {
      for (let seed = 1; seed <= 5; seed++) {
        const v = view(seed);
        const max = plugin.maxPoints(content);
        expect(plugin.score(content, plugin.responseSchema.parse(plugin.samples.correct(content, v)))).toEqual({ points: max, maxPoints: max });
        expect(plugin.score(content, plugin.responseSchema.parse(plugin.samples.wrong(content, v)))).toEqual({ points: 0, maxPoints: max });
      }
    });

    it('tells the bank checker how it is scored, what its stem is and what the candidate reads', () => {
      const options = plugin.guessOptions(content);
      expect(Number.isInteger(options) && options >= 0).toBe(true);
      if (options > 0) expect(plugin.maxPoints(content), 'only a right/wrong item offers a guess').toBe(1);
      expect(plugin.stem(content).trim()).not.toBe('');
      const load = plugin.workload(content);
      expect(load.textsOnScreen.join(' ').trim()).not.toBe('');
      expect(load.elements).toBeGreaterThanOrEqual(1);
      expect(load.secondsPerElement).toBeGreaterThan(0);
    });

    it('makes a whole item that the bank schema accepts with its provisional IRT parameters', () => {
      const base = {
        id: 'xx-tst-001',
        skill: SKILLS[0],
        type: plugin.type,
        level: sample.level,
        timeLimitSeconds: plugin.defaultTimeLimitSeconds(content, sample.level),
        content: sample.content,
      };
      const item = { ...base, irt: provisionalIrt(base) };
      const parsed = itemSchema.safeParse(item);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(item.irt.model).toBe(plugin.maxPoints(content) > 1 ? 'GPCM' : '3PL');
    });

    it('has an instruction in French and in English', () => {
      expect(plugin.instructions.fr.trim()).not.toBe('');
      expect(plugin.instructions.en.trim()).not.toBe('');
      expect(plugin.instructions.fr).not.toBe(plugin.instructions.en);
    });
  });
}
