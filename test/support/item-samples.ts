import type { Level } from '../../plugin/item-types/contract.js';
import type { DropdownGapContent, DropdownGapResponse, DropdownGapView } from '../../plugin/item-types/dropdown-gap/index.js';
import type { TypedGapContent, TypedGapResponse } from '../../plugin/item-types/typed-gap/index.js';
import type { MixedTextContent, MixedTextView, OrderResponse } from '../../plugin/item-types/mixed-text/index.js';
import type { WordOrderContent, WordOrderView } from '../../plugin/item-types/word-order/index.js';
import type { WordBankContent, WordBankResponse, WordBankView } from '../../plugin/item-types/word-bank/index.js';
import type { MultipleChoiceContent, MultipleChoiceResponse } from '../../plugin/item-types/multiple-choice/index.js';
import type { ListeningContent, ListeningResponse } from '../../plugin/item-types/listening/index.js';

/**
 * One sample item per type (mostly the candidate guide's own examples), with the responses the contract suite
 * and the browser tests give. Responses are built from the candidate view, as a candidate would: by text.
 */
export interface ItemTypeSample<C = never, R = unknown, V = never> {
  /** Raw content as written in a bank. */
  content: unknown;
  level: Level;
  /** The fully correct response, found in the view by text. */
  correct(content: C, view: V): R;
  /** A response that earns some points but not all (types scored in points only). */
  partial?(content: C, view: V): R;
  /** Responses responseSchema must refuse. */
  invalidResponses: unknown[];
  /** Raw content a bank checker must report. */
  broken: unknown;
  /** Strings that must never appear anywhere in a candidate view. */
  secrets(content: C): string[];
  /** Whether the view shuffles something (so two seeds may give two different views). */
  shuffles: boolean;
}

/** Ids of the view's elements, in the correct order of the texts (equal texts matched once each). */
function idsInOrder(texts: readonly string[], elements: readonly { id: string; text: string }[]): string[] {
  const left = [...elements];
  return texts.map((text) => {
    const i = left.findIndex((e) => e.text === text);
    if (i < 0) throw new Error(`"${text}" is not offered by the view`);
    return (left.splice(i, 1)[0] as { id: string }).id;
  });
}

/** Swaps the last two entries: two elements out of place. */
const swapLastTwo = <T>(xs: T[]): T[] => [...xs.slice(0, -2), xs[xs.length - 1] as T, xs[xs.length - 2] as T];

export const dropdownGapSample: ItemTypeSample<DropdownGapContent, DropdownGapResponse, DropdownGapView> = {
  level: 'B1',
  content: {
    text: 'Despite invitations from Zoe and Mum, I {1} Sunday entirely alone. I decided the house needed to be cleaned, so I {2} hard at all the dust.',
    blanks: [
      { options: ['spent', 'spend', 'was spending', 'have spent'], answer: 'spent' },
      { options: ['scrubbed', 'scrubbing', 'scrub'], answer: 'scrubbed' },
    ],
  },
  correct: (c) => ({ blanks: c.blanks.map((b) => b.answer) }),
  partial: (c) => ({ blanks: [c.blanks[0]!.answer, 'scrub'] }),
  invalidResponses: [{ blanks: 'spent' }, { blanks: [] }, { blanks: [3] }, { choice: 'spent' }, { blanks: ['spent'], extra: 1 }],
  broken: { text: 'I {1} to work by bus.', blanks: [{ options: ['goes', 'going'], answer: 'go' }] },
  secrets: () => [],
  shuffles: true,
};

