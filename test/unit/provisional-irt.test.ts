import { describe, it, expect } from 'vitest';
import { provisionalIrt } from '../../plugin/item-types/provisional-irt.js';

describe('provisional IRT parameters from the targeted level', () => {
  it('gives a one-blank drop-down 3PL with b at the band midpoint and c = 1/options', () => {
    const irt = provisionalIrt({ type: 'dropdown-gap', level: 'B1', content: { text: '{1}', blanks: [{ options: ['a', 'b', 'c', 'd'], answer: 'a' }] } });
    expect(irt).toEqual({ model: '3PL', a: 1, b: -0.375, c: 0.25, status: 'provisional' });
  });

  it('gives a typed answer no guessing parameter', () => {
    expect(provisionalIrt({ type: 'typed-gap', level: 'C2', content: { text: '{1}', blanks: [{ answers: ['x'] }] } })).toMatchObject({
      model: '3PL',
      b: 2,
      c: 0,
    });
  });

  it('gives a three-answer word bank GPCM steps b-0.5, b, b+0.5', () => {
    const irt = provisionalIrt({ type: 'word-bank', level: 'A2', content: { text: '{1}{2}{3}', answers: ['a', 'b', 'c'], distractors: ['d'] } });
    expect(irt).toEqual({ model: 'GPCM', a: 1, steps: [-1.625, -1.125, -0.625], status: 'provisional' });
  });

  it('scores a reordering on the elements after the given first one', () => {
    const irt = provisionalIrt({ type: 'mixed-text', level: 'A1', content: { sentences: ['1', '2', '3'] } });
    expect(irt).toEqual({ model: 'GPCM', a: 1, steps: [-2.5, -1.5], status: 'provisional' });
  });

  it('gives a listening multiple choice c = 1/3 with three options', () => {
    const content = {
      genre: 'message',
      audio: 'en-lis-001.mp3',
      transcript: [{ speaker: 'A', voice: 'male', text: 'The delivery will arrive on Monday.' }],
      task: { kind: 'multiple-choice', question: 'When?', options: ['Monday', 'Tuesday', 'Friday'], answer: 'Monday' },
    };
    const irt = provisionalIrt({ type: 'listening', level: 'C1', content });
    expect(irt).toEqual({ model: '3PL', a: 1, b: 1.125, c: 0.3333, status: 'provisional' });
  });

  it('reads the scoring from the item type, and counts content its type refuses as one typed point', () => {
    expect(provisionalIrt({ type: 'listening', level: 'B1', content: { task: { kind: 'multiple-choice', options: ['a', 'b', 'c'] } } })).toEqual({
      model: '3PL',
      a: 1,
      b: -0.375,
      c: 0,
      status: 'provisional',
    });
    expect(provisionalIrt({ type: 'essay', level: 'B1', content: {} })).toMatchObject({ model: '3PL', c: 0 });
  });
});
