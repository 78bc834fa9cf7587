/** What the browser receives for a "typed-gap" item: the text with {n} blanks and, for some blanks, a root word. */
export interface TypedGapView {
  type: 'typed-gap';
  text: string;
  blanks: { hint?: string }[];
}

/** One entry per blank, in blank order: what the candidate typed ("" while empty). */
export interface TypedGapResponse {
  blanks: string[];
}

/** The guide's wording: first line is the instruction, second how to answer. */
export const instructions = {
  fr: 'Complétez le texte.\nSaisissez un mot par emplacement prévu.',
  en: 'Complete the text.\nType one word in each slot.',
};
