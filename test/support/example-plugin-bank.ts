import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trueFalseNotGiven } from '../../plugin/examples/true-false-not-given/index.js';
import { provisionalIrt } from '../../plugin/item-types/provisional-irt.js';

/**
 * A small reading bank that uses the example third-party item type (plugin/examples/true-false-not-given):
 * its two sample items and a multiple-choice item, with their provisional IRT parameters, written the way an
 * author would. `broken` adds an item with a key outside the three verdicts and one copied from its passage.
 */
export function writeExampleBank(options: { broken?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-tfng-bank-'));
  mkdirSync(join(dir, 'items'));
  writeFileSync(
    join(dir, 'bank.json'),
    JSON.stringify({
      language: 'en',
      title: 'Example bank',
      cutScores: [-1.5, -0.75, 0, 0.75, 1.5],
      typeMix: { reading: { 'true-false-not-given': 0.5, 'multiple-choice': 0.5 } },
    }),
  );
  const plugin = trueFalseNotGiven;
  const items: Record<string, unknown>[] = plugin.samples.items.map((sample, i) => {
    const base = {
      id: `en-rea-90${i + 1}`,
      skill: 'reading',
      type: plugin.type,
      level: sample.level,
      timeLimitSeconds: plugin.defaultTimeLimitSeconds(plugin.contentSchema.parse(sample.content), sample.level),
      content: sample.content,
    };
    return { ...base, irt: provisionalIrt(base) };
  });
  const choice = {
    id: 'en-rea-950',
    skill: 'reading',
    type: 'multiple-choice',
    level: 'A2' as const,
    timeLimitSeconds: 45,
    content: {
      passage: 'The lift on the third floor is out of order until Thursday. Please use the stairs.',
      question: 'What should staff do?',
      options: ['Use the stairs', 'Wait for the lift', 'Go home'],
      answer: 'Use the stairs',
    },
  };
  items.push({ ...choice, irt: provisionalIrt(choice) });
  if (options.broken) {
    items.push({
      ...items[0]!,
      id: 'en-rea-960',
      content: { passage: 'The office is closed on Monday.', statements: [{ text: 'The office is closed on Monday.', answer: 'maybe' }] },
    });
    items.push({
      ...items[1]!,
      id: 'en-rea-961',
      content: { passage: 'The office is closed on Monday and Tuesday.', statements: [{ text: 'The office is closed on Monday.', answer: 'true' }] },
    });
  }
  writeFileSync(join(dir, 'items', 'reading.json'), JSON.stringify(items));
  return dir;
}
