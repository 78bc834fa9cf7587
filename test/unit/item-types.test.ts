import { describe, expect, it } from 'vitest';
import { normaliseTyped } from '../../plugin/item-types/support.js';
import { seededRng } from '../../plugin/item-types/rng.js';
import { typedGap, wordOrder, wordBank, mixedText } from '../../plugin/item-types/builtin.js';

describe('typed answers', () => {
  const item = (accentSensitive: boolean) =>
    typedGap.contentSchema.parse({ text: "Il {1} l'été {2}.", blanks: [{ answers: ['préfère'] }, { answers: ["aujourd'hui"] }], accentSensitive });

  it('ignore case, surrounding and repeated spaces, and curly apostrophes', () => {
    expect(normaliseTyped('  Aujourd\u2019hui  ', true)).toBe("aujourd'hui");
    expect(normaliseTyped('going   to', false)).toBe('going to');
    expect(typedGap.score(item(true), { blanks: ['PRÉFÈRE ', 'aujourd\u2019HUI'] }).points).toBe(2);
  });

  it('count accents only when the item says so', () => {
    expect(typedGap.score(item(false), { blanks: ['prefere', 'aujourd hui'] }).points).toBe(1);
    expect(typedGap.score(item(true), { blanks: ['prefere', ''] }).points).toBe(0);
  });

  it('are accent-insensitive by default', () => {
    const c = typedGap.contentSchema.parse({ text: '{1}', blanks: [{ answers: ['café'] }] });
    expect(typedGap.score(c, { blanks: ['cafe'] }).points).toBe(1);
  });
});

describe('orderings', () => {
  const words = wordOrder.contentSchema.parse({ words: ['I', 'think', 'that', 'that', 'is', 'the', 'answer', '.'] });

  it('give the first word and every other word once, under ids that do not follow the correct order', () => {
    const view = wordOrder.candidateView(words, seededRng(1));
    expect(view.first).toBe('I');
    expect(view.words.map((w) => w.text).sort()).toEqual(words.words.slice(1).sort());
    const idsInCorrectOrder = words.words.slice(1).map((t) => view.words.find((w) => w.text === t)!.id);
    expect([...idsInCorrectOrder].sort()).not.toEqual(idsInCorrectOrder);
  });

  it('score equal words as interchangeable and an element placed twice once', () => {
    const view = wordOrder.candidateView(words, seededRng(2));
    const thats = view.words.filter((w) => w.text === 'that').map((w) => w.id);
    const id = (t: string) => view.words.find((w) => w.text === t)!.id;
    const order = ['think', 'that', 'that', 'is', 'the', 'answer', '.'].map(id);
    order[1] = thats[1]!;
    order[2] = thats[0]!;
    expect(wordOrder.score(words, { order }).points).toBe(7);
    expect(wordOrder.score(words, { order: [id('think'), id('think')] }).points).toBe(1);
  });

  it('leave holes where the candidate removed an element', () => {
    const c = mixedText.contentSchema.parse({ sentences: ['A one.', 'B two.', 'C three.', 'D four.'] });
    const v = mixedText.candidateView(c, seededRng(3));
    const id = (t: string) => v.sentences.find((s) => s.text === t)!.id;
    expect(mixedText.score(c, { order: [id('B two.'), null, id('D four.')] })).toEqual({ points: 2, maxPoints: 3 });
  });

  it("allow the guide's 60 seconds for its ten-word sentence", () => {
    expect(
      wordOrder.defaultTimeLimitSeconds(
        wordOrder.contentSchema.parse({ words: ['Can', 'you', 'take', 'this', 'document', 'to', 'the', 'accounts', 'department', '?'] }),
        'A2',
      ),
    ).toBe(60);
  });
});

describe('word bank', () => {
  it('offers more words than blanks and scores each blank on its own', () => {
    const c = wordBank.contentSchema.parse({ text: '{1} and {2}', answers: ['salt', 'pepper'], distractors: ['sugar'] });
    const v = wordBank.candidateView(c, seededRng(4));
    expect(v.words).toHaveLength(3);
    expect(v.blankCount).toBe(2);
    const id = (t: string) => v.words.find((w) => w.text === t)!.id;
    expect(wordBank.score(c, { blanks: [id('pepper'), id('salt')] }).points).toBe(0);
    expect(wordBank.score(c, { blanks: [id('salt'), id('sugar')] }).points).toBe(1);
  });
});
