import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLE } from '../../../lti/claims.js';
import { mapRoles } from '../../../lti/roles.js';
import { rosterMember, type NrpsMember } from '../../../lti/roster.js';

describe('LTI role mapping', () => {
  it('maps learners to candidates, teaching roles to instructors, administrators to centre admins', () => {
    expect(mapRoles([ROLE.learner])).toBe('candidate');
    expect(mapRoles([ROLE.institutionStudent, ROLE.learner])).toBe('candidate');
    expect(mapRoles([ROLE.instructor])).toBe('instructor');
    expect(mapRoles([ROLE.teachingAssistant])).toBe('instructor');
    expect(mapRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'])).toBe('instructor');
    expect(mapRoles([ROLE.contentDeveloper])).toBe('instructor');
    expect(mapRoles([ROLE.membershipAdministrator])).toBe('admin');
    // Moodle's site administrator: institution + system administrator, instructor in the course.
    expect(mapRoles([ROLE.institutionAdministrator, ROLE.instructor, ROLE.systemAdministrator])).toBe('admin');
  });

  it('accepts the short context role names LTI core allows instead of the URIs', () => {
    expect(mapRoles(['Learner'])).toBe('candidate');
    expect(mapRoles(['Instructor'])).toBe('instructor');
    expect(mapRoles(['Instructor#TeachingAssistant'])).toBe('instructor');
    expect(mapRoles(['ContentDeveloper'])).toBe('instructor');
    expect(mapRoles(['Administrator'])).toBe('admin');
    expect(mapRoles(['Mentor'])).toBeUndefined();
    // A short name is a whole role, not a suffix: these are not learners.
    expect(mapRoles(['NotALearner', 'learner', 'urn:example:Learner'])).toBeUndefined();
  });

  it('gives no role to a launch with none of these (guest, mentor)', () => {
    expect(mapRoles([])).toBeUndefined();
    expect(mapRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'])).toBeUndefined();
  });

  it("reads the roles of a Moodle 5 NRPS answer: teachers, the site admin and learners, none 'other'", () => {
    const container = JSON.parse(readFileSync(new URL('../../fixtures/moodle/nrps-context-memberships.json', import.meta.url), 'utf8')) as {
      members: NrpsMember[];
    };
    expect(container.members.map(rosterMember).map((m) => [m.name, m.role])).toEqual([
      ['Admin User', 'admin'],
      ['Dominique Leroy', 'instructor'],
      ['Élodie Durand', 'candidate'],
      ['Bruno Martin', 'candidate'],
      ['Chloé Petit', 'candidate'],
    ]);
  });
});
