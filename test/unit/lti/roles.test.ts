import { describe, expect, it } from 'vitest';
import { ROLE } from '../../../lti/claims.js';
import { mapRoles } from '../../../lti/roles.js';

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

  it('gives no role to a launch with none of these (guest, mentor)', () => {
    expect(mapRoles([])).toBeUndefined();
    expect(mapRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'])).toBeUndefined();
  });
});
