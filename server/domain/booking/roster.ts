/**
 * What the oral booking needs from the LMS side (LTI layer: users, memberships) and from the
 * written test (delivery: sittings), neither of which it owns. The lead wires an implementation
 * over their tables; tests use test/support/lti-principals.ts.
 */
export interface CandidateProfile {
  userId: string;
  name: string | null;
  email: string | null;
  locale: 'fr' | 'en';
}

export interface OralRoster {
  /** The candidate's sitting of this activity once its written part is done (step 'written-done'). */
  writtenDoneSitting(activityId: string, userId: string): Promise<string | undefined>;
  /** A member of a context as the LMS knows them, so an instructor can book on their behalf. */
  candidate(contextId: string, userId: string): Promise<CandidateProfile | undefined>;
}
