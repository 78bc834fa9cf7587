import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { LOGIN_LIMIT, SESSION_HOURS, StaffAccountsService } from '../../../server/domain/staff/accounts-service.js';
import { StaffEmailTaken, type StaffMember } from '../../../server/domain/staff/staff.js';
import { AppError } from '../../../server/errors.js';
import { createLogger } from '../../../server/logger.js';
import { createMailer } from '../../../server/mail/mailer.js';
import { openStorage, type Storage } from '../../../server/storage/storage.js';
import { tempDir } from '../../support/config.js';
import { startSmtpServer } from '../../support/smtp.js';

describe('StaffAccountsService on a real SQLite storage and SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let storage: Storage;
  let accounts: StaffAccountsService;
  let admin: StaffMember;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const cli = { kind: 'cli' } as const;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    storage = await openStorage({ kind: 'sqlite', file: path.join(tempDir(), 'cadre.sqlite') });
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'cadre@centre.example.org', outboxDir: tempDir() }, createLogger('silent'));
    accounts = new StaffAccountsService({ store: storage, clock, mailer, publicUrl: 'https://cadre.example.org' });
    admin = (await accounts.invite(cli, { email: 'admin@centre.example.org', name: 'Claire Admin', role: 'centre-admin' })).member;
  });
  afterAll(async () => {
    await storage?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    smtp.mails.length = 0;
  });

  /** The token of the last set-password link e-mailed to `to`. */
  async function linkTokenFor(to: string): Promise<string> {
    const mails = await smtp.waitFor(1);
    const mail = mails.filter((m) => m.to === to).at(-1)!;
    return mail.text.match(/https:\/\/cadre\.example\.org\/staff\/set-password\?token=([\w-]+)/)![1]!;
  }

  it('invites a member: an account without password, an e-mailed single-use link, an audit entry', async () => {
    const { member, link } = await accounts.invite(
      { kind: 'staff', id: admin.id },
      { email: 'Awa@Centre.example.org', name: 'Awa Diallo', role: 'assessor', locale: 'en' },
    );
    expect(member).toMatchObject({ email: 'awa@centre.example.org', role: 'assessor', hasPassword: false, active: true });
    const token = await linkTokenFor('awa@centre.example.org');
    expect(link).toBe(`https://cadre.example.org/staff/set-password?token=${token}`);
    expect((await smtp.waitFor(1))[0]!.text).toContain('valid for 72 hours');
    expect(await accounts.authenticate('awa@centre.example.org', 'anything at all', '10.0.0.1')).toBeUndefined();
    await expect(accounts.invite(cli, { email: 'awa@centre.example.org', name: 'Again', role: 'assessor' })).rejects.toBeInstanceOf(StaffEmailTaken);
    const audit = await storage.audit.listForSubject('staff', member.id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['staff.create', { kind: 'staff', id: admin.id }]]);
  });

  it('takes a password once from the link, refuses a short one without using the link up, then logs in', async () => {
    const { member } = await accounts.invite(cli, { email: 'ben@centre.example.org', name: 'Ben', role: 'reviewer' });
    const token = await linkTokenFor('ben@centre.example.org');
    expect(await accounts.setPassword(token, 'short')).toEqual({ ok: false, reason: 'too-short' });
    expect(await accounts.passwordLinkIsLive(token)).toBe(true);
    expect(await accounts.setPassword(token, 'a long enough passphrase')).toEqual({ ok: true, staffId: member.id });
    expect(await accounts.passwordLinkIsLive(token)).toBe(false);
    expect(await accounts.setPassword(token, 'someone else tries again')).toEqual({ ok: false, reason: 'link-invalid' });
    expect((await accounts.authenticate('BEN@centre.example.org', 'a long enough passphrase', '10.0.0.2'))?.id).toBe(member.id);
  });

  it('links expire after 72 hours', async () => {
    await accounts.invite(cli, { email: 'late@centre.example.org', name: 'Late', role: 'assessor' });
    const token = await linkTokenFor('late@centre.example.org');
    clock.advance(72 * 3_600_000 + 1000);
    expect(await accounts.setPassword(token, 'a long enough passphrase')).toEqual({ ok: false, reason: 'link-invalid' });
  });

  it('opens sessions that end after 12 hours, on logout, and when the password changes', async () => {
    const { member } = await accounts.invite(cli, { email: 'cleo@centre.example.org', name: 'Cléo', role: 'assessor' });
    await accounts.setPassword(await linkTokenFor('cleo@centre.example.org'), 'first passphrase ok');
    const first = await accounts.openSession(member);
    expect(first.maxAgeSeconds).toBe(SESSION_HOURS * 3600);
    expect((await accounts.sessionMember(first.token))?.id).toBe(member.id);
    clock.advance(SESSION_HOURS * 3_600_000 + 1000);
    expect(await accounts.sessionMember(first.token)).toBeUndefined();

    const second = await accounts.openSession(member);
    await accounts.closeSession(second.token);
    expect(await accounts.sessionMember(second.token)).toBeUndefined();

    const third = await accounts.openSession(member);
    smtp.mails.length = 0;
    await accounts.reset(cli, member);
    expect(await accounts.sessionMember(third.token)).toBeUndefined();
    const fourth = await accounts.openSession(member);
    await accounts.setPassword(await linkTokenFor('cleo@centre.example.org'), 'second passphrase ok');
    expect(await accounts.sessionMember(fourth.token)).toBeUndefined();
    const actions = (await storage.audit.listForSubject('staff', member.id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.create', 'staff.login', 'staff.reset', 'staff.set-password']));
  });

  it('answers 429 after too many failures for one e-mail from one address, even to the right password, until the window passes; the owner elsewhere still logs in', async () => {
    const { member } = await accounts.invite(cli, { email: 'dan@centre.example.org', name: 'Dan', role: 'assessor' });
    await accounts.setPassword(await linkTokenFor('dan@centre.example.org'), 'the right password');
    for (let i = 0; i < LOGIN_LIMIT.perEmailAndIp; i++) expect(await accounts.authenticate('dan@centre.example.org', `guess ${i}`, '10.1.0.9')).toBeUndefined();
    const blocked = accounts.authenticate('dan@centre.example.org', 'the right password', '10.1.0.9');
    await expect(blocked).rejects.toMatchObject({ id: 'staff:too-many-attempts', status: 429 });
    expect((await accounts.authenticate('dan@centre.example.org', 'the right password', '10.1.1.1'))?.id).toBe(member.id);
    clock.advance(LOGIN_LIMIT.windowMs + 1000);
    expect((await accounts.authenticate('dan@centre.example.org', 'the right password', '10.1.0.9'))?.id).toBe(member.id);
  });

  it('deactivates an account: no login, no session, not by oneself', async () => {
    const { member } = await accounts.invite(cli, { email: 'eve@centre.example.org', name: 'Eve', role: 'assessor' });
    await accounts.setPassword(await linkTokenFor('eve@centre.example.org'), 'eve passphrase ok');
    const session = await accounts.openSession(member);
    await expect(accounts.deactivate({ kind: 'staff', id: member.id }, member)).rejects.toMatchObject({ id: 'staff:cannot-deactivate-self' });
    const done = await accounts.deactivate({ kind: 'staff', id: admin.id }, member);
    expect(done.active).toBe(false);
    expect(await accounts.sessionMember(session.token)).toBeUndefined();
    expect(await accounts.authenticate('eve@centre.example.org', 'eve passphrase ok', '10.2.0.1')).toBeUndefined();
    expect((await storage.audit.listForSubject('staff', member.id)).map((a) => a.action)).toContain('staff.deactivate');
  });

  it('lets only a centre admin read and change the centre, and only for members of their centre', async () => {
    const { member: assessor } = await accounts.invite(cli, { email: 'fay@centre.example.org', name: 'Fay', role: 'assessor' });
    const at = clock.now().toISOString();
    await storage.db
      .insertInto('centres')
      .values({
        id: 'other',
        name: 'Other centre',
        time_zone: 'Europe/London',
        slot_minutes: 30,
        min_notice_minutes: 1440,
        max_days_ahead: 28,
        contact_email: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const { member: elsewhere } = await accounts.invite(cli, { email: 'gus@other.example.org', name: 'Gus', role: 'assessor', centreId: 'other' });

    await expect(accounts.centreOf(assessor)).rejects.toMatchObject({ status: 403 });
    await expect(accounts.updateCentre(assessor, { slotMinutes: 45 })).rejects.toBeInstanceOf(AppError);
    await expect(accounts.memberOfCentre(admin, elsewhere.id)).rejects.toMatchObject({ id: 'staff:not-found', status: 404 });
    expect((await accounts.memberOfCentre(admin, assessor.id)).id).toBe(assessor.id);

    await accounts.updateCentre(admin, { slotMinutes: 45, minNoticeMinutes: 120 });
    const { centre, members } = await accounts.centreOf(admin);
    expect(centre).toMatchObject({ slotMinutes: 45, minNoticeMinutes: 120 });
    expect(members.map((m) => m.email)).toContain('fay@centre.example.org');
    expect(members.map((m) => m.email)).not.toContain('gus@other.example.org');
    expect((await storage.audit.listForSubject('centre', 'default')).map((a) => a.action)).toContain('centre.update');
  });

  it('keeps each assessor’s availability and profile their own', async () => {
    const { member } = await accounts.invite(cli, { email: 'hana@centre.example.org', name: 'Hana', role: 'assessor' });
    const mornings = { rules: [{ weekday: 1, startMinute: 540, endMinute: 720 }], exceptions: [] };
    expect((await accounts.setAvailability(member, mornings)).rules).toEqual(mornings.rules);
    expect((await accounts.availability(member)).rules).toEqual(mornings.rules);
    await expect(accounts.availability(admin)).rejects.toMatchObject({ status: 403 });
    const updated = await accounts.updateProfile(member, { videoUrl: 'https://meet.example.org/hana', timeZone: 'America/Montreal' });
    expect(updated).toMatchObject({ videoUrl: 'https://meet.example.org/hana', timeZone: 'America/Montreal', name: 'Hana' });
  });
});
