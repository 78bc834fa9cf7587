import { idsInOrder, type ItemTypeSamples } from '../samples.js';
import type { WordBankContent } from './schema.js';
import type { WordBankResponse, WordBankView } from './view.js';

export const samples: ItemTypeSamples<WordBankContent, WordBankResponse, WordBankView> = {
  correct: (c, v) => ({ blanks: idsInOrder(c.answers, v.words) }),
  wrong: (c) => ({ blanks: c.answers.map(() => null) }),
  items: [
    {
      level: 'B2',
      content: {
        text: 'In this process, the robot {1} the assembly line places the piece {2} the board. The board is then passed {3} to the next stage.',
        answers: ['along', 'onto', 'on'],
        distractors: ['above', 'from'],
      },
      partial: (c, v) => ({ blanks: [idsInOrder(c.answers, v.words)[0]!, null, idsInOrder(['from'], v.words)[0]!] }),
      invalidResponses: [{ blanks: ['b1', 'b1'] }, { blanks: 'along' }, { blanks: [] }],
      broken: { text: 'The robot {1} the line places the piece {2} the board.', answers: ['along', 'onto'], distractors: ['onto'] },
      secrets: () => [],
      shuffles: true,
      answerPosition: (c, v) => v.words.findIndex((w) => w.text === c.answers[0]),
    },
  ],
};
