import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Clock } from '../server/clock.js';
import type { Config } from '../server/config.js';
import type { Locale } from '../server/i18n.js';
import { AppError } from '../server/errors.js';
import { CADRE_SCRIPTS, html, sendAutoSubmitForm, sendPage, type Html } from '../server/http/html.js';
import { requestLocale } from '../server/http/locale.js';
import type { FrameAncestors } from '../server/http/security.js';
import { emptyBody, validate } from '../server/http/validate.js';
import type { JobWorker } from '../server/jobs/worker.js';
import type { Logger } from '../server/logger.js';
import type { Storage } from '../server/storage/storage.js';
import { z } from 'zod';
import { contentItem, deepLinkingFormSchema, signDeepLinkingResponse } from './deep-linking.js';
import { launchGuard, PlatformKeys } from './guard.js';
import { completeLaunch } from './launch.js';
import { oidcLogin } from './login.js';
import {
  adminPage,
  registrationUrlPage,
  candidateHome,
  examPage,
  deepLinkingForm,
  FRAME_SCRIPT,
  instructorDashboard,
  rosterPage,
  translator,
  type RosterRow,
} from './pages.js';
import { PlatformDirectory } from './platforms.js';
import { canvasConfiguration, issueRegistrationUrl, registerDynamically, toolUrls } from './registration.js';
import { queueGrades, SCORE_JOB, scoreJobHandler, type CertificationGrades } from './grades.js';
import { mapRoles } from './roles.js';
import { LINE_ITEMS_CLEANUP_JOB, lineItemsCleanupHandler, ResourceLinkWatch } from './link-check.js';
import { fetchNrpsMembers, lmsRoster, memberName } from './roster.js';
import type { RosterSource } from '../server/domain/dashboard/ports.js';
import type { EnrolmentService } from '../server/domain/enrolment/enrolment-service.js';
import { PlatformServices, ServiceError } from './services.js';
import { loadSession, ltiPrincipal, requireSession, sessionQuery, setSessionCookie, type LtiSession } from './sessions.js';
import { DEMO_CLIENT_ID, mountDemo } from './demo.js';

/** How long the exam window's hand-off token lives: the home page asks for it when the candidate clicks. */
export const EXAM_HANDOFF_MS = 60_000;

/** Query of GET /lti/register: the token of the Tool URL a Cadre admin issued, and the two parameters the platform adds. */
const registrationQuery = z.object({
  token: z.string().max(100).optional(),
  openid_configuration: z.url(),
  registration_token: z.string().max(4096).optional(),
});

/** Dynamic registration attempts per client address (each one makes the server fetch a URL). */
export const REGISTRATION_ATTEMPTS = { perAddress: 10, windowMs: 15 * 60_000 };

/** At most `limit` attempts per key in a sliding window, counted in this process. */
class AttemptWindow {
  private readonly seen = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  allow(key: string, now: number): boolean {
    const recent = (this.seen.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (this.seen.size > 10_000) this.seen.clear();
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.seen.set(key, recent);
    return allowed;
  }
}

export interface LtiDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  logger: Logger;
  /** Users, courses, memberships, activities and launch sessions: what a launch maps onto. */
  enrolment: EnrolmentService;
  /** Languages with an installed item bank: the only ones deep linking offers. */
  languages: readonly string[];
}

