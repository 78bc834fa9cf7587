import type { Level } from './grading.js';

/**
 * The interview guide the assessor console shows: the three parts of the candidate guide
 * ("How is the oral interview conducted?") with example prompts per level. The assessor adapts
 * them to the candidate's profile; they are examples, not a script.
 */
export interface GuidePart {
  id: 'introduction' | 'situation' | 'discussion';
  minutes: string;
  prompts: Record<Level, string[]>;
}

export const INTERVIEW_GUIDE: Record<'fr' | 'en', GuidePart[]> = {
  en: [
    {
      id: 'introduction',
      minutes: '3–4',
      prompts: {
        A1: ['What is your name? Where do you live?', 'What is your job?'],
        A2: ['Do you work in an office? Describe a normal day at work.', 'What do you like about your job?'],
        B1: ['Tell me about your job and your main tasks.', 'How did you come to work in this field?'],
        B2: ['What has changed in your job over the last few years?', 'Which part of your work do you find most challenging, and why?'],
        C1: ['How do you see your role evolving in your organisation?', 'What skills does your profession demand that outsiders underestimate?'],
        C2: ['If you could redesign how your profession is trained, what would you change?', 'How does your field balance tradition and innovation?'],
      },
    },
    {
      id: 'situation',
      minutes: '5–7',
      prompts: {
        A1: ['You are at a hotel reception. Ask for a room for two nights. I am the receptionist.'],
        A2: ['Call a colleague to change the time of a meeting. I play the colleague.'],
        B1: [
          'You have just started a new job with software you do not master. Call the IT department to explain your needs and organise a training day. I play your colleague in IT.',
        ],
        B2: ['A supplier has delivered late for the second time. Call them to find a solution. I play the supplier.'],
        C1: ['Your team must adopt a new procedure that several colleagues dislike. Convince me, a reluctant colleague.'],
        C2: ['You are negotiating a partnership; my company asks for conditions you cannot accept. Negotiate while keeping the relationship.'],
      },
    },
    {
      id: 'discussion',
      minutes: '5–7',
      prompts: {
        A1: ['Do you like your town? Why?'],
        A2: ['Do you prefer working alone or in a team?'],
        B1: ['What are the advantages and drawbacks of working from home?'],
        B2: ['In your opinion, what should a company consider when it sets up teleworking?'],
        C1: ['Should companies be responsible for their employees’ well-being outside working hours?'],
        C2: ['Is artificial intelligence likely to change what we call expertise in your field?'],
      },
    },
  ],
  fr: [
    {
      id: 'introduction',
      minutes: '3–4',
      prompts: {
        A1: ['Comment vous appelez-vous ? Où habitez-vous ?', 'Quel est votre métier ?'],
        A2: ['Travaillez-vous dans un bureau ? Décrivez une journée de travail.', "Qu'est-ce que vous aimez dans votre travail ?"],
        B1: ['Parlez-moi de votre poste et de vos principales tâches.', 'Comment êtes-vous arrivé(e) dans ce domaine ?'],
        B2: ["Qu'est-ce qui a changé dans votre métier ces dernières années ?", 'Quelle partie de votre travail trouvez-vous la plus difficile, et pourquoi ?'],
        C1: ['Comment voyez-vous évoluer votre rôle dans votre organisation ?', 'Quelles compétences votre métier exige-t-il que l’on sous-estime ?'],
        C2: ['Si vous pouviez repenser la formation à votre métier, que changeriez-vous ?', 'Comment votre domaine concilie-t-il tradition et innovation ?'],
      },
    },
    {
      id: 'situation',
      minutes: '5–7',
      prompts: {
        A1: ["Vous êtes à la réception d'un hôtel. Demandez une chambre pour deux nuits. Je suis le réceptionniste."],
        A2: ["Appelez un collègue pour changer l'heure d'une réunion. Je joue le collègue."],
        B1: [
          'Vous venez de commencer un nouveau poste avec un logiciel que vous ne maîtrisez pas. Appelez le service informatique pour expliquer vos besoins et organiser une journée de formation. Je joue votre collègue du service informatique.',
        ],
        B2: ['Un fournisseur livre en retard pour la deuxième fois. Appelez-le pour trouver une solution. Je joue le fournisseur.'],
        C1: ['Votre équipe doit adopter une nouvelle procédure que plusieurs collègues rejettent. Convainquez-moi, collègue réticent.'],
        C2: ['Vous négociez un partenariat ; mon entreprise pose des conditions inacceptables pour vous. Négociez en préservant la relation.'],
      },
    },
    {
      id: 'discussion',
      minutes: '5–7',
      prompts: {
        A1: ['Aimez-vous votre ville ? Pourquoi ?'],
        A2: ['Préférez-vous travailler seul(e) ou en équipe ?'],
        B1: ['Quels sont les avantages et les inconvénients du télétravail ?'],
        B2: ['Selon vous, quels éléments une entreprise doit-elle prendre en compte pour mettre en place le télétravail ?'],
        C1: ['Les entreprises sont-elles responsables du bien-être de leurs salariés en dehors des heures de travail ?'],
        C2: ["L'intelligence artificielle va-t-elle changer ce que l'on appelle l'expertise dans votre domaine ?"],
      },
    },
  ],
};
