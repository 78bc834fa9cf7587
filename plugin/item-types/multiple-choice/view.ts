/** What the browser receives for a "multiple-choice" item: an optional passage, the question and the options, shuffled. */
export interface MultipleChoiceView {
  type: 'multiple-choice';
  passage?: string;
  question: string;
  options: string[];
}

/** The chosen option's exact text, or null while none is chosen. */
export interface MultipleChoiceResponse {
  choice: string | null;
}

/** The guide's wording: first line is the instruction, second how to answer. */
export const instructions = {
  fr: 'Choisissez la meilleure réponse.\nCliquez sur la réponse qui convient.',
  en: 'Choose the best answer.\nClick on the best answer.',
};
