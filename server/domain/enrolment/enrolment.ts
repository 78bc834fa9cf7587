/**
 * Enrolment: who a person is in Cadre and where they came from, whatever the way in (an LTI
 * launch, a SCORM package). A person is keyed by (issuer, subject); a course (context) by the
 * platform it lives in and its id there; a membership gives the person a role in the course; an
 * activity is one certification of the course with its settings; a launch session is what a way
 * in opens for the person's browser. LTI and SCORM map their protocols onto these types.
 */
import type { Locale } from '../../i18n.js';
import type { CefrLevel } from '../cefr.js';
import type { LtiRole } from '../principal.js';

/** A person's role in a course (an LMS user's principal role). */
export type EnrolmentRole = LtiRole;

/** A bank language an activity can be set to. */
export type ActivityLanguage = 'fr' | 'en';

/** What an activity is set to (by the LMS link's custom parameters). */
export interface ActivitySettings {
  language?: ActivityLanguage | undefined;
  targetLevel?: CefrLevel | undefined;
  oralRequired: boolean;
  /** Webcam proctoring of the written part (off for practice tests). */
  proctoring: boolean;
  availableFrom?: string | undefined;
  availableUntil?: string | undefined;
  accommodations: { extraTimePercent: number; largeText: boolean };
}

/** Where the activity's grades go in the LMS gradebook (LTI AGS endpoints), if the LMS offers it. */
export interface Gradebook {
  lineItemsUrl?: string | undefined;
  lineItemUrl?: string | undefined;
  scopes: string[];
}

/** The profile a way in says a person has; a field left undefined is kept as it is. */
export interface PersonProfile {
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  email?: string | null;
  /** The language the person's LMS says they use (LTI: the launch's locale claim). */
  locale?: Locale | null;
}

export interface PersonKey {
  /** Who vouches for the subject: an LTI platform's issuer, `scorm:<scope>` for SCORM learners. */
  issuer: string;
  subject: string;
}

export interface User extends PersonKey {
  id: string;
  name: string | null;
  email: string | null;
  locale: Locale | null;
}

/** A course as an LMS names it (an LTI context). */
export interface CourseInput {
  /** The platform the course lives in (its id in Cadre). */
  platformId: string;
  deploymentId: string;
  /** The course's id in the platform. */
  externalId: string;
  label: string | null;
  title: string | null;
  /** Where the platform lists the course's members (LTI NRPS), if it does. */
  rosterUrl: string | null;
}

export interface Course {
  id: string;
  platformId: string;
  externalId: string;
  title: string | null;
  rosterUrl: string | null;
}

export interface ActivityInput {
  /** The activity's id in the course (an LTI resource link id). */
  externalId: string;
  title: string | null;
  settings: ActivitySettings;
  /**
   * An existing activity keeps its settings (these are written only if the activity is new): the
   * launch is not an instructor's or an admin's, whose say the settings are (issue 16).
   */
  keepSettings: boolean;
  gradebook: Gradebook | null;
}

/** A certification activity (an LMS resource link) with its settings. */
export interface Activity {
  id: string;
  contextId: string;
  /** The platform of the activity's course. */
  platformId: string;
  externalId: string;
  title: string | null;
  settings: ActivitySettings;
  gradebook: Gradebook | null;
}

export interface Member {
  userId: string;
  subject: string;
  name: string | null;
  email: string | null;
  role: EnrolmentRole;
  locale?: Locale | null;
}

/** Someone to write to about a certification. */
export interface Contact {
  name: string | null;
  email: string | null;
  locale: Locale;
}

/** What later pages need from the way in that opened the session. */
export interface LaunchSessionData {
  platformId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  subject: string;
  name: string | null;
  email?: string | null | undefined;
  locale: Locale;
  inFrame: boolean;
  returnUrl?: string | undefined;
  contextTitle: string | null;
  nrpsUrl?: string | undefined;
  /** An LTI deep linking request: a one-shot session, closed once answered. */
  deepLinking?: { returnUrl: string; data?: string | undefined; acceptTypes: string[] } | undefined;
}

export interface NewLaunchSession {
  userId: string;
  /** The course (contexts.id), or the scope of a learner who came without one (SCORM). */
  contextId: string;
  activityId: string | null;
  role: EnrolmentRole;
  /** How the person came in: an LTI message type, or `scorm-launch`. */
  messageType: string;
  data: LaunchSessionData;
}

export interface LaunchSession extends NewLaunchSession {
  id: string;
}

/**
 * A launch, as any way in describes it: the person, the course, their role in it, the activity
 * (absent when the launch is not for one, e.g. deep linking) and the session to open.
 */
export interface LaunchEnrolment {
  person: PersonKey & PersonProfile;
  course: CourseInput;
  role: EnrolmentRole;
  activity?: ActivityInput | undefined;
  messageType: string;
  session: LaunchSessionData;
}

export interface EnrolledLaunch {
  sessionId: string;
  userId: string;
  contextId: string;
  activityId: string | null;
}
