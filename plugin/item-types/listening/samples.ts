import type { ItemTypeSamples } from '../samples.js';
import type { ListeningContent } from './schema.js';
import type { ListeningResponse, ListeningView } from './view.js';

export const samples: ItemTypeSamples<ListeningContent, ListeningResponse, ListeningView> = {
  correct: (c) => (c.task.kind === 'multiple-choice' ? { choice: c.task.answer } : { blanks: c.task.blanks.map((b) => b.answers[0]!) }),
  wrong: (c) => {
    const task = c.task;
    return task.kind === 'multiple-choice' ? { choice: task.options.find((o) => o !== task.answer) ?? null } : { blanks: task.blanks.map(() => 'zzz') };
  },
  items: [
    {
      label: 'multiple-choice task',
      level: 'A2',
      content: {
        genre: 'announcement',
        audio: 'fr-lis-001.mp3',
        transcript: [
          {
            speaker: 'A',
            voice: 'female',
            text: 'Mesdames et messieurs, notre magasin va bientôt fermer. Merci de vous diriger vers les caisses pour régler vos achats.',
          },
        ],
        task: {
          kind: 'multiple-choice',
          question: 'Que demande-t-on aux clients ?',
          options: ['Payer leurs articles.', 'Quitter le magasin.', 'Vérifier les prix.'],
          answer: 'Payer leurs articles.',
        },
      },
      invalidResponses: [{ choice: 1 }, { blanks: 'x' }, { choice: 'a', blanks: [] }],
      broken: {
        genre: 'message',
        audio: 'fr-lis-002.mp3',
        transcript: [{ speaker: 'A', voice: 'male', text: 'Bonjour, le rendez-vous est déplacé à jeudi.' }],
        task: { kind: 'multiple-choice', question: 'Quand ?', options: ['Lundi', 'Mardi', 'Mercredi'], answer: 'Jeudi' },
      },
      secrets: (c) => [...c.transcript.map((t) => t.text), c.audio],
      shuffles: true,
      answerPosition: (_c, v) => (v.task.kind === 'multiple-choice' ? v.task.options.indexOf('Payer leurs articles.') : -1),
    },
    {
      // The second shape of the type: a gap fill (partial credit).
      label: 'gap-fill task',
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
    },
  ],
};
