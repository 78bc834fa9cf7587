import { idsInOrder, swapLastTwo, type ItemTypeSamples } from '../samples.js';
import type { MixedTextContent } from './schema.js';
import type { MixedTextView, OrderResponse } from './view.js';

export const samples: ItemTypeSamples<MixedTextContent, OrderResponse, MixedTextView> = {
  correct: (c, v) => ({ order: idsInOrder(c.sentences.slice(1), v.sentences) }),
  wrong: (_c, v) => ({ order: v.sentences.map(() => null) }),
  items: [
    {
      level: 'B2',
      content: {
        sentences: [
          "L'objectif de ce guide est d'apporter des précisions sur les modalités à mettre en place.",
          'Ce guide précise également le traitement de problème associés.',
          "Enfin, en cas de difficulté, n'hésitez pas à contacter notre SAV.",
          'Nous sommes à votre disposition pour toute information complémentaire.',
        ],
      },
      partial: (c, v) => ({ order: swapLastTwo(idsInOrder(c.sentences.slice(1), v.sentences)) }),
      invalidResponses: [{ order: 's1' }, { order: ['sabc', 'sabc'] }, { order: [1, 2] }, { blanks: [] }],
      broken: { sentences: ['Une phrase.', 'Une phrase.', 'Une autre.'] },
      secrets: () => [],
      shuffles: true,
      answerPosition: (c, v) => v.sentences.findIndex((e) => e.text === c.sentences[1]),
    },
  ],
};
