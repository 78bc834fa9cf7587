import { Router, type Request, type RequestHandler, type Response } from 'express';
import passportPkg from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { hashPassword, hashToken, MIN_PASSWORD_LENGTH, newToken, verifyPassword } from '../domain/staff/passwords.js';
import { STAFF_ROLES, StaffEmailTaken, type StaffMember, type StaffRole } from '../domain/staff/staff.js';
import { AppError } from '../errors.js';
import { translate, type Locale } from '../i18n.js';
import type { Mailer } from '../mail/mailer.js';
import { inviteStaff } from '../staff/invite.js';
import type { Storage } from '../storage/storage.js';
import { readCookie } from './cookies.js';
import { escapeHtml, page } from './html.js';
import { requestLocale } from './locale.js';
import { requireStaff } from './principal.js';
import { validate } from './validate.js';

export const STAFF_COOKIE = 'cadre_staff';
const SESSION_HOURS = 12;
/** Failed logins allowed per e-mail and per IP address in the window before 429. */
export const LOGIN_LIMIT = { perEmail: 5, perIp: 20, windowMs: 15 * 60_000 };
/** A real hash to compare against when the e-mail is unknown, so timing does not tell. */
const DUMMY_HASH = hashPassword('not a real password, only for timing');

interface Deps {
  config: Config;
  storage: Storage;
  clock: Clock;
  mailer: Mailer;
}

/**
 * Reads the staff session cookie; for a live session of an active account, sets req.principal
 * (kind 'staff') and keeps the full account in res.locals.staffMember for staffMember().
 */
export function staffSession(deps: Deps): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, STAFF_COOKIE);
    const member = token ? await deps.storage.staff.sessionMember(hashToken(token), deps.clock.now()) : undefined;
    if (member) {
      req.principal = { kind: 'staff', staffId: member.id, role: member.role, name: member.name, email: member.email, locale: member.locale };
      res.locals.staffMember = member;
    }
    next();
  };
}

/** The full account of the staff member behind the request, if their role is among `roles` (401/403 otherwise). */
export function staffMember(req: Request, res: Response, ...roles: StaffRole[]): StaffMember {
  requireStaff(req, ...roles);
  return res.locals.staffMember as StaffMember;
}

const isStaff = (req: Request) => req.principal?.kind === 'staff';

