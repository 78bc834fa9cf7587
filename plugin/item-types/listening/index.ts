import type { ItemTypePlugin, Level, Rng } from '../contract.js';
import { authoringProblems, shuffle, timeLimit, wordCount } from '../support.js';
import { optionProblems } from '../multiple-choice/index.js';
import { scoreTypedBlanks, typedBlankProblems } from '../typed-gap/index.js';
import { contentSchema, type ListeningContent } from './schema.js';
import { samples } from './samples.js';
import { responseSchema } from './response.js';
import { instructions, MAX_PLAYS, type ListeningResponse, type ListeningView } from './view.js';

export { contentSchema, responseSchema, instructions, MAX_PLAYS };
export type { ListeningContent, ListeningResponse, ListeningView };

/** Typed answers in a listening task are accent-insensitive (the candidate hears the word, spelling is not scored). */
const ACCENT_SENSITIVE = false;

/**
 * Listening: an extract heard at most twice, then a multiple-choice question or a gap fill. The view carries
 * neither the transcript nor the audio file name: the server fills `audioUrl` with a one-time URL.
 */
export const listening: ItemTypePlugin<ListeningContent, ListeningResponse, ListeningView> = {
  type: 'listening',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints: (content) => (content.task.kind === 'multiple-choice' ? 1 : content.task.blanks.length),

  score(content: ListeningContent, response: ListeningResponse) {
    const task = content.task;
    if (task.kind === 'multiple-choice') return { points: 'choice' in response && response.choice === task.answer ? 1 : 0, maxPoints: 1 };
    return scoreTypedBlanks(task.blanks, 'blanks' in response ? response.blanks : [], ACCENT_SENSITIVE);
  },

  candidateView(content: ListeningContent, rng: Rng): ListeningView {
    const task = content.task;
    return {
      type: 'listening',
      genre: content.genre,
      audioUrl: null,
      task:
        task.kind === 'multiple-choice'
          ? { kind: 'multiple-choice', question: task.question, options: shuffle(task.options, rng) }
          : { kind: 'typed-gap', text: task.text, blanks: task.blanks.map((b) => (b.hint === undefined ? {} : { hint: b.hint })) },
    };
  },

  audioFile: (content) => content.audio,

  emptyResponse: (content) => (content.task.kind === 'multiple-choice' ? { choice: null } : { blanks: content.task.blanks.map(() => '') }),

  authoringChecks: (raw) =>
    authoringProblems(contentSchema, raw, (content) => {
      const task = content.task;
      const problems =
        task.kind === 'multiple-choice' ? optionProblems(task.options, 'task.options') : typedBlankProblems(task.blanks, ACCENT_SENSITIVE, 'task.blanks');
      const heard = content.transcript
        .map((t) => t.text)
        .join(' ')
        .toLowerCase();
      if (task.kind === 'typed-gap') {
        task.blanks.forEach((blank, i) => {
          if (!blank.answers.some((a) => heard.includes(a.toLowerCase())))
            problems.push(`task.blanks.${i}.answers: no accepted answer is heard in the transcript`);
        });
      }
      return problems;
    }),

  defaultTimeLimitSeconds(content: ListeningContent, level: Level): number {
    // Two plays at about 2.5 words a second, plus reading and answering the task.
    const heard = content.transcript.reduce((n, t) => n + wordCount(t.text), 0);
    const task = content.task;
    const read = task.kind === 'multiple-choice' ? wordCount(task.question) + task.options.reduce((n, o) => n + wordCount(o), 0) : wordCount(task.text);
    const answer = task.kind === 'multiple-choice' ? 5 : 12 * task.blanks.length;
    return timeLimit(10 + (2 * heard) / 2.5 + read / 3 + answer, level);
  },

  guessOptions: (content) => (content.task.kind === 'multiple-choice' ? content.task.options.length : 0),
  stem: (content) => [...content.transcript.map((t) => t.text), content.task.kind === 'multiple-choice' ? content.task.question : content.task.text].join(' '),
  workload: (content) => {
    const task = content.task;
    return task.kind === 'multiple-choice'
      ? { textsOnScreen: [task.question, ...task.options], elements: 1, secondsPerElement: 4 }
      : { textsOnScreen: [task.text], elements: task.blanks.length, secondsPerElement: 4 };
  },
  samples,
};
