import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AuditActor } from '../server/domain/audit/audit.js';
import { AppError } from '../server/errors.js';
import { pickLocale } from '../server/i18n.js';
import { validate } from '../server/http/validate.js';
import type { ScormActivitySource, ScormPackage, ScormSessionOpener } from './ports.js';
import type { ScormService } from './service.js';

export interface ScormRoutesDeps {
  service: ScormService;
  activities: ScormActivitySource;
  sessions: ScormSessionOpener;
  clock: { now(): Date };
}

/**
 * CORS for the launch endpoint only. The launcher runs on the LMS's origin and sends no cookies
 * (credentials: 'omit'; Access-Control-Allow-Credentials is never sent), so letting a page read
 * the answer gives it nothing its own key would not: the key in the body is the credential. The
 * origin is therefore reflected for every caller, so even a refused launcher can show Cadre's
 * message, and the package's registered LMS origin is enforced by the service itself (403).
 */
const launchCors: RequestHandler = (req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, accept, accept-language');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
};

const launchBody = z.object({
  key: z.string().max(200),
  learnerId: z.string().max(1000).default(''),
  learnerName: z.string().max(500).nullable().optional(),
  locale: z.enum(['fr', 'en']).optional(),
  refresh: z.boolean().default(false),
});

const packageOptions = z.object({
  version: z.enum(['1.2', '2004']).default('1.2'),
  label: z.string().trim().min(1).max(120).default('LMS'),
  lmsOrigin: z.string().trim().max(300).nullable().default(null),
  hashLearnerIds: z.boolean().default(false),
  scoreScale: z.enum(['cefr', 'percent']).default('cefr'),
});

/** What the instructor's list shows: never the key (Cadre does not keep it). */
export function packageView(pkg: ScormPackage) {
  return {
    id: pkg.id,
    activityId: pkg.activityId,
    version: pkg.version,
    label: pkg.label,
    lmsOrigin: pkg.lmsOrigin,
    hashLearnerIds: pkg.hashLearnerIds,
    scoreScale: pkg.scoreScale,
    createdAt: pkg.createdAt.toISOString(),
    revokedAt: pkg.revokedAt?.toISOString() ?? null,
    lastLaunchAt: pkg.lastLaunchAt?.toISOString() ?? null,
    launchCount: pkg.launchCount,
  };
}

/**
 * SCORM routes: the launcher's endpoint (cross-origin), the top-level start link, and the
 * instructor's / centre admin's package management (build and download, list, revoke).
 */
export function scormRoutes(deps: ScormRoutesDeps): Router {
  const router = Router();

  /** Instructors and LMS admins of the activity's course, or a centre admin. */
  async function manager(req: Request, activityId: string): Promise<AuditActor> {
    const p = req.principal;
    if (!p) throw new AppError('error:unauthenticated', {}, 401);
    if (p.kind === 'staff') {
      if (p.role !== 'centre-admin') throw new AppError('error:forbidden', {}, 403);
      return { kind: 'staff', id: p.staffId };
    }
    if (p.role !== 'instructor' && p.role !== 'admin') throw new AppError('error:forbidden', {}, 403);
    const activity = await deps.activities.get(activityId);
    if (activity && activity.contextId !== p.contextId) throw new AppError('error:forbidden', {}, 403);
    return { kind: 'lti-user', id: p.userId };
  }

  /** State-changing management calls take JSON only: a cross-site form cannot send it (CSRF). */
  function requireJson(req: Request): void {
    if (!req.is('application/json')) throw new AppError('error:forbidden', {}, 403);
  }

  router.options('/scorm/launch', launchCors);
  router.post('/scorm/launch', launchCors, async (req, res) => {
    const { body } = validate(req, { body: launchBody });
    const locale = pickLocale(body.locale, req.headers['accept-language']);
    const input = {
      key: body.key,
      learnerId: body.learnerId.trim(),
      learnerName: body.learnerName ?? null,
      locale,
      origin: req.headers.origin,
      refresh: body.refresh,
      requestId: String(req.id ?? ''),
    };
    if (!input.learnerId) {
      await deps.service.verifyKey(input);
      throw new AppError('scorm:learner-missing', {}, 400);
    }
    res.set('cache-control', 'no-store').json(await deps.service.launch(input));
  });

  // Top-level, first-party: the single-use ticket becomes a Cadre session. The ticket is in the
  // query string, which the request log leaves out.
  router.get('/scorm/start', async (req, res) => {
    const { query } = validate(req, { query: z.object({ ticket: z.string().max(100).default('') }) });
    const learner = await deps.service.redeem(query.ticket);
    const { redirectTo } = await deps.sessions.open(res, learner, deps.clock.now());
    res.redirect(303, redirectTo);
  });

  const activityParams = z.object({ activityId: z.string().min(1).max(200) });

  router.get('/api/activities/:activityId/scorm-packages', async (req, res) => {
    const { params } = validate(req, { params: activityParams });
    await manager(req, params.activityId);
    res.json({ packages: (await deps.service.list(params.activityId)).map(packageView) });
  });

  // Builds a new package and answers the zip itself: its key exists nowhere else.
  router.post('/api/activities/:activityId/scorm-packages', async (req, res) => {
    requireJson(req);
    const { params, body } = validate(req, { params: activityParams, body: packageOptions });
    const actor = await manager(req, params.activityId);
    const locale = req.principal?.locale ?? pickLocale(undefined, req.headers['accept-language']);
    const { pkg, zip, fileName } = await deps.service.create(params.activityId, { ...body, locale }, actor, String(req.id ?? ''));
    res
      .status(201)
      .set({
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${fileName}"`,
        'x-scorm-package-id': pkg.id,
        'cache-control': 'no-store',
      })
      .send(Buffer.from(zip));
  });

  router.post('/api/scorm-packages/:packageId/revoke', async (req, res) => {
    requireJson(req);
    const { params } = validate(req, { params: z.object({ packageId: z.string().min(1).max(100) }) });
    const pkg = await deps.service.get(params.packageId);
    const actor = await manager(req, pkg.activityId);
    res.json(packageView(await deps.service.revoke(pkg.id, actor, String(req.id ?? ''))));
  });

  return router;
}
