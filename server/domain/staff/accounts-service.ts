import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import { translate } from '../../i18n.js';
import type { AuditActor, AuditLog } from '../audit/audit.js';
import type { Availability, AvailabilityRepository, Centre, CentrePolicyUpdate, CentreRepository } from '../booking/types.js';
import { hashPassword, hashToken, MIN_PASSWORD_LENGTH, newToken, verifyPassword } from './passwords.js';
import type { NewStaffMember, StaffMember, StaffRepository, StaffUpdate } from './staff.js';

export interface AccountsRepos {
  staff: StaffRepository;
  centres: CentreRepository;
  availability: AvailabilityRepository;
  audit: AuditLog;
}

export interface AccountsStore extends AccountsRepos {
  transaction<T>(fn: (repos: AccountsRepos) => Promise<T>): Promise<T>;
}

/** Sends one plain-text e-mail (server/mail's Mailer fits). */
export interface AccountsMailer {
  send(message: { to: string; subject: string; text: string }): Promise<unknown>;
}

/**
 * Failed logins allowed in the window before 429: per account from one address (an attacker
 * guessing a password does not lock its owner out at another address), and per address whatever
 * the account (one address trying many accounts).
 */
export const LOGIN_LIMIT = { perEmailAndIp: 5, perIp: 20, windowMs: 15 * 60_000 };
/** "Mot de passe oublié": requests per e-mail and per address within LOGIN_LIMIT's window; more are answered the same and ignored. */
export const FORGOT_LIMIT = { perEmail: 3, perIp: 20 };
export const SESSION_HOURS = 12;
export const SET_PASSWORD_HOURS = 72;

/** A real hash to compare against when the e-mail is unknown, so timing does not tell. */
const DUMMY_HASH = hashPassword('not a real password, only for timing');

export type SetPasswordOutcome = { ok: true; staffId: string } | { ok: false; reason: 'too-short' | 'link-invalid' };

/**
 * Staff accounts: who may log in (scrypt passwords, failures counted per e-mail and IP, and per IP, in the
 * database), sessions (only the SHA-256 of their token is stored), single-use set-password links
 * (e-mailed, 72 hours; using one closes the account's sessions), invitations and resets by a
 * centre admin or the CLI, deactivation, the centre's booking policy, and each member's own
 * profile and availability. Every change that matters to the centre is audit-logged.
 */
export class StaffAccountsService {
  constructor(
    private readonly deps: {
      store: AccountsStore;
      clock: Clock;
      mailer: AccountsMailer;
      publicUrl: string;
    },
  ) {}

  /**
   * The account behind an e-mail and password, or undefined. Throws 429 `staff:too-many-attempts`
   * after too many recent failures for the e-mail from this address, or from this address at all,
   * before looking at the password. `ip` is the client's address as the HTTP layer resolved it
   * (X-Forwarded-For only from a configured proxy: TRUST_PROXY).
   */
  async authenticate(email: string, password: string, ip: string): Promise<StaffMember | undefined> {
    const { staff } = this.deps.store;
    const now = this.deps.clock.now();
    const since = new Date(now.getTime() - LOGIN_LIMIT.windowMs);
    const accountKey = `ip+email:${ip} ${email.trim().toLowerCase()}`;
    const ipKey = `ip:${ip}`;
    if (
      (await staff.countLoginFailures(accountKey, since)) >= LOGIN_LIMIT.perEmailAndIp ||
      (await staff.countLoginFailures(ipKey, since)) >= LOGIN_LIMIT.perIp
    ) {
      throw new AppError('staff:too-many-attempts', {}, 429);
    }
    const member = await staff.findByEmail(email);
    const hash = member?.active ? await staff.passwordHash(member.id) : null;
    const ok = await verifyPassword(password, hash ?? (await DUMMY_HASH));
    if (!member || !hash || !ok) {
      await staff.recordLoginFailure(accountKey, now);
      await staff.recordLoginFailure(ipKey, now);
      return undefined;
    }
    await staff.clearLoginFailures(accountKey);
    return member;
  }

