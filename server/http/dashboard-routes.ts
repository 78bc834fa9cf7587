import { Router } from 'express';
import { z } from 'zod';
import { dashboardCsv } from '../domain/dashboard/csv.js';
import { MAX_TIME_MULTIPLIER, MIN_TIME_MULTIPLIER, type DashboardService } from '../domain/dashboard/dashboard-service.js';
import { translate } from '../i18n.js';
import { requestLocale } from './locale.js';
import { validate } from './validate.js';

const activityParams = z.object({ activityId: z.string().min(1).max(100) });
const candidateParams = activityParams.extend({ userId: z.string().min(1).max(300) });
const resetBody = z.object({ reason: z.string().trim().min(1).max(2000) });
const accommodationBody = z.object({
  // Two decimals at most: stored as a whole percent of extra time.
  timeMultiplier: z
    .number()
    .min(MIN_TIME_MULTIPLIER)
    .max(MAX_TIME_MULTIPLIER)
    .refine((m) => Math.abs(m * 100 - Math.round(m * 100)) < 1e-9, { message: 'at most two decimals' }),
  proctoringExemption: z.string().max(2000).nullable().default(null),
});

/**
 * The instructor dashboard API, for the instructors and admins of the activity's LMS course
 * (the service checks): JSON, CSV export, reset of an attempt, accommodations.
 */
export function dashboardRoutes(deps: { dashboard: DashboardService; publicUrl: string }): Router {
  const router = Router();
  const { dashboard } = deps;

  router.get('/api/activities/:activityId/dashboard', async (req, res) => {
    const { params } = validate(req, { params: activityParams });
    res.set('cache-control', 'private, no-store').json(await dashboard.dashboard(req.principal, params.activityId, requestLocale(req)));
  });

  router.get('/api/activities/:activityId/dashboard.csv', async (req, res) => {
    const { params } = validate(req, { params: activityParams });
    const locale = requestLocale(req);
    const view = await dashboard.dashboard(req.principal, params.activityId, locale);
    const csv = dashboardCsv(
      view,
      { header: (c) => translate(locale, `dashboard:col:${c}`), state: (s) => translate(locale, `dashboard:state:${s}`) },
      deps.publicUrl,
    );
    const stem =
      (view.activity.title ?? 'cadre')
        .normalize('NFKD')
        .replace(/[^\w-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'cadre';
    res.type('text/csv; charset=utf-8').set('cache-control', 'private, no-store').set('content-disposition', `attachment; filename="${stem}.csv"`).send(csv);
  });

  router.post('/api/activities/:activityId/candidates/:userId/reset', async (req, res) => {
    const { params, body } = validate(req, { params: candidateParams, body: resetBody });
    res.json(await dashboard.reset(req.principal, params.activityId, params.userId, body.reason, String(req.id)));
  });

  router.put('/api/activities/:activityId/candidates/:userId/accommodation', async (req, res) => {
    const { params, body } = validate(req, { params: candidateParams, body: accommodationBody });
    res.json(await dashboard.setAccommodation(req.principal, params.activityId, params.userId, body, String(req.id)));
  });

  return router;
}
