import type { Migration } from 'kysely';
import * as m0001 from './0001_audit_and_jobs.js';
import * as m0002 from './0002_lti.js';
import * as m0003 from './0003_delivery.js';
import * as m0004 from './0004_staff.js';
import * as m0005 from './0005_booking.js';
import * as m0006 from './0006_proctoring.js';
import * as m0007 from './0007_results.js';
import * as m0008 from './0008_scorm.js';
import * as m0009 from './0009_activity_proctoring.js';
import * as m0010 from './0010_accommodations.js';
import * as m0011 from './0011_booking_leaves.js';
import * as m0012 from './0012_lti_tool_keys.js';
import * as m0013 from './0013_oral_room.js';
import * as m0014 from './0014_personal_details.js';
import * as m0015 from './0015_security.js';
import * as m0017 from './0017_service_downtime.js';
import * as m0018 from './0018_user_locale.js';
import * as m0019 from './0019_proctoring_evidence.js';

/**
 * Every migration, in order. Listed by hand (not read from the folder) so the same list works
 * from TypeScript sources and from the compiled dist/. Never edit a migration that has shipped:
 * add the next one.
 */
export const migrations: Record<string, Migration> = {
  '0001_audit_and_jobs': m0001,
  '0002_lti': m0002,
  '0003_delivery': m0003,
  '0004_staff': m0004,
  '0005_booking': m0005,
  '0006_proctoring': m0006,
  '0007_results': m0007,
  '0008_scorm': m0008,
  '0009_activity_proctoring': m0009,
  '0010_accommodations': m0010,
  '0011_booking_leaves': m0011,
  '0012_lti_tool_keys': m0012,
  '0013_oral_room': m0013,
  '0014_personal_details': m0014,
  '0015_security': m0015,
  '0017_service_downtime': m0017,
  '0018_user_locale': m0018,
  '0019_proctoring_evidence': m0019,
};