  /** Opens a session for a member who just authenticated; the token goes into the cookie only. */
  async openSession(member: StaffMember, requestId?: string): Promise<{ token: string; maxAgeSeconds: number }> {
    const { token, hash } = newToken();
    const now = this.deps.clock.now();
    await this.deps.store.staff.createSession(hash, member.id, now, new Date(now.getTime() + SESSION_HOURS * 3_600_000));
    await this.deps.store.audit.record(
      {
        actor: { kind: 'staff', id: member.id },
        action: 'staff.login',
        subject: { kind: 'staff', id: member.id },
        requestId,
      },
      now,
    );
    return { token, maxAgeSeconds: SESSION_HOURS * 3600 };
  }

  /** The active member of a live session, or undefined. */
  sessionMember(token: string): Promise<StaffMember | undefined> {
    return this.deps.store.staff.sessionMember(hashToken(token), this.deps.clock.now());
  }

  closeSession(token: string): Promise<void> {
    return this.deps.store.staff.deleteSession(hashToken(token));
  }

  /** Whether a set-password link can still be used (to show its form before using it). */
  passwordLinkIsLive(token: string): Promise<boolean> {
    return this.deps.store.staff.tokenIsLive(hashToken(token), 'set-password', this.deps.clock.now());
  }

  /** Uses a set-password link once: the new password, and every open session of the account closed. */
  async setPassword(token: string, password: string): Promise<SetPasswordOutcome> {
    if (password.length < MIN_PASSWORD_LENGTH) return { ok: false, reason: 'too-short' };
    const hash = await hashPassword(password);
    const now = this.deps.clock.now();
    const staffId = await this.deps.store.transaction(async (repos) => {
      const owner = await repos.staff.consumeToken(hashToken(token), 'set-password', now);
      if (!owner) return undefined;
      await repos.staff.setPasswordHash(owner, hash, now);
      await repos.staff.deleteSessionsOf(owner);
      await repos.audit.record(
        {
          actor: { kind: 'staff', id: owner },
          action: 'staff.set-password',
          subject: { kind: 'staff', id: owner },
        },
        now,
      );
      return owner;
    });
    return staffId ? { ok: true, staffId } : { ok: false, reason: 'link-invalid' };
  }

  /**
   * Creates an account (no password yet) and e-mails it a set-password link. Throws
   * StaffEmailTaken when the e-mail has an account. Returns the link too, for the CLI to print.
   */
  async invite(actor: AuditActor, member: NewStaffMember): Promise<{ member: StaffMember; link: string }> {
    const now = this.deps.clock.now();
    const created = await this.deps.store.staff.create(member, now);
    await this.deps.store.audit.record(
      {
        actor,
        action: 'staff.create',
        subject: { kind: 'staff', id: created.id },
        details: { role: created.role },
      },
      now,
    );
    return { member: created, link: await this.sendSetPasswordLink(created) };
  }

  /**
   * "Mot de passe oublié" from the login page: an active account with this e-mail gets a
   * set-password link by e-mail (its sessions close when the link is used, not before: anyone can
   * ask). The caller answers the same whether or not the account exists; requests beyond
   * FORGOT_LIMIT are ignored.
   */
  async forgotPassword(email: string, ip: string): Promise<void> {
    const { staff } = this.deps.store;
    const now = this.deps.clock.now();
    const since = new Date(now.getTime() - LOGIN_LIMIT.windowMs);
    const emailKey = `forgot-email:${email.trim().toLowerCase()}`;
    const ipKey = `forgot-ip:${ip}`;
    if ((await staff.countLoginFailures(emailKey, since)) >= FORGOT_LIMIT.perEmail || (await staff.countLoginFailures(ipKey, since)) >= FORGOT_LIMIT.perIp)
      return;
    await staff.recordLoginFailure(emailKey, now);
    await staff.recordLoginFailure(ipKey, now);
    const member = await staff.findByEmail(email);
    if (!member?.active) return;
    await this.deps.store.audit.record(
      { actor: { kind: 'staff', id: member.id }, action: 'staff.forgot-password', subject: { kind: 'staff', id: member.id } },
      now,
    );
    await this.sendSetPasswordLink(member);
  }

  /** A forgotten password or a lost link: open sessions are closed and a new link is e-mailed. */
  async reset(actor: AuditActor, member: StaffMember): Promise<string> {
    await this.deps.store.staff.deleteSessionsOf(member.id);
    await this.deps.store.audit.record(
      {
        actor,
        action: 'staff.reset',
        subject: { kind: 'staff', id: member.id },
      },
      this.deps.clock.now(),
    );
    return this.sendSetPasswordLink(member);
  }