export interface LtiModule {
  /** A router to mount at the root: /lti/*, /admin/lti and, when enabled, /demo (a router, not an app, so its routes can be listed). */
  app: Router;
  /** Middleware setting req.principal from the launch session (mount before feature routes). */
  principal: RequestHandler;
  frameAncestors: FrameAncestors;
  platforms: PlatformDirectory;
  /** The members of a course as the LMS lists them (NRPS), for the instructor dashboard. */
  roster: RosterSource;
  /** Registers the grade passback job handler on the worker. */
  registerJobs(worker: JobWorker): void;
  /** Queues a candidate's grades for passback (the results module calls this). */
  queueGrades(grades: CertificationGrades): Promise<number>;
  /** Loads what needs the database (frame ancestors, the demo course); starts the purge timer. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The secret that seals tool keys and access tokens (and MACs the login state cookies): SESSION_SECRET,
 * or in development a random one kept in DATA_DIR so a restart can still read the keys.
 */
export function resolveSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'lti-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export function createLti(deps: LtiDeps): LtiModule {
  const { config, storage, clock, logger, enrolment } = deps;
  const log = logger.child({ module: 'lti' });
  const secret = resolveSecret(config);
  const platforms = new PlatformDirectory(
    storage,
    clock,
    secret,
    (platformId) => enrolment.forgetPlatformSessions(platformId),
    (kid, error) =>
      log.error(
        { kid, reason: error instanceof Error ? error.message : String(error) },
        'tool key unreadable: left out of /lti/keys (was SESSION_SECRET changed?)',
      ),
  );
  const keys = new PlatformKeys(clock);
  const services = new PlatformServices(platforms.toolKeys, storage.ltiAccessTokens, secret, clock);
  const urls = toolUrls(config.publicUrl);
  const launched = completeLaunch({ enrolment });
  // Open sessions end when the LMS no longer offers their activity (hidden, deleted).
  const linkWatch = new ResourceLinkWatch({ enrolment, platforms, services, jobs: storage.jobs, clock, logger: log });

  const app = express.Router();
  const demo = config.demo ? mountDemo(app, { config, platforms, urls, logger: log }) : undefined;
  /** An LTI page's language: ?lang= wins, then the launch's locale claim (French when it had none), else the browser's. */
  const pageLocale = (req: Request): Locale =>
    req.principal?.kind === 'lti' && typeof req.query.lang !== 'string' ? req.principal.locale : requestLocale(req);
  const t = (req: Request) => translator(pageLocale(req));
  const page = (req: Request, res: Response, title: string, body: Html, scripts?: readonly string[]) =>
    sendPage(res, { lang: pageLocale(req), title, body, scripts });