function cookieOptions(config: Config, maxAgeSeconds: number): string {
  const secure = config.publicUrl.startsWith('https:') ? '; Secure' : '';
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

function loginPage(locale: Locale, message?: string, email = ''): string {
  const t = (id: string) => escapeHtml(translate(locale, id));
  return page(
    locale,
    translate(locale, 'staff:login-title'),
    `<h1>${t('staff:login-title')}</h1>
${message ? `<p role="alert" class="cadre-alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/staff/login?lang=${locale}" class="cadre-form">
<label for="email">${t('staff:email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">${t('staff:password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t('staff:login')}</button>
</form>`,
  );
}

/**
 * Staff accounts: login (passport local strategy, scrypt hashes, rate-limited), sessions stored
 * in staff_sessions (httpOnly, SameSite=Lax cookie, Secure over https), logout, the single-use
 * set-password link, and the centre admin's page to create assessors.
 */
export function staffRoutes(deps: Deps): Router {
  const { config, storage, clock } = deps;
  const router = Router();
  const passport = new passportPkg.Passport();

  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false }, (req, email, password, done) => {
      void (async () => {
        const now = clock.now();
        const since = new Date(now.getTime() - LOGIN_LIMIT.windowMs);
        const emailKey = `email:${email.trim().toLowerCase()}`;
        const ipKey = `ip:${req.ip ?? 'unknown'}`;
        if ((await storage.staff.countLoginFailures(emailKey, since)) >= LOGIN_LIMIT.perEmail || (await storage.staff.countLoginFailures(ipKey, since)) >= LOGIN_LIMIT.perIp) {
          return done(new AppError('staff:too-many-attempts', {}, 429));
        }
        const member = await storage.staff.findByEmail(email);
        const hash = member?.active ? await storage.staff.passwordHash(member.id) : null;
        const ok = await verifyPassword(password, hash ?? (await DUMMY_HASH));
        if (!member || !hash || !ok) {
          await storage.staff.recordLoginFailure(emailKey, now);
          await storage.staff.recordLoginFailure(ipKey, now);
          return done(null, false);
        }
        await storage.staff.clearLoginFailures(emailKey);
        return done(null, member);
      })().catch(done);
    }),
  );

  router.get('/staff/login', (req, res) => {
    res.type('html').send(loginPage(requestLocale(req)));
  });

  router.post('/staff/login', (req, res, next) => {
    const locale = requestLocale(req);
    passport.authenticate('local', { session: false }, (error: unknown, member: StaffMember | false) => {
      void (async () => {
        if (error instanceof AppError && error.status === 429 && !wantsJson(req)) {
          res.status(429).type('html').send(loginPage(locale, translate(locale, error.id)));
          return;
        }
        if (error) return next(error);
        if (!member) {
          if (wantsJson(req)) return next(new AppError('staff:invalid-credentials', {}, 401));
          res.status(401).type('html').send(loginPage(locale, translate(locale, 'staff:invalid-credentials'), String(req.body?.email ?? '')));
          return;
        }
        const { token, hash } = newToken();
        const now = clock.now();
        await storage.staff.createSession(hash, member.id, now, new Date(now.getTime() + SESSION_HOURS * 3_600_000));
        await storage.audit.record({ actor: { kind: 'staff', id: member.id }, action: 'staff.login', subject: { kind: 'staff', id: member.id }, requestId: String(req.id) }, now);
        res.setHeader('set-cookie', `${STAFF_COOKIE}=${token}; ${cookieOptions(config, SESSION_HOURS * 3600)}`);
        if (wantsJson(req)) res.json({ staff: { id: member.id, name: member.name, role: member.role } });
        else res.redirect(303, '/staff');
      })().catch(next);
    })(req, res, next);
  });

  router.post('/staff/logout', async (req, res) => {
    const token = readCookie(req, STAFF_COOKIE);
    if (token) await storage.staff.deleteSession(hashToken(token));
    res.setHeader('set-cookie', `${STAFF_COOKIE}=; ${cookieOptions(config, 0)}`);
    res.redirect(303, '/staff/login');
  });

  router.get('/staff', (req, res) => {
    if (!isStaff(req)) return res.redirect(303, '/staff/login');
    res.redirect(303, staffMember(req, res).role === 'centre-admin' ? '/staff/admin' : '/staff/console');
  });

  const setPasswordForm = (locale: Locale, token: string, message?: string) =>
    page(
      locale,
      translate(locale, 'staff:set-password-title'),
      `<h1>${escapeHtml(translate(locale, 'staff:set-password-title'))}</h1>
${message ? `<p role="alert" class="cadre-alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/staff/set-password?lang=${locale}" class="cadre-form">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="password">${escapeHtml(translate(locale, 'staff:password'))}</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
<button type="submit">${escapeHtml(translate(locale, 'staff:set-password'))}</button>
</form>`,
    );
  const messagePage = (locale: Locale, status: number, res: Response, id: string, params = {}) =>
    res
      .status(status)
      .type('html')
      .send(page(locale, translate(locale, 'staff:set-password-title'), `<h1>${escapeHtml(translate(locale, 'staff:set-password-title'))}</h1><p role="status">${escapeHtml(translate(locale, id, params))}</p><p><a href="/staff/login?lang=${locale}">${escapeHtml(translate(locale, 'staff:login'))}</a></p>`));

  router.get('/staff/set-password', async (req, res) => {
    const locale = requestLocale(req);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    res.setHeader('referrer-policy', 'no-referrer');
    if (!(await storage.staff.tokenIsLive(hashToken(token), 'set-password', clock.now()))) return messagePage(locale, 410, res, 'staff:link-invalid');
    res.type('html').send(setPasswordForm(locale, token));
  });

  router.post('/staff/set-password', async (req, res) => {
    const locale = requestLocale(req);
    const { body } = validate(req, { body: z.object({ token: z.string().min(1).max(200), password: z.string().max(1000) }) });
    if (body.password.length < MIN_PASSWORD_LENGTH) {
      return res.status(400).type('html').send(setPasswordForm(locale, body.token, translate(locale, 'staff:password-too-short', { min: MIN_PASSWORD_LENGTH })));
    }
    const hash = await hashPassword(body.password);
    const staffId = await storage.staff.consumeToken(hashToken(body.token), 'set-password', clock.now());
    if (!staffId) return messagePage(locale, 410, res, 'staff:link-invalid');
    await storage.staff.setPasswordHash(staffId, hash, clock.now());
    // A new password closes every open session of the account.
    await storage.staff.deleteSessionsOf(staffId);
    await storage.audit.record({ actor: { kind: 'staff', id: staffId }, action: 'staff.set-password', subject: { kind: 'staff', id: staffId } }, clock.now());
    messagePage(locale, 200, res, 'staff:password-set');
  });

  // The centre admin's page: the centre's staff, and a form to add an assessor (or reviewer).
  const adminPage = async (req: Request, admin: StaffMember, message?: { alert: boolean; text: string }) => {
    const members = await storage.staff.list({ centreId: admin.centreId });
    const centre = (await storage.centres.get(admin.centreId))!;
    const locale = requestLocale(req);
    const t = (id: string) => escapeHtml(translate(locale, id));
    const rows = members
      .map((m) => `<tr><td>${escapeHtml(m.name)}</td><td>${escapeHtml(m.email)}</td><td>${t(`staff:role-${m.role}`)}</td><td>${escapeHtml(m.timeZone)}</td><td>${m.videoUrl ? escapeHtml(m.videoUrl) : ''}</td></tr>`)
      .join('\n');
    return page(
      locale,
      translate(locale, 'staff:admin-title'),
      `<h1>${t('staff:admin-title')}</h1>
<form method="post" action="/staff/logout"><button type="submit">${t('staff:logout')}</button></form>
${message ? `<p role="${message.alert ? 'alert' : 'status'}">${escapeHtml(message.text)}</p>` : ''}
<h2>${t('staff:members')}</h2>
<table class="cadre-table"><thead><tr><th scope="col">${t('staff:name')}</th><th scope="col">${t('staff:email')}</th><th scope="col">${t('staff:role')}</th><th scope="col">${t('staff:time-zone')}</th><th scope="col">${t('staff:video-url')}</th></tr></thead>
<tbody>${rows}</tbody></table>
<p><a href="/api/staff/personal-details.csv?lang=${locale}" download>${t('details:download-csv')}</a></p>
<h2>${t('staff:centre-policy')}</h2>
<form method="post" action="/staff/admin/centre?lang=${locale}" class="cadre-form">
<label for="centreName">${t('staff:centre-name')}</label><input id="centreName" name="name" value="${escapeHtml(centre.name)}" required maxlength="200">
<label for="contactEmail">${t('staff:contact-email')}</label><input id="contactEmail" name="contactEmail" type="email" value="${escapeHtml(centre.contactEmail ?? '')}">
<label for="centreZone">${t('staff:time-zone')}</label><input id="centreZone" name="timeZone" value="${escapeHtml(centre.timeZone)}" required>
<label for="slotMinutes">${t('staff:slot-minutes')}</label><input id="slotMinutes" name="slotMinutes" type="number" min="15" max="120" value="${centre.slotMinutes}" required>
<label for="minNoticeHours">${t('staff:min-notice-hours')}</label><input id="minNoticeHours" name="minNoticeHours" type="number" min="0" max="720" value="${centre.minNoticeMinutes / 60}" required>
<label for="maxDaysAhead">${t('staff:max-days-ahead')}</label><input id="maxDaysAhead" name="maxDaysAhead" type="number" min="1" max="365" value="${centre.maxDaysAhead}" required>
<button type="submit">${t('staff:save-policy')}</button>
</form>
<h2>${t('staff:add-assessor')}</h2>
<form method="post" action="/staff/admin/staff?lang=${locale}" class="cadre-form">
<label for="name">${t('staff:name')}</label><input id="name" name="name" required maxlength="200">
<label for="email">${t('staff:email')}</label><input id="email" name="email" type="email" required>
<label for="role">${t('staff:role')}</label><select id="role" name="role">${STAFF_ROLES.map((r) => `<option value="${r}">${t(`staff:role-${r}`)}</option>`).join('')}</select>
<label for="timeZone">${t('staff:time-zone')}</label><input id="timeZone" name="timeZone" value="${escapeHtml(admin.timeZone)}" required>
<label for="videoUrl">${t('staff:video-url')}</label><input id="videoUrl" name="videoUrl" type="url">
<button type="submit">${t('staff:create')}</button>
</form>`,
    );
  };

  router.get('/staff/admin', async (req, res) => {
    if (!isStaff(req)) return res.redirect(303, '/staff/login');
    const admin = staffMember(req, res, 'centre-admin');
    res.type('html').send(await adminPage(req, admin));
  });

  router.post('/staff/admin/centre', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const { body } = validate(req, {
      body: z.object({
        name: z.string().trim().min(1).max(200),
        contactEmail: z.union([z.email(), z.literal('')]),
        timeZone: z.string().refine(isTimeZone, 'unknown time zone'),
        slotMinutes: z.coerce.number().int().min(15).max(120),
        minNoticeHours: z.coerce.number().min(0).max(720),
        maxDaysAhead: z.coerce.number().int().min(1).max(365),
      }),
    });
    await storage.centres.update(
      admin.centreId,
      { name: body.name, contactEmail: body.contactEmail || null, timeZone: body.timeZone, slotMinutes: body.slotMinutes, minNoticeMinutes: Math.round(body.minNoticeHours * 60), maxDaysAhead: body.maxDaysAhead },
      clock.now(),
    );
    await storage.audit.record({ actor: { kind: 'staff', id: admin.id }, action: 'centre.update', subject: { kind: 'centre', id: admin.centreId }, details: body }, clock.now());
    res.type('html').send(await adminPage(req, admin, { alert: false, text: translate(requestLocale(req), 'staff:policy-saved') }));
  });

  router.post('/staff/admin/staff', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const locale = requestLocale(req);
    const { body } = validate(req, {
      body: z.object({
        name: z.string().trim().min(1).max(200),
        email: z.email(),
        role: z.enum(STAFF_ROLES).default('assessor'),
        timeZone: z.string().refine(isTimeZone, 'unknown time zone'),
        videoUrl: z.union([z.url(), z.literal('')]).optional(),
      }),
    });
    try {
      const { member } = await inviteStaff(
        { staff: storage.staff, mailer: deps.mailer, clock, config },
        { name: body.name, email: body.email, role: body.role, centreId: admin.centreId, timeZone: body.timeZone, videoUrl: body.videoUrl || null, locale },
      );
      await storage.audit.record({ actor: { kind: 'staff', id: admin.id }, action: 'staff.create', subject: { kind: 'staff', id: member.id }, details: { role: member.role } }, clock.now());
      res.status(201).type('html').send(await adminPage(req, admin, { alert: false, text: translate(locale, 'staff:created', { email: member.email }) }));
    } catch (error) {
      if (!(error instanceof StaffEmailTaken)) throw error;
      res.status(409).type('html').send(await adminPage(req, admin, { alert: true, text: translate(locale, 'staff:email-taken') }));
    }
  });

  return router;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
