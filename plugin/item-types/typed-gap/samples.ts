import type { ItemTypeSamples } from '../samples.js';
import type { TypedGapContent } from './schema.js';
import type { TypedGapResponse, TypedGapView } from './view.js';

export const samples: ItemTypeSamples<TypedGapContent, TypedGapResponse, TypedGapView> = {
  correct: (c) => ({ blanks: c.blanks.map((b) => b.answers[0]!) }),
  wrong: (c) => ({ blanks: c.blanks.map(() => 'zzz') }),
  items: [
    {
      level: 'B1',
      content: {
        text: 'Can you take this document {1} the accounts department? I {2} there yesterday, but it {3} closed.',
        blanks: [{ answers: ['to'] }, { answers: ['went'], hint: 'GO' }, { answers: ['was', "wasn't"], hint: 'BE' }],
        accentSensitive: false,
      },
      // Typed as a candidate might: capitals, extra spaces, a curly apostrophe.
      correct: () => ({ blanks: ['  To ', 'WENT', 'wasn\u2019t'] }),
      partial: () => ({ blanks: ['to', 'goed', ''] }),
      invalidResponses: [{ blanks: [null] }, { blanks: 'to' }, { blanks: [] }, { blanks: ['x'.repeat(101)] }],
      broken: { text: 'Can you take this document {1} the {2} department?', blanks: [{ answers: ['to'] }], accentSensitive: false },
      secrets: (c) => c.blanks.flatMap((b) => b.answers),
      shuffles: false,
    },
  ],
};
