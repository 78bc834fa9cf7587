import type { ItemTypeSamples } from '../samples.js';
import type { MultipleChoiceContent } from './schema.js';
import type { MultipleChoiceResponse, MultipleChoiceView } from './view.js';

export const samples: ItemTypeSamples<MultipleChoiceContent, MultipleChoiceResponse, MultipleChoiceView> = {
  correct: (c) => ({ choice: c.answer }),
  wrong: (c) => ({ choice: c.options.find((o) => o !== c.answer) ?? null }),
  items: [
    {
      level: 'B2',
      content: {
        passage:
          'Elon Musk is a business magnate, industrial designer and engineer. He is the founder, CEO, CTO and chief designer of SpaceX; early investor, CEO and product architect of Tesla, Inc.; founder of The Boring Company; co-founder of Neuralink; and co-founder and initial co-chairman of OpenAI.',
        question: 'Choose the statement that best describes Elon Musk.',
        options: [
          'Elon Musk founded 5 companies and is no longer CEO of Tesla',
          'Elon Musk founded 4 companies and is currently CEO of Tesla',
          'Elon Musk was described by Forbes to be filthy rich',
          'Elon Musk founded Tesla early on in his business career',
        ],
        answer: 'Elon Musk founded 4 companies and is currently CEO of Tesla',
      },
      invalidResponses: [{ choice: 2 }, { choice: '' }, { choices: ['a'] }, {}],
      broken: { question: 'Which?', options: ['a', 'b', 'c'], answer: 'd' },
      secrets: () => [],
      shuffles: true,
      answerPosition: (c, v) => v.options.indexOf(c.answer),
    },
  ],
};
