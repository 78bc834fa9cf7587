import type { MultipleChoiceResponse, MultipleChoiceView } from '../multiple-choice/view.js';
import type { TypedGapResponse, TypedGapView } from '../typed-gap/view.js';

export type ListeningGenre = 'announcement' | 'monologue' | 'dialogue' | 'message';

/**
 * What the browser receives for a "listening" item: the genre and the task (never the transcript nor the audio
 * file name). `audioUrl` is a placeholder: the server fills in a one-time URL and counts the plays.
 */
export interface ListeningView {
  type: 'listening';
  genre: ListeningGenre;
  audioUrl: string | null;
  task: (Omit<MultipleChoiceView, 'type' | 'passage'> & { kind: 'multiple-choice' }) | (Omit<TypedGapView, 'type'> & { kind: 'typed-gap' });
}

/** The response to the task: a choice (multiple-choice task) or typed blanks (typed-gap task). */
export type ListeningResponse = MultipleChoiceResponse | TypedGapResponse;

/** Plays allowed per extract, as the guide says. */
export const MAX_PLAYS = 2;

/** Generic wording; the renderer names the genre ("Écoutez l'annonce…") and the task's own instruction. */
export const instructions = {
  fr: "Écoutez l'extrait et répondez à la question, vous pouvez écouter l'extrait deux fois.",
  en: 'Listen to the extract and answer the question; you can listen to it twice.',
};
