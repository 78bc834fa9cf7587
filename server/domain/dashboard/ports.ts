/**
 * What the instructor dashboard needs from the rest of Cadre: the LMS roster (the LTI layer),
 * the activity and what each candidate did in it (storage), per-candidate accommodations and
 * the reset of an attempt (storage, in one transaction with the audit log).
 */
import type { AuditLog } from '../audit/audit.js';
import type { Levels, ResultState } from '../results/types.js';
import type { Severity } from '../proctoring/proctoring.js';

export type MemberRole = 'candidate' | 'instructor' | 'admin' | 'other';

/** A member of the course as the LMS lists it (NRPS). `subject` is the LMS user id. */
export interface RosterMember {
  subject: string;
  name: string;
  email: string | null;
  role: MemberRole;
  active: boolean;
}

export interface Roster {
  /** ok: the LMS answered; no-service: the launch carried no NRPS claim; unavailable: the LMS failed. */
  status: 'ok' | 'no-service' | 'unavailable';
  /** The platform's issuer (users are its subjects); null when the context is unknown. */
  issuer: string | null;
  members: RosterMember[];
}

export interface RosterSource {
  members(contextId: string): Promise<Roster>;
  /** The Cadre user id of a roster member, created if they never launched (the launch finds it later). */
  ensureUser(issuer: string, member: RosterMember): Promise<string>;
}

export interface DashboardActivity {
  id: string;
  contextId: string;
  title: string | null;
  targetLevel: string | null;
  oralRequired: boolean;
  /** The activity's own extra time for everyone (deep-linking setting), as a multiplier. */
  defaultTimeMultiplier: number;
}

/** A member Cadre has seen launch in the context (memberships). */
export interface SeenMember {
  userId: string;
  issuer: string;
  subject: string;
  name: string | null;
  email: string | null;
  role: MemberRole;
}

export interface Accommodation {
  /** Every item's time limit is multiplied by this: 1 to 2. */
  timeMultiplier: number;
  /** Set when the candidate is exempted from (camera) proctoring: what was agreed and why. */
  proctoringExemption: string | null;
  updatedAt: string;
}

/** Everything Cadre stored about one candidate's attempt at one activity. */
export interface AttemptFacts {
  userId: string;
  /** The user's LMS identity, to match a roster member who has facts but never launched (an accommodation). */
  issuer: string;
  subject: string;
  sitting: { id: string; step: string; answered: number; total: number } | null;
  /** The latest booking that is not cancelled (booked, completed, no-show, incident). */
  booking: { id: string; status: string; startsAt: string } | null;
  /** When the candidate left the booking page saying their centre books for them ("quitter sans prendre de rendez-vous"). */
  leftWithoutBookingAt?: string | null;
  result: { id: string; state: ResultState; levels: Levels | null; invalidated: boolean } | null;
  /** Severities of the proctoring events of the sitting. */
  eventSeverities: Severity[];
  accommodation: Accommodation | null;
}

export interface DashboardReadStore {
  activity(activityId: string): Promise<DashboardActivity | undefined>;
  seenMembers(contextId: string): Promise<SeenMember[]>;
  /** The facts of every user who has a sitting, a booking, a result or an accommodation in the activity. */
  attempts(activityId: string): Promise<AttemptFacts[]>;
  /** Whether a Cadre user is a subject of the issuer (a member of this LMS). */
  userSubject(userId: string): Promise<{ issuer: string; subject: string } | undefined>;
  /** When an instructor last reset the candidate's attempt at the activity (the attempt archive), if ever. */
  lastReset(activityId: string, userId: string): Promise<Date | undefined>;
}

/** The attempt as a reset sees it, read inside the reset's transaction. */
export interface AttemptToReset {
  sittingId: string;
  resultState: ResultState | null;
  liveBooking: boolean;
}

export interface AttemptRepository {
  find(activityId: string, userId: string): Promise<AttemptToReset | undefined>;
  /**
   * Copies the sitting, its responses and its (unreleased) result into the archive, then deletes
   * them so the candidate starts afresh. False when the result was released meanwhile.
   */
  archiveAndDelete(input: {
    archiveId: string;
    activityId: string;
    userId: string;
    sittingId: string;
    reason: string;
    actor: string;
    now: Date;
  }): Promise<boolean>;
}

export interface AccommodationRepository {
  get(activityId: string, userId: string): Promise<Accommodation | undefined>;
  put(activityId: string, userId: string, accommodation: Omit<Accommodation, 'updatedAt'>, by: string, now: Date): Promise<Accommodation>;
}

export interface DashboardRepositories {
  audit: AuditLog;
  attempts: AttemptRepository;
  accommodations: AccommodationRepository;
}

export interface DashboardStore extends DashboardRepositories {
  read: DashboardReadStore;
  transaction<T>(fn: (repos: DashboardRepositories) => Promise<T>): Promise<T>;
}
