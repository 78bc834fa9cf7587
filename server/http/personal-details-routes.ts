import { Router, type Request, type Response } from 'express';
import { z, ZodError } from 'zod';
import type { Clock } from '../clock.js';
import { EXPORT_COLUMNS, exportValues, personalDetailsInput, type DetailsOwner, type PersonalDetailsService } from '../domain/candidate/personal-details.js';
import { csvDocument } from '../domain/dashboard/csv.js';
import type { DashboardService } from '../domain/dashboard/dashboard-service.js';
import { AppError } from '../errors.js';
import { translate, type Locale } from '../i18n.js';
import { requestLocale } from './locale.js';
import { requireLti, requireStaff } from './principal.js';
import { validate } from './validate.js';

export interface PersonalDetailsRoutesDeps {
  details: PersonalDetailsService;
  /** Who teaches the activity's course (the instructor dashboard's rule). */
  dashboard: Pick<DashboardService, 'authorize'>;
  clock: Clock;
}

const activityParams = z.object({ activityId: z.string().min(1).max(100) });

/** The schema's messages are translation ids: every field error is said in the reader's language. */
function translatedIssues<T>(locale: Locale, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ZodError) throw new ZodError(error.issues.map((i) => ({ ...i, message: translate(locale, i.message) })));
    throw error;
  }
}

function sendCsv(res: Response, locale: Locale, rows: Parameters<typeof exportValues>[0][], stem: string): void {
  const csv = csvDocument([EXPORT_COLUMNS.map((c) => translate(locale, `details:col:${c}`)), ...rows.map(exportValues)]);
  const name =
    stem
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'cadre';
  res
    .type('text/csv; charset=utf-8')
    .set('cache-control', 'private, no-store')
    .set('content-disposition', `attachment; filename="${name}-personal-details.csv"`)
    .send(csv);
}

/**
 * The candidate's personal details (their own only: the owner is the launch's activity and user,
 * never one named in the request), and the centre's exports: a centre admin's (every activity,
 * or one) and the instructors' of the activity's course.
 */
export function personalDetailsRoutes(deps: PersonalDetailsRoutesDeps): Router {
  const router = Router();

  function ownerOf(req: Request): DetailsOwner {
    const principal = requireLti(req, 'candidate');
    if (!principal.activityId) throw new AppError('error:forbidden', {}, 403);
    return { activityId: principal.activityId, userId: principal.userId };
  }

  router.get('/api/candidate/personal-details', async (req, res) => {
    const owner = ownerOf(req);
    const principal = requireLti(req, 'candidate');
    const view = await deps.details.view(owner);
    // What the LMS told us, to start a first form from (the candidate corrects it if need be).
    res.set('cache-control', 'private, no-store').json({ ...view, prefill: { email: principal.email } });
  });

  router.put('/api/candidate/personal-details', async (req, res) => {
    const owner = ownerOf(req);
    const locale = requestLocale(req);
    const today = deps.clock.now().toISOString().slice(0, 10);
    const { body } = translatedIssues(locale, () => validate(req, { body: personalDetailsInput(today) }));
    res.set('cache-control', 'private, no-store').json(await deps.details.save(owner, body));
  });

  router.get('/api/activities/:activityId/personal-details.csv', async (req, res) => {
    const { params } = validate(req, { params: activityParams });
    const { activity } = await deps.dashboard.authorize(req.principal, params.activityId);
    sendCsv(res, requestLocale(req), await deps.details.list(activity.id), activity.title ?? 'cadre');
  });

  router.get('/api/staff/personal-details.csv', async (req, res) => {
    requireStaff(req, 'centre-admin');
    const { query } = validate(req, { query: z.object({ activityId: z.string().min(1).max(100).optional(), lang: z.string().optional() }) });
    sendCsv(res, requestLocale(req), await deps.details.list(query.activityId), 'cadre');
  });

  return router;
}