  /** The account can no longer log in, and its sessions end now. Bookings it holds stay (the centre moves them). */
  async deactivate(actor: AuditActor, member: StaffMember): Promise<StaffMember> {
    if (actor.kind === 'staff' && actor.id === member.id) throw new AppError('staff:cannot-deactivate-self', {}, 409);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (repos) => {
      const updated = await repos.staff.update(member.id, { active: false }, now);
      await repos.staff.deleteSessionsOf(member.id);
      await repos.audit.record(
        {
          actor,
          action: 'staff.deactivate',
          subject: { kind: 'staff', id: member.id },
        },
        now,
      );
      return updated!;
    });
  }

  findByEmail(email: string): Promise<StaffMember | undefined> {
    return this.deps.store.staff.findByEmail(email);
  }

  list(filter?: Parameters<StaffRepository['list']>[0]): Promise<StaffMember[]> {
    return this.deps.store.staff.list(filter);
  }

  /** A member of the admin's centre, or 404. */
  async memberOfCentre(admin: StaffMember, staffId: string): Promise<StaffMember> {
    mustAdmin(admin);
    const member = await this.deps.store.staff.get(staffId);
    if (!member || member.centreId !== admin.centreId) throw new AppError('staff:not-found', {}, 404);
    return member;
  }

  /** What the centre admin's page shows: the centre and its staff. */
  async centreOf(admin: StaffMember): Promise<{ centre: Centre; members: StaffMember[] }> {
    mustAdmin(admin);
    const [centre, members] = await Promise.all([this.deps.store.centres.get(admin.centreId), this.deps.store.staff.list({ centreId: admin.centreId })]);
    return { centre: centre!, members };
  }

  async updateCentre(admin: StaffMember, changes: CentrePolicyUpdate): Promise<void> {
    mustAdmin(admin);
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (repos) => {
      await repos.centres.update(admin.centreId, changes, now);
      await repos.audit.record(
        {
          actor: { kind: 'staff', id: admin.id },
          action: 'centre.update',
          subject: { kind: 'centre', id: admin.centreId },
          details: changes,
        },
        now,
      );
    });
  }

  /** A member changes their own video link, time zone or language. */
  async updateProfile(member: StaffMember, changes: Pick<StaffUpdate, 'videoUrl' | 'timeZone' | 'locale'>): Promise<StaffMember> {
    return (await this.deps.store.staff.update(member.id, changes, this.deps.clock.now()))!;
  }

  /** An assessor's weekly rules and exceptions, on their own wall clock. */
  async availability(assessor: StaffMember): Promise<Availability> {
    mustHaveRole(assessor, 'assessor');
    return this.deps.store.availability.get(assessor.id);
  }

  async setAvailability(assessor: StaffMember, availability: Availability): Promise<Availability> {
    mustHaveRole(assessor, 'assessor');
    await this.deps.store.transaction((repos) => repos.availability.replace(assessor.id, availability));
    return this.deps.store.availability.get(assessor.id);
  }

  private async sendSetPasswordLink(member: StaffMember): Promise<string> {
    const { token, hash } = newToken();
    const now = this.deps.clock.now();
    await this.deps.store.staff.createToken(hash, member.id, 'set-password', now, new Date(now.getTime() + SET_PASSWORD_HOURS * 3_600_000));
    const link = `${this.deps.publicUrl}/staff/set-password?token=${token}`;
    await this.deps.mailer.send({
      to: member.email,
      subject: translate(member.locale, 'staff:set-password-subject'),
      text: translate(member.locale, 'staff:set-password-body', {
        name: member.name,
        role: translate(member.locale, `staff:role-${member.role}`),
        hours: SET_PASSWORD_HOURS,
        link,
      }),
    });
    return link;
  }
}

function mustHaveRole(member: StaffMember, role: StaffMember['role']): void {
  if (member.role !== role || !member.active) throw new AppError('error:forbidden', {}, 403);
}

const mustAdmin = (member: StaffMember) => mustHaveRole(member, 'centre-admin');