export const typedGapSample: ItemTypeSample<TypedGapContent, TypedGapResponse, never> = {
  level: 'B1',
  content: {
    text: "Can you take this document {1} the accounts department? I {2} there yesterday, but it {3} closed.",
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
};

export const mixedTextSample: ItemTypeSample<MixedTextContent, OrderResponse, MixedTextView> = {
  level: 'B2',
  content: {
    sentences: [
      "L'objectif de ce guide est d'apporter des précisions sur les modalités à mettre en place.",
      'Ce guide précise également le traitement de problème associés.',
      "Enfin, en cas de difficulté, n'hésitez pas à contacter notre SAV.",
      'Nous sommes à votre disposition pour toute information complémentaire.',
    ],
  },
  correct: (c, v) => ({ order: idsInOrder(c.sentences.slice(1), v.sentences) }),
  partial: (c, v) => ({ order: swapLastTwo(idsInOrder(c.sentences.slice(1), v.sentences)) }),
  invalidResponses: [{ order: 's1' }, { order: ['sabc', 'sabc'] }, { order: [1, 2] }, { blanks: [] }],
  broken: { sentences: ['Une phrase.', 'Une phrase.', 'Une autre.'] },
  secrets: () => [],
  shuffles: true,
};

export const wordOrderSample: ItemTypeSample<WordOrderContent, OrderResponse, WordOrderView> = {
  level: 'A2',
  content: { words: ['Can', 'you', 'take', 'this', 'document', 'to', 'the', 'accounts', 'department', '?'] },
  correct: (c, v) => ({ order: idsInOrder(c.words.slice(1), v.words) }),
  partial: (c, v) => ({ order: swapLastTwo(idsInOrder(c.words.slice(1), v.words)) }),
  invalidResponses: [{ order: ['wx', 'wx'] }, { order: null }, { order: [''] }],
  broken: { words: ['Can', 'you', 'take this'] },
  secrets: () => [],
  shuffles: true,
};

export const wordBankSample: ItemTypeSample<WordBankContent, WordBankResponse, WordBankView> = {
  level: 'B2',
  content: {
    text: 'In this process, the robot {1} the assembly line places the piece {2} the board. The board is then passed {3} to the next stage.',
    answers: ['along', 'onto', 'on'],
    distractors: ['above', 'from'],
  },
  correct: (c, v) => ({ blanks: idsInOrder(c.answers, v.words) }),
  partial: (c, v) => ({ blanks: [idsInOrder(c.answers, v.words)[0]!, null, idsInOrder(['from'], v.words)[0]!] }),
  invalidResponses: [{ blanks: ['b1', 'b1'] }, { blanks: 'along' }, { blanks: [] }],
  broken: { text: 'The robot {1} the line places the piece {2} the board.', answers: ['along', 'onto'], distractors: ['onto'] },
  secrets: () => [],
  shuffles: true,
};

export const multipleChoiceSample: ItemTypeSample<MultipleChoiceContent, MultipleChoiceResponse, never> = {
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
  correct: (c) => ({ choice: c.answer }),
  invalidResponses: [{ choice: 2 }, { choice: '' }, { choices: ['a'] }, {}],
  broken: { question: 'Which?', options: ['a', 'b', 'c'], answer: 'd' },
  secrets: () => [],
  shuffles: true,
};

export const listeningSample: ItemTypeSample<ListeningContent, ListeningResponse, never> = {
  level: 'A2',
  content: {
    genre: 'announcement',
    audio: 'fr-lis-001.mp3',
    transcript: [{ speaker: 'A', voice: 'female', text: 'Mesdames et messieurs, notre magasin va bientôt fermer. Merci de vous diriger vers les caisses pour régler vos achats.' }],
    task: { kind: 'multiple-choice', question: 'Que demande-t-on aux clients ?', options: ['Payer leurs articles.', 'Quitter le magasin.', 'Vérifier les prix.'], answer: 'Payer leurs articles.' },
  },
  correct: () => ({ choice: 'Payer leurs articles.' }),
  invalidResponses: [{ choice: 1 }, { blanks: 'x' }, { choice: 'a', blanks: [] }],
  broken: {
    genre: 'message',
    audio: 'fr-lis-002.mp3',
    transcript: [{ speaker: 'A', voice: 'male', text: 'Bonjour, le rendez-vous est déplacé à jeudi.' }],
    task: { kind: 'multiple-choice', question: 'Quand ?', options: ['Lundi', 'Mardi', 'Mercredi'], answer: 'Jeudi' },
  },
  secrets: (c) => [...c.transcript.map((t) => t.text), c.audio],
  shuffles: true,
};

/** A listening item with a gap-fill task (partial credit), for the second shape of the type. */
export const listeningGapSample: ItemTypeSample<ListeningContent, ListeningResponse, never> = {
  level: 'B1',
  content: {
    genre: 'message',
    audio: 'en-lis-002.mp3',
    transcript: [{ speaker: 'A', voice: 'male', text: "Hi Sam, it's Tom. The meeting has moved to Thursday at ten, in room four." }],
    task: { kind: 'typed-gap', text: 'The meeting is now on {1} at {2}.', blanks: [{ answers: ['Thursday'] }, { answers: ['ten', '10'] }] },
  },
  correct: () => ({ blanks: ['thursday', '10'] }),
  partial: () => ({ blanks: ['Tuesday', 'ten'] }),
  invalidResponses: [{ blanks: [1] }, { choice: ['a'] }],
  broken: {
    genre: 'message',
    audio: 'en-lis-003.mp3',
    transcript: [{ speaker: 'A', voice: 'male', text: 'Call me back tomorrow.' }],
    task: { kind: 'typed-gap', text: 'Call me back {1} or {2}.', blanks: [{ answers: ['tomorrow'] }] },
  },
  secrets: (c) => [...c.transcript.map((t) => t.text), c.audio, ...(c.task.kind === 'typed-gap' ? c.task.blanks.flatMap((b) => b.answers) : [])],
  shuffles: false,
};
