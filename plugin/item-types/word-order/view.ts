import type { OrderElement, OrderResponse } from '../mixed-text/view.js';

export type { OrderElement, OrderResponse };

/** What the browser receives for a "word-order" item: the first word (given) and the others, shuffled. */
export interface WordOrderView {
  type: 'word-order';
  first: string;
  words: OrderElement[];
}

/** The guide's wording: first line is the instruction, second how to answer. */
export const instructions = {
  fr: "La phrase a été mélangée. Mettez les mots dans l'ordre, le premier mot est donné.\nCliquez sur les mots pour les placer dans le bon ordre. Cliquez à nouveau pour les retirer.",
  en: 'The words in the sentence are mixed up. Put them in order; the first word is given.\nClick on the words to place them in order. Click again to remove them.',
};
