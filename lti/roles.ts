/** What a person is in Cadre, from the LTI roles of a launch. */
export type CadreRole = 'candidate' | 'instructor' | 'admin';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

/**
 * The context roles LTI 1.3 core (§A.2.3.1) lets a platform send by their short names: Moodle's
 * Names and Role service does (`Instructor`, `Learner`), while its launches send the full URIs.
 * A sub-role may follow (`Instructor#TeachingAssistant`).
 */
const SHORT_CONTEXT_ROLE = /^(Administrator|ContentDeveloper|Instructor|Learner|Mentor|Manager|Member|Officer)(#[A-Za-z]+)?$/;

const ADMIN = /#Administrator$/;
const INSTRUCTOR = /membership(\/Instructor)?#(Instructor|TeachingAssistant|ContentDeveloper)$|#Instructor#TeachingAssistant$/;
const LEARNER = /membership(\/Learner)?#Learner$/;

/** Whether a role is a short context role name (`Learner`), which LTI 1.3 allows instead of its URI. */
export function isShortContextRole(role: string): boolean {
  return SHORT_CONTEXT_ROLE.test(role);
}

/** A role as a full URI: a short context role name gets the membership vocabulary's prefix; anything else is kept. */
export function fullRole(role: string): string {
  return SHORT_CONTEXT_ROLE.test(role) ? `${MEMBERSHIP}${role}` : role;
}

/**
 * Learner → candidate; Instructor, TeachingAssistant, ContentDeveloper → instructor;
 * Administrator (institution, system or course) → centre admin. The highest wins; a launch with
 * none of these (a guest, a mentor) gets no role and is refused. Roles may be full URIs or short
 * context role names (`Instructor`).
 */
export function mapRoles(roles: readonly string[]): CadreRole | undefined {
  const full = roles.map(fullRole);
  if (full.some((r) => ADMIN.test(r))) return 'admin';
  if (full.some((r) => INSTRUCTOR.test(r))) return 'instructor';
  if (full.some((r) => LEARNER.test(r))) return 'candidate';
  return undefined;
}
