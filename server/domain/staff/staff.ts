/**
 * Staff accounts: assessors run oral interviews, reviewers validate sittings, centre admins run a
 * centre. They log in with an e-mail and a password; LMS users never do (they come through LTI).
 */
export const STAFF_ROLES = ['assessor', 'reviewer', 'centre-admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  centreId: string;
  locale: 'fr' | 'en';
  timeZone: string;
  videoUrl: string | null;
  hasPassword: boolean;
  active: boolean;
  createdAt: Date;
}

export interface NewStaffMember {
  email: string;
  name: string;
  role: StaffRole;
  centreId?: string;
  locale?: 'fr' | 'en';
  timeZone?: string;
  videoUrl?: string | null;
}

export type StaffUpdate = Partial<Pick<StaffMember, 'name' | 'locale' | 'timeZone' | 'videoUrl' | 'active' | 'role'>>;

export interface StaffRepository {
  /** Throws StaffEmailTaken when the e-mail already has an account. */
  create(member: NewStaffMember, now: Date): Promise<StaffMember>;
  get(id: string): Promise<StaffMember | undefined>;
  findByEmail(email: string): Promise<StaffMember | undefined>;
  /** The stored scrypt hash, for login only. */
  passwordHash(id: string): Promise<string | null>;
  setPasswordHash(id: string, hash: string, now: Date): Promise<void>;
  update(id: string, changes: StaffUpdate, now: Date): Promise<StaffMember | undefined>;
  list(filter?: { centreId?: string; role?: StaffRole; activeOnly?: boolean }): Promise<StaffMember[]>;

  /** Sessions are stored by the SHA-256 of their token. */
  createSession(tokenHash: string, staffId: string, now: Date, expiresAt: Date): Promise<void>;
  /** The active staff member of a live session, or undefined. */
  sessionMember(tokenHash: string, now: Date): Promise<StaffMember | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(staffId: string): Promise<void>;

  createToken(tokenHash: string, staffId: string, purpose: 'set-password', now: Date, expiresAt: Date): Promise<void>;
  /** Marks a live, unused token used and returns its owner's id; undefined if expired, used or unknown. */
  consumeToken(tokenHash: string, purpose: 'set-password', now: Date): Promise<string | undefined>;
  /** Whether a live, unused token exists (to show the form before consuming it). */
  tokenIsLive(tokenHash: string, purpose: 'set-password', now: Date): Promise<boolean>;

  recordLoginFailure(key: string, now: Date): Promise<void>;
  countLoginFailures(key: string, since: Date): Promise<number>;
  clearLoginFailures(key: string): Promise<void>;
}

export class StaffEmailTaken extends Error {
  constructor(readonly email: string) {
    super(`a staff account already uses ${email}`);
    this.name = 'StaffEmailTaken';
  }
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
