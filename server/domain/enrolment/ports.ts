/** The repositories enrolment needs; server/storage implements them (SQLite and PostgreSQL). */
import type {
  Activity,
  ActivityInput,
  Course,
  CourseInput,
  EnrolledLaunch,
  EnrolmentRole,
  LaunchEnrolment,
  LaunchSession,
  Member,
  PersonKey,
  PersonProfile,
  User,
} from './enrolment.js';

export interface UserRepository {
  /** Creates the person or updates the profile fields given; returns their id. */
  save(person: PersonKey & PersonProfile, now: Date): Promise<string>;
  /** Creates the person with this profile unless known (a known person keeps their profile); returns their id. */
  ensure(person: PersonKey & PersonProfile, now: Date): Promise<string>;
  get(id: string): Promise<User | undefined>;
}

export interface CourseRepository {
  /** Creates the course or updates its label, title and roster URL; returns its id. */
  save(course: CourseInput, now: Date): Promise<string>;
  get(id: string): Promise<Course | undefined>;
  find(platformId: string, externalId: string): Promise<Course | undefined>;
}

export interface MembershipRepository {
  /** The person's role in the course, created or replaced. */
  save(contextId: string, userId: string, role: EnrolmentRole, now: Date): Promise<void>;
  /** The course's members Cadre has seen, with one of the roles if given. */
  list(contextId: string, roles?: readonly EnrolmentRole[]): Promise<Member[]>;
}

export interface ActivityRepository {
  /** Creates the activity of the course or replaces its title, settings and gradebook; returns its id. */
  save(contextId: string, activity: ActivityInput, now: Date): Promise<string>;
  get(id: string): Promise<Activity | undefined>;
  find(contextId: string, externalId: string): Promise<Activity | undefined>;
  /** The LMS gradebook column (line item URL) of the activity for a tag, once known. */
  lineItem(activityId: string, tag: string): Promise<string | undefined>;
  /** Remembers a gradebook column; the first one remembered for a tag stays. */
  rememberLineItem(activityId: string, tag: string, url: string): Promise<void>;
}

export interface LaunchSessionRepository {
  open(session: LaunchSession, now: Date, expiresAt: Date): Promise<void>;
  /** The session and when it expires (expired ones included: the caller decides). */
  get(id: string): Promise<{ session: LaunchSession; expiresAt: Date } | undefined>;
  close(id: string): Promise<void>;
  /** Deletes the sessions that expired before `now`. */
  purgeExpired(now: Date): Promise<void>;
}

export interface LaunchEnrolmentRepository {
  /**
   * Writes what a launch says (person, course, membership, activity: each created or updated)
   * and opens its session with this id, all or nothing. The hot path of every launch: on
   * PostgreSQL it is one statement.
   */
  enrol(launch: LaunchEnrolment, session: { id: string; expiresAt: Date }, now: Date): Promise<Omit<EnrolledLaunch, 'sessionId'>>;
}

export interface EnrolmentRepositories {
  enrolments: LaunchEnrolmentRepository;
  users: UserRepository;
  courses: CourseRepository;
  memberships: MembershipRepository;
  activities: ActivityRepository;
  launchSessions: LaunchSessionRepository;
}
