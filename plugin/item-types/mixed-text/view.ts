/** One element to put in order, known to the browser by an opaque id (it tells nothing about its place). */
export interface OrderElement {
  id: string;
  text: string;
}

/** What the browser receives for a "mixed-text" item: the first sentence (given) and the others, shuffled. */
export interface MixedTextView {
  type: 'mixed-text';
  first: string;
  sentences: OrderElement[];
}

/** The ids placed in positions 2, 3, … (the first sentence is given); null for a position left empty. */
export interface OrderResponse {
  order: (string | null)[];
}

/** The guide's wording: first line is the instruction, second how to answer. */
export const instructions = {
  fr: 'Le texte a été mélangé. Mettez les phrases dans le bon ordre. La première phrase est donnée.\nCliquez sur les phrases pour les placer dans le bon ordre. Cliquez sur une phrase placée pour la retirer.',
  en: 'The text has been mixed up. Put the sentences in the right order. The first sentence is given.\nClick on the sentences to place them in order. Click on a placed sentence to remove it.',
};
