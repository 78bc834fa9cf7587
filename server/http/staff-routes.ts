import { Router, type Request, type RequestHandler, type Response } from 'express';
import passportPkg from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Centre } from '../domain/booking/types.js';
import type { StaffAccountsService } from '../domain/staff/accounts-service.js';
import { MIN_PASSWORD_LENGTH } from '../domain/staff/passwords.js';
import { STAFF_ROLES, StaffEmailTaken, type StaffMember, type StaffRole } from '../domain/staff/staff.js';
import { AppError } from '../errors.js';
import { translate, type Locale } from '../i18n.js';
import { readCookie } from './cookies.js';
import { html, sendPage, type Html } from './html.js';
import { requestLocale } from './locale.js';
import { requireStaff } from './principal.js';
import { emptyBody, validate } from './validate.js';

export const STAFF_COOKIE = 'cadre_staff';

/** Where each role lands after login: assessors on their console, reviewers on the review queue, centre admins on their page. */
export const STAFF_LANDING: Record<StaffRole, string> = { assessor: '/staff/console', reviewer: '/staff/review', 'centre-admin': '/staff/admin' };

/**
 * Reads the staff session cookie; for a live session of an active account, sets req.principal
 * (kind 'staff') and keeps the full account in res.locals.staffMember for staffMember().
 */
export function staffSession(accounts: StaffAccountsService): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, STAFF_COOKIE);
    const member = token ? await accounts.sessionMember(token) : undefined;
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
const timeZone = z.string().refine((zone) => isTimeZone(zone), 'unknown time zone');

const loginBody = z.object({ email: z.string().max(320), password: z.string().max(1000) });
const setPasswordBody = z.object({ token: z.string().min(1).max(200), password: z.string().max(1000) });
const centreBody = z.object({
  name: z.string().trim().min(1).max(200),
  contactEmail: z.union([z.email(), z.literal('')]),
  timeZone,
  slotMinutes: z.coerce.number().int().min(15).max(120),
  minNoticeHours: z.coerce.number().min(0).max(720),
  maxDaysAhead: z.coerce.number().int().min(1).max(365),
});
const newMemberBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  role: z.enum(STAFF_ROLES).default('assessor'),
  timeZone,
  videoUrl: z.union([z.url(), z.literal('')]).optional(),
});
const memberParams = z.object({ id: z.string().min(1).max(100) });
const forgotBody = z.object({ email: z.email().max(320) });

type Message = { alert: boolean; text: string };

function alertOf(message: Message | undefined): Html | undefined {
  if (!message) return undefined;
  return message.alert ? html`<p role="alert" class="cadre-alert">${message.text}</p>` : html`<p role="status">${message.text}</p>`;
}

function loginPage(locale: Locale, message?: string, email = ''): Html {
  const t = (id: string) => translate(locale, id);
  return html`<h1>${t('staff:login-title')}</h1>
${message !== undefined && alertOf({ alert: true, text: message })}
<form method="post" action="/staff/login?lang=${locale}" class="cadre-form">
<label for="email">${t('staff:email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${email}">
<label for="password">${t('staff:password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t('staff:login')}</button>
</form>
<p><a href="/staff/forgot-password?lang=${locale}">${t('staff:forgot-link')}</a></p>`;
}

