import { idsInOrder, swapLastTwo, type ItemTypeSamples } from '../samples.js';
import type { WordOrderContent } from './schema.js';
import type { OrderResponse, WordOrderView } from './view.js';

export const samples: ItemTypeSamples<WordOrderContent, OrderResponse, WordOrderView> = {
  correct: (c, v) => ({ order: idsInOrder(c.words.slice(1), v.words) }),
  wrong: (_c, v) => ({ order: v.words.map(() => null) }),
  items: [
    {
      level: 'A2',
      content: { words: ['Can', 'you', 'take', 'this', 'document', 'to', 'the', 'accounts', 'department', '?'] },
      partial: (c, v) => ({ order: swapLastTwo(idsInOrder(c.words.slice(1), v.words)) }),
      invalidResponses: [{ order: ['wx', 'wx'] }, { order: null }, { order: [''] }],
      broken: { words: ['Can', 'you', 'take this'] },
      secrets: () => [],
      shuffles: true,
      answerPosition: (c, v) => v.words.findIndex((e) => e.text === c.words[1]),
    },
  ],
};
