/** What a person is in Cadre, from the LTI roles of a launch. */
export type CadreRole = 'candidate' | 'instructor' | 'admin';

const ADMIN = /#Administrator$/;
const INSTRUCTOR = /membership(\/Instructor)?#(Instructor|TeachingAssistant|ContentDeveloper)$|#Instructor#TeachingAssistant$/;
const LEARNER = /membership(\/Learner)?#Learner$/;

/**
 * Learner → candidate; Instructor, TeachingAssistant, ContentDeveloper → instructor;
 * Administrator (institution, system or course) → centre admin. The highest wins; a launch with
 * none of these (a guest, a mentor) gets no role and is refused.
 */
export function mapRoles(roles: readonly string[]): CadreRole | undefined {
  if (roles.some((r) => ADMIN.test(r))) return 'admin';
  if (roles.some((r) => INSTRUCTOR.test(r))) return 'instructor';
  if (roles.some((r) => LEARNER.test(r))) return 'candidate';
  return undefined;
}