/** "Mot de passe oublié": the e-mail to send a set-password link to; once sent, the same answer for any address. */
function forgotPage(locale: Locale, sent: boolean): Html {
  const t = (id: string) => translate(locale, id);
  return html`<h1>${t('staff:forgot-title')}</h1>
${
  sent
    ? html`<p role="status">${t('staff:forgot-sent')}</p>`
    : html`<p>${t('staff:forgot-intro')}</p>
<form method="post" action="/staff/forgot-password?lang=${locale}" class="cadre-form">
<label for="email">${t('staff:email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<button type="submit">${t('staff:forgot-send')}</button>
</form>`
}
<p><a href="/staff/login?lang=${locale}">${t('staff:back-to-login')}</a></p>`;
}

function setPasswordForm(locale: Locale, token: string, message?: string): Html {
  const t = (id: string) => translate(locale, id);
  return html`<h1>${t('staff:set-password-title')}</h1>
${message !== undefined && alertOf({ alert: true, text: message })}
<form method="post" action="/staff/set-password?lang=${locale}" class="cadre-form">
<input type="hidden" name="token" value="${token}">
<label for="password">${t('staff:password')}</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
<button type="submit">${t('staff:set-password')}</button>
</form>`;
}

/** The centre admin's page: the centre's staff (a new link or deactivation for each), the booking rules, a new member. */
function adminPage(locale: Locale, admin: StaffMember, view: { centre: Centre; members: StaffMember[] }, message?: Message): Html {
  const t = (id: string) => translate(locale, id);
  const { centre, members } = view;
  const actions = (m: StaffMember) =>
    m.active &&
    m.id !== admin.id &&
    html`<form method="post" action="/staff/admin/staff/${m.id}/reset?lang=${locale}"><button type="submit">${t('staff:reset')}</button></form>
<form method="post" action="/staff/admin/staff/${m.id}/deactivate?lang=${locale}"><button type="submit">${t('staff:deactivate')}</button></form>`;
  const rows = members.map(
    (m) =>
      html`<tr><td>${m.name}</td><td>${m.email}</td><td>${t(`staff:role-${m.role}`)}</td><td>${m.timeZone}</td><td>${m.videoUrl ?? ''}</td><td>${t(m.active ? 'staff:active' : 'staff:inactive')}</td><td>${actions(m)}</td></tr>\n`,
  );
  return html`<h1>${t('staff:admin-title')}</h1>
<form method="post" action="/staff/logout"><button type="submit">${t('staff:logout')}</button></form>
<p><a href="/staff/review?lang=${locale}">${t('review:page-title')}</a></p>
${alertOf(message)}
<h2>${t('staff:members')}</h2>
<table class="cadre-table"><thead><tr><th scope="col">${t('staff:name')}</th><th scope="col">${t('staff:email')}</th><th scope="col">${t('staff:role')}</th><th scope="col">${t('staff:time-zone')}</th><th scope="col">${t('staff:video-url')}</th><th scope="col">${t('staff:status')}</th><th scope="col">${t('staff:actions')}</th></tr></thead>
<tbody>${rows}</tbody></table>
<p><a href="/api/staff/personal-details.csv?lang=${locale}" download>${t('details:download-csv')}</a></p>
<h2>${t('staff:centre-policy')}</h2>
<form method="post" action="/staff/admin/centre?lang=${locale}" class="cadre-form">
<label for="centreName">${t('staff:centre-name')}</label><input id="centreName" name="name" value="${centre.name}" required maxlength="200">
<label for="contactEmail">${t('staff:contact-email')}</label><input id="contactEmail" name="contactEmail" type="email" value="${centre.contactEmail ?? ''}">
<label for="centreZone">${t('staff:time-zone')}</label><input id="centreZone" name="timeZone" value="${centre.timeZone}" required>
<label for="slotMinutes">${t('staff:slot-minutes')}</label><input id="slotMinutes" name="slotMinutes" type="number" min="15" max="120" value="${centre.slotMinutes}" required>
<label for="minNoticeHours">${t('staff:min-notice-hours')}</label><input id="minNoticeHours" name="minNoticeHours" type="number" min="0" max="720" value="${centre.minNoticeMinutes / 60}" required>
<label for="maxDaysAhead">${t('staff:max-days-ahead')}</label><input id="maxDaysAhead" name="maxDaysAhead" type="number" min="1" max="365" value="${centre.maxDaysAhead}" required>
<button type="submit">${t('staff:save-policy')}</button>
</form>
<h2>${t('staff:add-assessor')}</h2>
<form method="post" action="/staff/admin/staff?lang=${locale}" class="cadre-form">
<label for="name">${t('staff:name')}</label><input id="name" name="name" required maxlength="200">
<label for="email">${t('staff:email')}</label><input id="email" name="email" type="email" required>
<label for="role">${t('staff:role')}</label><select id="role" name="role">${STAFF_ROLES.map((r) => html`<option value="${r}">${t(`staff:role-${r}`)}</option>`)}</select>
<label for="timeZone">${t('staff:time-zone')}</label><input id="timeZone" name="timeZone" value="${admin.timeZone}" required>
<label for="videoUrl">${t('staff:video-url')}</label><input id="videoUrl" name="videoUrl" type="url">
<button type="submit">${t('staff:create')}</button>
</form>`;
}

/**
 * Staff accounts over HTTP: login (passport local strategy over StaffAccountsService, which holds
 * the rate limit and password rules), the session cookie (httpOnly, SameSite=Lax, Secure over
 * https), logout, the single-use set-password link, and the centre admin's page. These routes
 * take HTML forms on purpose (`form: true`); login takes JSON too.
 */
export function staffRoutes(deps: { config: Config; accounts: StaffAccountsService }): Router {
  const { config, accounts } = deps;
  const router = Router();
  const passport = new passportPkg.Passport();

  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false }, (req, email, password, done) => {
      accounts.authenticate(email, password, req.ip ?? 'unknown').then((member) => done(null, member ?? false), done);
    }),
  );

  const send = (res: Response, locale: Locale, titleId: string, body: Html, status = 200) =>
    sendPage(res, { lang: locale, title: translate(locale, titleId), body }, { status });

  router.get('/staff/login', (req, res) => {
    const locale = requestLocale(req);
    send(res, locale, 'staff:login-title', loginPage(locale));
  });

  router.post('/staff/login', (req, res, next) => {
    const locale = requestLocale(req);
    const { body } = validate(req, { body: loginBody, form: true });
    passport.authenticate('local', { session: false }, (error: unknown, member: StaffMember | false) => {
      void (async () => {
        if (error instanceof AppError && error.status === 429 && !wantsJson(req))
          return send(res, locale, 'staff:login-title', loginPage(locale, translate(locale, error.id)), 429);
        if (error) return next(error);
        if (!member) {
          if (wantsJson(req)) return next(new AppError('staff:invalid-credentials', {}, 401));
          return send(res, locale, 'staff:login-title', loginPage(locale, translate(locale, 'staff:invalid-credentials'), body.email), 401);
        }
        const session = await accounts.openSession(member, String(req.id));
        res.setHeader('set-cookie', `${STAFF_COOKIE}=${session.token}; ${cookieOptions(config, session.maxAgeSeconds)}`);
        if (wantsJson(req)) res.json({ staff: { id: member.id, name: member.name, role: member.role } });
        else res.redirect(303, '/staff');
      })().catch(next);
    })(req, res, next);
  });

  router.get('/staff/forgot-password', (req, res) => {
    const locale = requestLocale(req);
    send(res, locale, 'staff:forgot-title', forgotPage(locale, false));
  });

  router.post('/staff/forgot-password', async (req, res) => {
    const locale = requestLocale(req);
    const { body } = validate(req, { body: forgotBody, form: true });
    await accounts.forgotPassword(body.email, req.ip ?? 'unknown');
    if (wantsJson(req)) res.status(202).json({ sent: true });
    else send(res, locale, 'staff:forgot-title', forgotPage(locale, true));
  });

  router.post('/staff/logout', async (req, res) => {
    const token = readCookie(req, STAFF_COOKIE);
    if (token) await accounts.closeSession(token);
    res.setHeader('set-cookie', `${STAFF_COOKIE}=; ${cookieOptions(config, 0)}`);
    res.redirect(303, '/staff/login');
  });

  router.get('/staff', (req, res) => {
    if (!isStaff(req)) return res.redirect(303, '/staff/login');
    res.redirect(303, STAFF_LANDING[staffMember(req, res).role]);
  });

  // The reviewers' page: the queue of proctored sittings that need a person (centre admins may review too).
  router.get('/staff/review', (req, res) => {
    if (!isStaff(req)) return res.redirect(303, '/staff/login');
    const member = staffMember(req, res, 'reviewer', 'centre-admin');
    const locale = typeof req.query.lang === 'string' ? requestLocale(req) : member.locale;
    const t = (id: string) => translate(locale, id);
    send(
      res,
      locale,
      'review:page-title',
      html`<h1>${t('review:page-title')}</h1>
${member.role === 'centre-admin' && html`<p><a href="/staff/admin?lang=${locale}">${t('staff:admin-title')}</a></p>`}
<cadre-review-queue lang="${locale}"></cadre-review-queue>
<form method="post" action="/staff/logout"><button type="submit">${t('staff:logout')}</button></form>`,
    );
  });

  const passwordMessage = (res: Response, locale: Locale, status: number, id: string) => {
    const t = (key: string) => translate(locale, key);
    send(
      res,
      locale,
      'staff:set-password-title',
      html`<h1>${t('staff:set-password-title')}</h1><p role="status">${t(id)}</p><p><a href="/staff/login?lang=${locale}">${t('staff:login')}</a></p>`,
      status,
    );
  };

  router.get('/staff/set-password', async (req, res) => {
    const locale = requestLocale(req);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    res.setHeader('referrer-policy', 'no-referrer');
    if (!(await accounts.passwordLinkIsLive(token))) return passwordMessage(res, locale, 410, 'staff:link-invalid');
    send(res, locale, 'staff:set-password-title', setPasswordForm(locale, token));
  });

  router.post('/staff/set-password', async (req, res) => {
    const locale = requestLocale(req);
    const { body } = validate(req, { body: setPasswordBody, form: true });
    const outcome = await accounts.setPassword(body.token, body.password);
    if (outcome.ok) return passwordMessage(res, locale, 200, 'staff:password-set');
    if (outcome.reason === 'link-invalid') return passwordMessage(res, locale, 410, 'staff:link-invalid');
    send(
      res,
      locale,
      'staff:set-password-title',
      setPasswordForm(locale, body.token, translate(locale, 'staff:password-too-short', { min: MIN_PASSWORD_LENGTH })),
      400,
    );
  });

  const sendAdminPage = async (req: Request, res: Response, admin: StaffMember, status = 200, message?: Message) => {
    const locale = requestLocale(req);
    send(res, locale, 'staff:admin-title', adminPage(locale, admin, await accounts.centreOf(admin), message), status);
  };

  router.get('/staff/admin', async (req, res) => {
    if (!isStaff(req)) return res.redirect(303, '/staff/login');
    await sendAdminPage(req, res, staffMember(req, res, 'centre-admin'));
  });

  router.post('/staff/admin/centre', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const { body } = validate(req, { body: centreBody, form: true });
    await accounts.updateCentre(admin, {
      name: body.name,
      contactEmail: body.contactEmail || null,
      timeZone: body.timeZone,
      slotMinutes: body.slotMinutes,
      minNoticeMinutes: Math.round(body.minNoticeHours * 60),
      maxDaysAhead: body.maxDaysAhead,
    });
    await sendAdminPage(req, res, admin, 200, { alert: false, text: translate(requestLocale(req), 'staff:policy-saved') });
  });

  router.post('/staff/admin/staff', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const locale = requestLocale(req);
    const { body } = validate(req, { body: newMemberBody, form: true });
    try {
      const { member } = await accounts.invite(
        { kind: 'staff', id: admin.id },
        { name: body.name, email: body.email, role: body.role, centreId: admin.centreId, timeZone: body.timeZone, videoUrl: body.videoUrl || null, locale },
      );
      await sendAdminPage(req, res, admin, 201, { alert: false, text: translate(locale, 'staff:created', { email: member.email }) });
    } catch (error) {
      if (!(error instanceof StaffEmailTaken)) throw error;
      await sendAdminPage(req, res, admin, 409, { alert: true, text: translate(locale, 'staff:email-taken') });
    }
  });

  router.post('/staff/admin/staff/:id/reset', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const { params } = validate(req, { params: memberParams, body: emptyBody, form: true });
    const member = await accounts.memberOfCentre(admin, params.id);
    await accounts.reset({ kind: 'staff', id: admin.id }, member);
    await sendAdminPage(req, res, admin, 200, { alert: false, text: translate(requestLocale(req), 'staff:reset-sent', { email: member.email }) });
  });

  router.post('/staff/admin/staff/:id/deactivate', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const { params } = validate(req, { params: memberParams, body: emptyBody, form: true });
    const member = await accounts.memberOfCentre(admin, params.id);
    await accounts.deactivate({ kind: 'staff', id: admin.id }, member);
    await sendAdminPage(req, res, admin, 200, { alert: false, text: translate(requestLocale(req), 'staff:deactivated', { email: member.email }) });
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
