import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { ExposureStore } from '../domain/adaptive/exposure.js';
import type { AuditLog } from '../domain/audit/audit.js';
import type { ResponseRepository, SittingRepository } from '../domain/delivery/ports.js';
import type { JobRepository } from '../domain/jobs/jobs.js';
import type { ProctoringRepository } from '../domain/proctoring/proctoring.js';
import type { CertificateRepository, ResultRepository } from '../domain/results/ports.js';
import { checkDatabase, migrateToLatest, openDatabase, type DatabaseHealth, type Dialect } from './database.js';
import { auditRepository } from './repositories/audit-repository.js';
import {
  CommitBatches,
  commitInOneStatement,
  commitInTransaction,
  ExposureSnapshots,
  KnownSittings,
  exposureRepository,
  responseRepository,
  sittingRepository,
  type SittingsShared,
} from './repositories/delivery-repositories.js';
import { jobRepository } from './repositories/job-repository.js';
import {
  ltiAccessTokenRepository,
  ltiLoginRepository,
  ltiPlatformRepository,
  ltiToolKeyRepository,
  type LtiAccessTokenRepository,
  type LtiLoginRepository,
  type LtiPlatformRepository,
  type LtiToolKeyRepository,
} from './repositories/lti-repositories.js';
import { proctoringRepository } from './repositories/proctoring-repository.js';
import { oneTimeTokenRepository, type OneTimeTokenRepository } from './repositories/one-time-token-repository.js';
import type { AvailabilityRepository, BookingRepository, CentreRepository } from '../domain/booking/types.js';
import type { OralAssessmentRepository } from '../domain/oral/grading.js';
import type { OralRoomRepository } from '../domain/oral/room.js';
import type { StaffRepository } from '../domain/staff/staff.js';
import type { EnrolmentRepositories } from '../domain/enrolment/ports.js';
import type { DashboardStore } from '../domain/dashboard/ports.js';
import { personalDetailsRepository } from './repositories/personal-details-repository.js';
import type { PersonalDetailsRepository } from '../domain/candidate/personal-details.js';
import type { DowntimeRepository } from '../domain/delivery/downtime.js';
import { downtimeRepository } from './repositories/downtime-repository.js';
import { dashboardStore } from './repositories/dashboard-repository.js';
import type { ScormPackageRepository } from '../../scorm/ports.js';
import {
  activityRepository,
  courseRepository,
  launchEnrolmentRepository,
  launchSessionRepository,
  membershipRepository,
  userRepository,
} from './repositories/enrolment-repositories.js';
import { scormPackageRepository } from './repositories/scorm-repository.js';
import { availabilityRepository, bookingRepository, centreRepository, oralAssessmentRepository } from './repositories/booking-repositories.js';
import { staffRepository } from './repositories/staff-repository.js';
import { oralRoomRepository } from './repositories/oral-room-repository.js';
import { certificateRepository, resultRepository } from './repositories/results-repositories.js';
import type { Database } from './schema.js';

/** Every repository, over one connection or one transaction. */
export interface Repositories extends EnrolmentRepositories {
  audit: AuditLog;
  jobs: JobRepository;
  /** LTI 1.3: platforms and deployments, tool keys, OIDC logins, service access tokens. */
  ltiPlatforms: LtiPlatformRepository;
  ltiToolKeys: LtiToolKeyRepository;
  ltiLogins: LtiLoginRepository;
  ltiAccessTokens: LtiAccessTokenRepository;
  /** Single-use, expiring tokens: the exam window's hand-off, LTI registration URLs (migration 0015). */
  oneTimeTokens: OneTimeTokenRepository;
  sittings: SittingRepository;
  responses: ResponseRepository;
  exposure: Pick<ExposureStore, 'loadSkillCounts'>;
  proctoring: ProctoringRepository;
  staff: StaffRepository;
  centres: CentreRepository;
  availability: AvailabilityRepository;
  bookings: BookingRepository;
  oralAssessments: OralAssessmentRepository;
  oralRooms: OralRoomRepository;
  personalDetails: PersonalDetailsRepository;
  /** Heartbeats and the spans when no instance accepted answers (deadlines move by them). */
  downtime: DowntimeRepository;
  results: ResultRepository;
  certificates: CertificateRepository;
  scormPackages: ScormPackageRepository;
}

export interface Storage extends Repositories {
  dialect: Dialect;
  /** The instructor dashboard's reads and its writes (with their own transaction and audit entries). */
  dashboard: DashboardStore;
  /** Kysely handle, for repositories added by other modules (lti/) and for tests. */
  db: Kysely<Database>;
  /** Runs fn in one transaction: all its writes commit together or none does. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  health(): Promise<DatabaseHealth>;
  close(): Promise<void>;
}

function repositories(db: Kysely<Database>, dialect: Dialect, shared: SittingsShared): Repositories {
  return {
    audit: auditRepository(db),
    jobs: jobRepository(db, dialect),
    ltiPlatforms: ltiPlatformRepository(db),
    ltiToolKeys: ltiToolKeyRepository(db),
    ltiLogins: ltiLoginRepository(db),
    ltiAccessTokens: ltiAccessTokenRepository(db),
    oneTimeTokens: oneTimeTokenRepository(db),
    sittings: sittingRepository(db, dialect, shared),
    responses: responseRepository(db),
    exposure: exposureRepository(db, shared.exposure),
    proctoring: proctoringRepository(db),
    staff: staffRepository(db),
    centres: centreRepository(db),
    availability: availabilityRepository(db),
    bookings: bookingRepository(db),
    oralAssessments: oralAssessmentRepository(db),
    oralRooms: oralRoomRepository(db),
    personalDetails: personalDetailsRepository(db),
    downtime: downtimeRepository(db),
    results: resultRepository(db),
    certificates: certificateRepository(db),
    enrolments: launchEnrolmentRepository(db, dialect),
    users: userRepository(db),
    courses: courseRepository(db),
    memberships: membershipRepository(db),
    activities: activityRepository(db),
    launchSessions: launchSessionRepository(db),
    scormPackages: scormPackageRepository(db),
  };
}

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(database: Config['database']): Promise<Storage> {
  const { db, dialect, close } = openDatabase(database);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await close();
    throw error;
  }
  const shared: SittingsShared = {
    exposure: new ExposureSnapshots(),
    known: new KnownSittings(),
    batches: new CommitBatches(
      dialect === 'postgres'
        ? { write: (commits) => commitInOneStatement(db, commits), inFlight: 2 }
        : { write: (commits) => commitInTransaction(db, dialect, commits), inFlight: 1, gather: true },
    ),
  };
  return {
    ...repositories(db, dialect, shared),
    dialect,
    db,
    dashboard: dashboardStore(db),
    transaction: (fn) => db.transaction().execute((tx) => fn(repositories(tx, dialect, shared))),
    health: () => checkDatabase(db),
    close,
  };
}
