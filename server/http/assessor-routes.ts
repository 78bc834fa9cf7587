import { Router } from 'express';
import { z } from 'zod';
import type { OralGradingService } from '../domain/oral/grading-service.js';
import { OUTCOMES } from '../domain/oral/grading.js';
import { LEVELS, ORAL_CRITERIA as CRITERIA } from '../domain/cefr.js';
import type { StaffAccountsService } from '../domain/staff/accounts-service.js';
import { translate } from '../i18n.js';
import { html, sendPage } from './html.js';
import { requestLocale } from './locale.js';
import { isTimeZone, staffMember } from './staff-routes.js';
import { validate } from './validate.js';

const minute = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);
const availabilityBody = z.object({
  rules: z
    .array(
      z
        .object({ weekday: z.number().int().min(1).max(7), startMinute: minute, endMinute: minute })
        .refine((r) => r.endMinute > r.startMinute, 'ends before it starts'),
    )
    .max(100),
  exceptions: z
    .array(
      z.object({
        date: z.iso.date(),
        kind: z.enum(['unavailable', 'available']),
        startMinute: minute.nullable().default(null),
        endMinute: minute.nullable().default(null),
      }),
    )
    .max(500),
});
const assessmentBody = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('graded'),
    criteria: z.object(
      Object.fromEntries(CRITERIA.map((c) => [c, z.enum(LEVELS)])) as Record<(typeof CRITERIA)[number], z.ZodEnum<{ [K in (typeof LEVELS)[number]]: K }>>,
    ),
    comments: z.string().max(5000).default(''),
  }),
  z.object({ outcome: z.enum(OUTCOMES.filter((o) => o !== 'graded') as ['no-show', 'incident']), comments: z.string().max(5000).default('') }),
]);

const interviewParams = z.object({ id: z.string().max(100) });
const profileBody = z.object({
  videoUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  timeZone: z.string().refine(isTimeZone, 'unknown time zone').optional(),
  locale: z.enum(['fr', 'en']).optional(),
});

/**
 * The assessor's side over HTTP: the console page, the day's agenda, one interview with its
 * guide and identity photos, the grade (OralGradingService holds the rules: whose interview,
 * when, the oral level, the job committed with it), and each member's availability and profile
 * (StaffAccountsService).
 */
export function assessorRoutes(deps: { grading: OralGradingService; accounts: StaffAccountsService }): Router {
  const { grading, accounts } = deps;
  const router = Router();

  router.get('/staff/console', (req, res) => {
    if (req.principal?.kind !== 'staff') return res.redirect(303, '/staff/login');
    const staff = staffMember(req, res, 'assessor');
    const lang = typeof req.query.lang === 'string' ? requestLocale(req) : staff.locale;
    sendPage(res, {
      lang,
      title: translate(lang, 'oral:console-title'),
      body: html`<cadre-assessor-console lang="${lang}"></cadre-assessor-console>
<cadre-availability lang="${lang}"></cadre-availability>
<form method="post" action="/staff/logout"><button type="submit">${translate(lang, 'staff:logout')}</button></form>`,
    });
  });

  router.get('/api/staff/agenda', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { query } = validate(req, { query: z.object({ date: z.iso.date().optional() }) });
    res.json(await grading.agenda(staff, query.date));
  });

  router.get('/api/staff/interviews/:id', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { params } = validate(req, { params: interviewParams });
    res.json(await grading.interview(staff, params.id));
  });

  router.get('/api/staff/interviews/:id/identity/:kind', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { params } = validate(req, { params: interviewParams.extend({ kind: z.enum(['face', 'document']) }) });
    const photo = await grading.identityPhoto(staff, params.id, params.kind);
    res.set('cache-control', 'private, no-store').type(photo.contentType).send(Buffer.from(photo.bytes));
  });

  router.put('/api/staff/interviews/:id/assessment', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { params, body } = validate(req, { params: interviewParams, body: assessmentBody });
    res.json({ assessment: await grading.grade(staff, params.id, body) });
  });

  router.get('/api/staff/me/availability', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    res.json({ timeZone: staff.timeZone, videoUrl: staff.videoUrl, ...(await accounts.availability(staff)) });
  });

  router.put('/api/staff/me/availability', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { body } = validate(req, { body: availabilityBody });
    res.json(await accounts.setAvailability(staff, body));
  });

  router.patch('/api/staff/me', async (req, res) => {
    const staff = staffMember(req, res, 'assessor', 'reviewer', 'centre-admin');
    const { body } = validate(req, { body: profileBody });
    const updated = await accounts.updateProfile(staff, body);
    res.json({ staff: { name: updated.name, timeZone: updated.timeZone, videoUrl: updated.videoUrl, locale: updated.locale } });
  });

  return router;
}
