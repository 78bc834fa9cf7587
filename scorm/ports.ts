/**
 * What the SCORM module needs from the rest of Cadre. Each port is small: Cadre implements them
 * over the enrolment core (scorm/enrolment.ts: users, activities, launch sessions) and the
 * delivery and results modules (scorm/result-source.ts); the SCORM harness in test/support has
 * in-memory versions. Packages and tickets are stored by server/storage (scorm-repository.ts).
 */
import type { Response } from 'express';
import type { Locale } from '../server/i18n.js';
import type { CefrLevel, ScoreScale, ScormResult, ScormVersion } from './scoring.js';

export type { ScormResult } from './scoring.js';

/** A certification activity, as the enrolment core knows it (an LMS resource link). */
export interface ScormActivity {
  id: string;
  title: string | null;
  language: string | null;
  /** Required to build a package: the mastery score and the primary objective derive from it. */
  targetLevel: CefrLevel | null;
  /** The LMS course (contexts.id) the activity belongs to; the session's contextId. */
  contextId: string | null;
}

export interface ScormActivitySource {
  get(activityId: string): Promise<ScormActivity | undefined>;
}

/**
 * Finds or creates the Cadre user for an LMS learner, the way an LTI launch does with
 * (issuer, subject): mapped onto the users table with issuer `scorm:<scope>` (see
 * ScormPackage.issuer) and subject the learner id the launcher sent (hashed or not).
 */
export interface ScormUserDirectory {
  upsert(learner: { issuer: string; subject: string; name: string | null }, now: Date): Promise<{ userId: string }>;
}

/** Where the certification of one candidate stands (delivery + results modules). */
export interface ScormResultSource {
  resultFor(activityId: string, userId: string): Promise<ScormResult>;
}

/** A SCORM learner who redeemed a start ticket: what a Cadre candidate session needs. */
export interface ScormLearner {
  userId: string;
  activityId: string;
  contextId: string | null;
  name: string | null;
  locale: Locale;
  packageId: string;
}

/**
 * Opens a Cadre candidate session for a SCORM learner on the top-level start page (first-party
 * cookie) and says where the browser goes next. Cadre maps it onto the enrolment core's launch
 * sessions (scorm/enrolment.ts): a launch session (role 'candidate', message type 'scorm-launch')
 * and its cookie, then the candidate home or the exam.
 */
export interface ScormSessionOpener {
  open(res: Response, learner: ScormLearner, now: Date): Promise<{ redirectTo: string }>;
}

export interface ScormPackageOptions {
  version: ScormVersion;
  /** Shown in the list of packages (e.g. the LMS's name). */
  label: string;
  /** The LMS's origin (https://moodle.example.org); null lets any origin launch with the key. */
  lmsOrigin: string | null;
  /** The launcher sends SHA-256(salt:learner id) and no name instead of the LMS's id and name. */
  hashLearnerIds: boolean;
  scoreScale: ScoreScale;
}

export interface ScormPackage extends ScormPackageOptions {
  id: string;
  activityId: string;
  createdAt: Date;
  createdBy: { kind: string; id?: string };
  revokedAt: Date | null;
  revokedBy: { kind: string; id?: string } | null;
  lastLaunchAt: Date | null;
  launchCount: number;
}

export interface ScormTicket {
  packageId: string;
  userId: string;
  activityId: string;
  contextId: string | null;
  name: string | null;
  locale: Locale;
  expiresAt: Date;
}

export interface ScormPackageRepository {
  insert(pkg: ScormPackage, keyHash: string): Promise<void>;
  get(id: string): Promise<{ pkg: ScormPackage; keyHash: string } | undefined>;
  listForActivity(activityId: string): Promise<ScormPackage[]>;
  listAll(): Promise<ScormPackage[]>;
  /** Marks the package revoked unless it already is; false when it was. */
  revoke(id: string, by: { kind: string; id?: string }, now: Date): Promise<boolean>;
  recordLaunch(id: string, now: Date): Promise<void>;
  /** Stores a single-use ticket (by its hash) and drops expired ones. */
  addTicket(ticketHash: string, ticket: ScormTicket, now: Date): Promise<void>;
  /** Marks the ticket used if it is unused and unexpired, and returns it; undefined otherwise. Atomic. */
  redeemTicket(ticketHash: string, now: Date): Promise<ScormTicket | undefined>;
}
