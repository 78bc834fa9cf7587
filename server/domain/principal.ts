/**
 * Who is making a request, as the HTTP layer hands it to the use cases. The LTI layer sets it
 * from a launch session (kind 'lti': a learner or instructor of an LMS), the staff login from a
 * staff session (kind 'staff'). Use cases check roles and ownership; they never read sessions.
 */
export type StaffRole = 'reviewer' | 'centre-admin' | 'assessor';
export type LtiRole = 'learner' | 'instructor' | 'admin';

export type Principal =
  | {
      kind: 'lti';
      /** Cadre's own user id for the LMS user (stable per platform + sub). */
      userId: string;
      role: LtiRole;
      /** The LMS platform (issuer) and course context the launch came from, when known. */
      platformId?: string;
      contextId?: string;
      displayName?: string;
    }
  | { kind: 'staff'; userId: string; role: StaffRole; displayName?: string };
