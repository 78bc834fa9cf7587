/**
 * What the oral booking needs from the LMS side (LTI layer) and the written test (delivery),
 * neither of which it owns. The lead wires real implementations; tests use
 * test/support/lti-principals.ts.
 */
export type LtiRole = 'candidate' | 'instructor' | 'admin';

/** The person behind a request that came through an LTI launch (a launch session row). */
export interface LtiPrincipal {
  kind: 'lti';
  userId: string;
  role: LtiRole;
  contextId: string;
  activityId: string;
  name: string;
  email: string | null;
  locale: 'fr' | 'en';
  /** IANA zone, e.g. Europe/Paris: from the LMS profile or the browser at launch. */
  timeZone: string;
  /** The centre whose assessors and policy apply; 'default' when the LTI layer has no mapping. */
  centreId?: string;
}

export interface CandidateProfile {
  userId: string;
  name: string;
  email: string | null;
  locale: 'fr' | 'en';
  timeZone: string;
}

export interface OralRoster {
  /** The candidate's sitting of this activity once its written part is done (step 'written-done'). */
  writtenDoneSitting(activityId: string, userId: string): Promise<string | undefined>;
  /** A member of a context as the LMS knows them, so an instructor can book on their behalf. */
  candidate(contextId: string, userId: string): Promise<CandidateProfile | undefined>;
}
