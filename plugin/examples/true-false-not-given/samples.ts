import type { ItemTypeSamples } from '../../item-types/samples.js';
import type { TrueFalseNotGivenContent } from './schema.js';
import type { TrueFalseNotGivenResponse, TrueFalseNotGivenView, Verdict } from './view.js';

/** Any verdict but the key. */
const other = (v: Verdict): Verdict => (v === 'true' ? 'false' : 'true');

export const samples: ItemTypeSamples<TrueFalseNotGivenContent, TrueFalseNotGivenResponse, TrueFalseNotGivenView> = {
  correct: (c) => ({ answers: c.statements.map((s) => s.answer) }),
  wrong: (c) => ({ answers: c.statements.map((s) => other(s.answer)) }),
  items: [
    {
      level: 'B1',
      content: {
        passage:
          'From 1 March, the staff canteen will open at 11.30 instead of 12.00, and it will close at 14.30. Hot meals are served until 14.00. Staff who work the night shift can order a cold meal from the canteen before 16.00.',
        statements: [
          { text: 'The canteen will open earlier than before.', answer: 'true' },
          { text: 'Hot meals are served until the canteen closes.', answer: 'false' },
          { text: 'The canteen is cheaper for night-shift staff.', answer: 'not-given' },
        ],
      },
      partial: (c) => ({ answers: [c.statements[0]!.answer, null, 'true'] }),
      invalidResponses: [{ answers: ['yes'] }, { answers: [] }, { answers: 'true' }, { choice: 'true' }, { answers: ['true'], extra: 1 }],
      broken: { passage: 'The office is closed on Monday.', statements: [{ text: 'The office is closed.', answer: 'maybe' }] },
      secrets: () => [],
      shuffles: false,
    },
    {
      label: 'one statement',
      level: 'A2',
      content: {
        passage: 'Dear team, the meeting on Friday is cancelled. We will meet again next Tuesday at 10.00. Best wishes, Anna',
        statements: [{ text: 'The next meeting is on Tuesday.', answer: 'true' }],
      },
      invalidResponses: [{ answers: [1] }, {}],
      broken: { passage: 'The office is closed on Monday.', statements: [] },
      secrets: () => [],
      shuffles: false,
    },
  ],
};
