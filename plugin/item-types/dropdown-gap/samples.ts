import type { ItemTypeSamples } from '../samples.js';
import type { DropdownGapContent } from './schema.js';
import type { DropdownGapResponse, DropdownGapView } from './view.js';

export const samples: ItemTypeSamples<DropdownGapContent, DropdownGapResponse, DropdownGapView> = {
  correct: (c) => ({ blanks: c.blanks.map((b) => b.answer) }),
  wrong: (c) => ({ blanks: c.blanks.map((b) => b.options.find((o) => o !== b.answer) ?? null) }),
  items: [
    {
      level: 'B1',
      content: {
        text: 'Despite invitations from Zoe and Mum, I {1} Sunday entirely alone. I decided the house needed to be cleaned, so I {2} hard at all the dust.',
        blanks: [
          { options: ['spent', 'spend', 'was spending', 'have spent'], answer: 'spent' },
          { options: ['scrubbed', 'scrubbing', 'scrub'], answer: 'scrubbed' },
        ],
      },
      partial: (c) => ({ blanks: [c.blanks[0]!.answer, 'scrub'] }),
      invalidResponses: [{ blanks: 'spent' }, { blanks: [] }, { blanks: [3] }, { choice: 'spent' }, { blanks: ['spent'], extra: 1 }],
      broken: { text: 'I {1} to work by bus.', blanks: [{ options: ['goes', 'going'], answer: 'go' }] },
      secrets: () => [],
      shuffles: true,
      answerPosition: (c, v) => v.blanks[0]!.options.indexOf(c.blanks[0]!.answer),
    },
  ],
};
