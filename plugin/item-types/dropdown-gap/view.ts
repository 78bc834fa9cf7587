/** What the browser receives for a "dropdown-gap" item: the text with {n} blanks and each blank's options, shuffled. */
export interface DropdownGapView {
  type: 'dropdown-gap';
  text: string;
  blanks: { options: string[] }[];
}

/** One entry per blank, in blank order: the chosen option's exact text, or null while the blank is empty. */
export interface DropdownGapResponse {
  blanks: (string | null)[];
}

/** The guide's wording: first line is the instruction, second how to answer. */
export const instructions = {
  fr: 'Complétez les phrases avec un des items proposés dans le menu déroulant.\nChoisissez la bonne réponse parmi celles proposées.',
  en: 'Complete the sentences with one of the items offered in the drop-down list.\nClick in the drop-down list to select the appropriate word to complete the text.',
};
