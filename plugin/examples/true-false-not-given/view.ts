/**
 * What the browser receives and sends for a "true-false-not-given" item. Plain data with no import, so the
 * renderer (browser bundle) imports it without pulling in the server side of the plugin.
 */
/** The three verdicts, in the order the renderer offers them. */
export const VERDICTS = ['true', 'false', 'not-given'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface TrueFalseNotGivenView {
  type: 'true-false-not-given';
  passage: string;
  /** The statements, in the author's order (no key). */
  statements: string[];
}

/** One verdict per statement, in statement order; null while a statement is unanswered. */
export interface TrueFalseNotGivenResponse {
  answers: (Verdict | null)[];
}

/** Default instruction (first line) and how to answer (second line). */
export const instructions = {
  fr: 'Lisez le texte, puis indiquez pour chaque affirmation si elle est vraie, fausse ou si le texte ne le dit pas.\nChoisissez « Vrai », « Faux » ou « Non précisé » pour chaque affirmation.',
  en: 'Read the text, then say for each statement whether it is true, false or not given in the text.\nChoose “True”, “False” or “Not given” for each statement.',
};

/** The three verdicts as the renderer labels them. */
export const VERDICT_LABELS: Record<Verdict, { fr: string; en: string }> = {
  true: { fr: 'Vrai', en: 'True' },
  false: { fr: 'Faux', en: 'False' },
  'not-given': { fr: 'Non précisé', en: 'Not given' },
};