  app.get('/lti/assets/frame.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(FRAME_SCRIPT);
  });

  // --- OIDC login, then the launch: the guard verifies the id_token, completeLaunch opens the session.
  app.all('/lti/login', oidcLogin({ platforms, logins: storage.ltiLogins, clock, secret, launchUrl: urls.launch, baseUrl: urls.base }));
  app.post(
    '/lti/launch',
    launchGuard({
      logins: storage.ltiLogins,
      clock,
      secret,
      platforms,
      keys,
      onNewDeployment: async (platform, deploymentId) => {
        await storage.audit.record(
          {
            actor: { kind: 'system' },
            action: 'lti.deployment.accepted-on-first-launch',
            subject: { kind: 'platform', id: platform.id },
            details: { deploymentId },
          },
          clock.now(),
        );
      },
    }),
    (req, res, next) => launched(undefined, req, res, next),
  );
  // The tool's public keys (JWKS): what platforms verify our client assertions and deep linking responses with.
  app.get('/lti/keys', async (_req, res, next) => {
    try {
      res.json(await platforms.toolKeys.keySet());
    } catch (error) {
      next(error);
    }
  });

  // --- Registration: dynamic, and the Canvas JSON configuration.
  // Only with a registration URL a Cadre admin issued (single-use token), rate-limited per address,
  // and with one answer for every failure: the URL the caller gives is fetched by the server, so
  // the answer must say nothing about what it found there (issue 16).
  const registrations = new AttemptWindow(REGISTRATION_ATTEMPTS.perAddress, REGISTRATION_ATTEMPTS.windowMs);
  app.get('/lti/register', async (req, res, next) => {
    try {
      const { query } = validate(req, { query: registrationQuery });
      if (!registrations.allow(req.ip ?? 'unknown', clock.now().getTime())) throw new AppError('lti:registration-failed', {}, 429);
      let platform;
      try {
        const issuedBy = await storage.oneTimeTokens.consume('lti-registration', query.token ?? '', clock.now());
        if (!issuedBy) throw new AppError('lti:registration-failed', { reason: 'no valid registration token' }, 403);
        platform = await registerDynamically(
          platforms,
          {
            publicUrl: config.publicUrl,
            autoActivate: config.lti.autoActivate,
            acceptNewDeployments: config.lti.acceptNewDeployments,
            privateAddresses: config.lti.registrationPrivateAddresses,
          },
          query.openid_configuration,
          query.registration_token,
        );
      } catch (error) {
        log.warn(
          { reason: error instanceof AppError ? error.params.reason : 'unexpected', err: error instanceof AppError ? undefined : error },
          'dynamic registration refused',
        );
        throw new AppError('lti:registration-failed', {}, 400);
      }
      await storage.audit.record(
        {
          actor: { kind: 'system' },
          action: 'lti.platform.registered',
          subject: { kind: 'platform', id: platform.id },
          details: { issuer: platform.issuer, by: 'dynamic' },
        },
        clock.now(),
      );
      log.info({ platformId: platform.id, issuer: platform.issuer, active: platform.active }, 'platform registered dynamically');
      const message = translator(pageLocale(req))(platform.active ? 'lti:register-done' : 'lti:register-pending');
      sendPage(
        res,
        { lang: pageLocale(req), title: 'Cadre', scripts: [], body: html`<p role="status">${message}</p>` },
        { inlineScript: '(window.opener || window.parent).postMessage({subject: "org.imsglobal.lti.close"}, "*");' },
      );
    } catch (error) {
      next(error);
    }
  });
  app.get('/lti/canvas.json', (_req, res) => {
    res.json(canvasConfiguration(config.publicUrl));
  });

  // --- Pages behind a launch session.
  const session = (roles?: Parameters<typeof requireSession>[1]) => requireSession(enrolment, roles);
  const activitySettings = async (s: LtiSession) => (s.activityId ? enrolment.activity(s.activityId) : undefined);

  app.get('/lti/home', session(['candidate']), async (req, res, next) => {
    try {
      const s = res.locals.ltiSession as LtiSession;
      page(
        req,
        res,
        translator(pageLocale(req))('lti:home-title'),
        candidateHome(t(req), {
          name: s.data.name,
          apiUrl: `/api/candidate/home${sessionQuery(s)}`,
          examUrl: '/lti/exam',
          examHandoffUrl: `/lti/exam/handoff${sessionQuery(s)}`,
          locale: pageLocale(req),
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  // The exam window (top-level) gets the launch session as a first-party cookie through a one-time
  // hand-off: the home page (Cadre's own, same-origin POST) asks for a token that lives a minute and
  // opens /lti/exam?handoff=…, which trades it for the cookie once. A session id in the URL is never
  // turned into a cookie: a link carrying someone else's session cannot plant it (issue 16).
  app.post('/lti/exam/handoff', session(['candidate']), async (req, res, next) => {
    try {
      validate(req, { body: emptyBody });
      const s = res.locals.ltiSession as LtiSession;
      const token = randomBytes(32).toString('base64url');
      await storage.oneTimeTokens.issue(
        { token, purpose: 'exam-handoff', subject: s.id, expiresAt: new Date(clock.now().getTime() + EXAM_HANDOFF_MS) },
        clock.now(),
      );
      res.set('cache-control', 'no-store').json({ url: `/lti/exam?handoff=${token}` });
    } catch (error) {
      next(error);
    }
  });
  app.get('/lti/exam', async (req, res, next) => {
    try {
      const { query } = validate(req, { query: z.object({ handoff: z.string().max(100).optional(), s: z.string().max(200).optional() }) });
      if (query.handoff !== undefined || query.s !== undefined) {
        const id = query.handoff && (await storage.oneTimeTokens.consume('exam-handoff', query.handoff, clock.now()));
        const handed = id ? await enrolment.session(id) : undefined;
        if (!handed || handed.role !== 'candidate') throw new AppError('lti:handoff-invalid', {}, 410);
        setSessionCookie(res, handed.id, 'Lax');
        return res.redirect(303, '/lti/exam');
      }
      const s = await loadSession(enrolment, req);
      if (!s || s.via !== 'cookie') throw new AppError('lti:session-expired', {}, 401);
      if (s.role !== 'candidate') throw new AppError('error:forbidden', {}, 403);
      const activity = await activitySettings(s);
      const locale = pageLocale(req);
      // The end of the written test links to the oral booking when the certification has an oral.
      const bookingUrl = activity?.settings.oralRequired ? `/oral/booking?lang=${locale}` : null;
      page(req, res, translator(locale)('lti:exam-title'), examPage(translator(locale), locale, { title: activity?.title ?? null, bookingUrl }));
    } catch (error) {
      next(error);
    }
  });

  app.get('/lti/dashboard', session(['instructor', 'admin']), async (req, res, next) => {
    try {
      const s = res.locals.ltiSession as LtiSession;
      const activity = await activitySettings(s);
      page(
        req,
        res,
        translator(pageLocale(req))('lti:dashboard-title'),
        instructorDashboard(t(req), {
          title: activity?.title ?? s.data.contextTitle,
          settings: activity?.settings,
          activityId: activity?.id ?? null,
          locale: pageLocale(req),
          sessionParam: sessionQuery(s).slice(1),
          rosterUrl: `/lti/roster${sessionQuery(s)}`,
          demoGradesSession: demo && s.activityId && s.data.clientId === DEMO_CLIENT_ID ? s.id : undefined,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  // NRPS roster: every page of the membership container, with each member's status in Cadre.
  app.get('/lti/roster', session(['instructor', 'admin']), async (req, res, next) => {
    try {
      const s = res.locals.ltiSession as LtiSession;
      const platform = await platforms.get(s.data.platformId);
      if (!platform || !s.data.nrpsUrl) throw new AppError('lti:service-failed', {}, 502);
      const members = await fetchNrpsMembers(services, platform, s.data.nrpsUrl);
      const launched = new Set((await enrolment.members(s.contextId)).map((m) => m.subject));
      const tr = translator(pageLocale(req));
      const rows: RosterRow[] = members.map((m) => ({
        name: memberName(m),
        role: mapRoles(m.roles ?? []) ?? 'other',
        status: tr(launched.has(m.user_id) ? 'lti:status-launched' : 'lti:status-not-started'),
      }));
      page(req, res, tr('lti:roster-title'), rosterPage(t(req), s.data.contextTitle, rows));
    } catch (error) {
      next(error instanceof ServiceError ? new AppError('lti:service-failed', {}, 502) : error);
    }
  });

  // Deep linking: the instructor's form, then the signed response auto-posted to the platform.
  app.get('/lti/deep-linking', session(['instructor', 'admin']), (req, res) => {
    const s = res.locals.ltiSession as LtiSession;
    page(req, res, translator(pageLocale(req))('lti:dl-title'), deepLinkingForm(t(req), s.id, deps.languages), [...CADRE_SCRIPTS, '/lti/assets/frame.js']);
  });
  app.post('/lti/deep-linking', session(['instructor', 'admin']), async (req, res, next) => {
    try {
      const s = res.locals.ltiSession as LtiSession;
      if (!s.data.deepLinking) throw new AppError('error:forbidden', {}, 403);
      const { body } = validate(req, { body: deepLinkingFormSchema, form: true });
      if (!deps.languages.includes(body.language)) throw new AppError('lti:language-unavailable', { language: body.language }, 400);
      const platform = await platforms.get(s.data.platformId);
      if (!platform) throw new AppError('lti:session-expired', {}, 401);
      const locale = pageLocale(req);
      const jwt = await signDeepLinkingResponse(
        platforms.toolKeys,
        clock,
        platform,
        s.data.deploymentId,
        s.data.deepLinking.data,
        [contentItem(body, urls.launch, locale)],
        locale,
      );
      // One response per deep linking request.
      await enrolment.closeSession(s.id);
      sendAutoSubmitForm(res, s.data.deepLinking.returnUrl, { JWT: jwt }, locale);
    } catch (error) {
      next(error);
    }
  });

  // Demo course only: grades for the candidates who opened the activity, as the results module
  // will send them, so the emulated gradebook shows what Cadre posts.
  app.post('/lti/demo/sample-grades', session(['instructor', 'admin']), async (req, res, next) => {
    try {
      const s = res.locals.ltiSession as LtiSession;
      if (!demo || s.data.clientId !== DEMO_CLIENT_ID || !s.activityId) throw new AppError('error:forbidden', {}, 403);
      const candidates = await enrolment.members(s.contextId, ['candidate']);
      const levels = ['A2', 'B1', 'B2', 'C1'] as const;
      for (const [i, c] of candidates.entries()) {
        const at = (k: number) => levels[(i + k) % levels.length]!;
        await queueGrades(storage.jobs, clock, {
          activityId: s.activityId,
          userId: c.userId,
          stage: 'validated',
          levels: { overall: at(1), vocabulary: at(0), grammar: at(1), expressions: at(2), reading: at(1), listening: at(0), oral: at(2) },
        });
      }
      res.redirect(303, `/lti/dashboard${sessionQuery(s)}`);
    } catch (error) {
      next(error);
    }
  });

  // The tool URLs are public (an LMS admin needs them to install Cadre); which LMSs are registered
  // is shown to a signed-in centre admin only.
  app.get('/admin/lti', async (req, res, next) => {
    try {
      const admin = req.principal?.kind === 'staff' && req.principal.role === 'centre-admin';
      const list = admin ? await platforms.list() : undefined;
      const counts = list && { count: list.length, active: list.filter((p) => p.active).length };
      page(req, res, translator(pageLocale(req))('lti:admin-title'), adminPage(t(req), urls, counts));
    } catch (error) {
      next(error);
    }
  });

  // A centre admin issues a single-use Tool URL for dynamic registration (as npm run platform -- registration-url does).
  app.post('/admin/lti/registration-url', async (req, res, next) => {
    try {
      validate(req, { body: z.object({}), form: true });
      const p = req.principal;
      if (!p) throw new AppError('error:unauthenticated', {}, 401);
      if (p.kind !== 'staff' || p.role !== 'centre-admin') throw new AppError('error:forbidden', {}, 403);
      const issued = await issueRegistrationUrl(storage.oneTimeTokens, clock.now(), { publicUrl: config.publicUrl, issuedBy: p.staffId });
      await storage.audit.record(
        {
          actor: { kind: 'staff', id: p.staffId },
          action: 'lti.registration-url.issued',
          subject: { kind: 'platform', id: 'dynamic' },
          details: { expiresAt: issued.expiresAt.toISOString() },
        },
        clock.now(),
      );
      res.set('cache-control', 'no-store');
      page(req, res, translator(requestLocale(req))('lti:admin-title'), registrationUrlPage(t(req), issued));
    } catch (error) {
      next(error);
    }
  });

  let purgeTimer: NodeJS.Timeout | undefined;
  // Logins live 10 minutes, access tokens at most an hour; launch sessions until they expire.
  const purgeExpired = async () => {
    const now = clock.now();
    await storage.ltiLogins.purgeBefore(new Date(now.getTime() - 600_000));
    await storage.ltiAccessTokens.purgeBefore(new Date(now.getTime() - 3600_000));
    await storage.launchSessions.purgeExpired(now);
    await storage.oneTimeTokens.purgeExpired(now);
  };

  return {
    app,
    principal: ltiPrincipal(enrolment, linkWatch),
    platforms,
    roster: lmsRoster({ enrolment, platforms, services }),
    frameAncestors: { list: () => platforms.frameAncestors() },
    registerJobs(worker) {
      worker.register(SCORE_JOB, scoreJobHandler({ store: storage, platforms, services, clock }));
      worker.register(LINE_ITEMS_CLEANUP_JOB, lineItemsCleanupHandler({ enrolment, platforms, services }));
    },
    queueGrades: (grades) => queueGrades(storage.jobs, clock, grades),
    async start() {
      await platforms.refreshOrigins();
      await demo?.start();
      // Every minute: expired nonces, states and sessions go; the frame ancestors follow
      // registrations made by other instances sharing the database.
      purgeTimer = setInterval(() => {
        purgeExpired().catch((error: unknown) => log.warn({ err: error }, 'LTI purge failed'));
        platforms.refreshOrigins().catch((error: unknown) => log.warn({ err: error }, 'LTI frame ancestors refresh failed'));
      }, 60_000);
      purgeTimer.unref();
    },
    async stop() {
      if (purgeTimer) clearInterval(purgeTimer);
    },
  };
}
