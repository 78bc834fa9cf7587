/** What the browser receives for a "word-bank" item: the text with {n} blanks and the bank (answers and distractors mixed). */
export interface WordBankView {
  type: 'word-bank';
  text: string;
  blankCount: number;
  words: { id: string; text: string }[];
}

/** One entry per blank, in blank order: the id of the bank word placed there, or null. */
export interface WordBankResponse {
  blanks: (string | null)[];
}

/** The guide's wording: first line is the instruction, second how to answer. */
export const instructions = {
  fr: "Complétez les phrases avec l'expression qui convient parmi celles proposées.\nCliquez sur un emplacement puis sur le mot à y placer, ou sur un mot puis sur un emplacement en surbrillance. Cliquez sur un mot placé pour le retirer. Attention, il y a parfois plus de mots que d'emplacements.",
  en: 'Complete the text using the words suggested.\nClick on a blank space, then on the word you want to place, or on a word, then on one of the highlighted spaces. Click on a placed word to remove it. Be careful, sometimes there are more words than spaces.',
};
