import type { PersonalDetails } from '../../server/domain/candidate/personal-details.js';

/** A valid set of personal details (a candidate born in Lyon), with any field replaced. */
export function sampleDetails(over: Partial<PersonalDetails> = {}): PersonalDetails {
  return {
    sex: 'F',
    birthName: 'Martin',
    usageName: null,
    firstNames: 'Léa Marie',
    birthDate: '1994-05-17',
    birthCountry: 'FR',
    birthCity: 'Lyon',
    birthDepartment: '69',
    email: 'lea.martin@example.org',
    phone: '+33 6 12 34 56 78',
    postalAddress: null,
    cpfDossierNumber: '12345678901',
    ...over,
  };
}

/** The form's body as the page sends it (the details and the certification box ticked). */
export const detailsBody = (over: Partial<PersonalDetails> = {}) => ({ ...sampleDetails(over), certified: true });
