import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { JobWorker } from './jobs/worker.js';
import { createLogger, type Logger } from './logger.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { openStorage, type Storage } from './storage/storage.js';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { createLti, resolveSecret, type LtiModule } from '../lti/index.js';
import { enrolledActivities, enrolledUsers, launchSessions } from '../scorm/enrolment.js';
import { scormRoutes } from '../scorm/http.js';
import { ScormService } from '../scorm/service.js';
import { deliveryResultSource } from '../scorm/result-source.js';
import { sittingRoutes } from './http/sitting-routes.js';
import { proctoringRoutes } from './http/proctoring-routes.js';
import { ProctoringService } from './domain/proctoring/service.js';
import { FolderBlobStore } from './blobs/blob-store.js';
import { registerPurgeJob } from './jobs/proctoring-purge.js';
import type { Express, RequestHandler } from 'express';
import { queueGrades } from '../lti/grades.js';
import { GRADE_TAGS, levelScore } from './domain/cefr.js';
import { certificateUrls, type IssuerProfile } from './domain/results/credential.js';
import type { GradePassback } from './domain/results/ports.js';
import { ResultsService } from './domain/results/results-service.js';
import { resultsRoutes } from './http/results-routes.js';
import { LinkSigner } from './http/signed-links.js';
import { loadOrCreateIssuerKey } from './results/issuer-key.js';
import { registerResultJobs } from './results/result-mail.js';
import { registerCertificationJobs, REVIEW_REQUIRED_JOB, REVIEWED_JOB } from './jobs/certification-jobs.js';
import type { OralRoster } from './domain/booking/roster.js';
import { assessorRoutes } from './http/assessor-routes.js';
import { OralGradingService } from './domain/oral/grading-service.js';
import { StaffAccountsService } from './domain/staff/accounts-service.js';
import { bookingRoutes } from './http/booking-routes.js';
import { oralRoomRoutes } from './http/oral-room-routes.js';
import { staffRoutes, staffSession } from './http/staff-routes.js';
import { registerBookingJobs } from './jobs/booking-jobs.js';
import { oralRoster } from './storage/repositories/oral-roster.js';
import { activityLanguage } from './storage/repositories/oral-room-repository.js';
import { itemTypePlugin } from '../plugin/item-types/index.js';
import { loadBanks } from './content/load-bank.js';
import { adoptEstimatedCorrelation } from './domain/delivery/prior-correlation.js';
import { SittingService } from './domain/delivery/sitting-service.js';
import { DowntimeLedger } from './downtime-ledger.js';
import { AppError } from './errors.js';
import { contentDir } from './paths.js';
import { DashboardService } from './domain/dashboard/dashboard-service.js';
import { dashboardRoutes } from './http/dashboard-routes.js';
import { EnrolmentService } from './domain/enrolment/enrolment-service.js';
import { PersonalDetailsService } from './domain/candidate/personal-details.js';
import { personalDetailsRoutes } from './http/personal-details-routes.js';
import { demoTestRoutes } from './http/demo-test-routes.js';
import { loadDemoTest } from './content/load-demo-test.js';

export interface RunningCadre {
  url: string;
  /** The express application (its router lists every route: test/integration/same-origin-writes.test.ts). */
  app: Express;
  server: Server;
  storage: Storage;
  worker: JobWorker;
  lti: LtiModule;
  proctoring: ProctoringService;
  results: ResultsService;
  dashboard: DashboardService;
  mailer: Mailer;
  logger: Logger;
  stop(): Promise<void>;
}

/** The centre as its certificates name it (Open Badges 3.0 Profile). */
export function issuerProfile(config: Config): IssuerProfile {
  return {
    id: certificateUrls(config.publicUrl).issuer,
    type: ['Profile'],
    name: config.issuer.name,
    url: config.publicUrl,
    ...(config.issuer.email ? { email: config.issuer.email } : {}),
  };
}

/** How long an idle HTTP connection is kept open, and how many connections may wait to be accepted. */
const KEEP_ALIVE_MS = 65_000;
const LISTEN_BACKLOG = 4096;

/**
 * The composition root: wires everything from a config — storage (migrated), mailer, job worker,
 * every module and the HTTP server. main.ts calls it for `npm start`; tests and benchmarks call it
 * with their own config.
 */
export async function startCadre(
  config: Config,
  /** Tests may replace the clock, the logger, the mailer, and how requests get their principal. */
  overrides: { clock?: Clock; logger?: Logger; mailer?: Mailer; principal?: RequestHandler; roster?: OralRoster; passback?: GradePassback } = {},
): Promise<RunningCadre> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const key = await loadOrCreateIssuerKey(config.issuer.keyDir);
  const storage = await openStorage(config.database);
  const mailer = overrides.mailer ?? createMailer(config.mail, logger);
  const worker = new JobWorker({ jobs: storage.jobs, clock, logger: logger.child({ module: 'jobs' }), pollMs: config.jobs.pollMs });
  const banks = loadBanks(path.join(contentDir, 'banks'));
  // the cross-skill prior's correlation from the centre's finished sittings, once there are enough
  for (const bank of banks.values()) {
    const estimate = await adoptEstimatedCorrelation(bank, storage.sittings);
    if (estimate)
      logger.info(
        { bank: bank.id, sittings: estimate.sittings, meanCorrelation: Number(estimate.mean.toFixed(3)) },
        'adaptive prior: estimated skill correlation in use',
      );
  }
  const enrolment = new EnrolmentService({ store: storage, clock, newSessionId: () => randomBytes(32).toString('base64url') });
  const lti = createLti({ config, storage, clock, logger, enrolment, languages: [...banks.keys()] });
  lti.registerJobs(worker);
  await lti.start();
  registerBookingJobs(worker, { storage, mailer, clock, config, logger });
  const results = new ResultsService({
    store: storage,
    clock,
    key,
    issuer: issuerProfile(config),
    publicUrl: config.publicUrl,
    newId: randomUUID,
    random: () => randomInt(2 ** 47) / 2 ** 47,
    // Final grades go to the LMS gradebook in the release transaction (durable jobs).
    passback:
      overrides.passback ??
      (async (grades, jobs, now) => {
        const { activityId, userId } = grades;
        const clock = { now: () => now };
        // Pending, with no level (no partial result); no score on the oral line item without an oral.
        if (grades.outcome === 'pending') {
          const tags = grades.oralRequired ? GRADE_TAGS : GRADE_TAGS.filter((t) => t !== 'oral');
          await queueGrades(jobs, clock, { activityId, userId, stage: 'written', levels: {}, tags });
        } else {
          const { levels, comment } = grades;
          await queueGrades(jobs, clock, { activityId, userId, stage: 'validated', levels, ...(comment ? { comment } : {}) });
        }
      }),
  });
  // Links in e-mails are signed and expire (a mail client has no session): a key derived from the server secret.
  const links = new LinkSigner(resolveSecret(config), clock);
  registerResultJobs(worker, { results, mailer, publicUrl: config.publicUrl, links });
  const proctoring = new ProctoringService({
    repo: storage.proctoring,
    audit: storage.audit,
    blobs: new FolderBlobStore(config.proctoring.blobDir),
    clock,
    settings: { retentionDays: config.proctoring.retentionDays, autoValidateUpTo: config.proctoring.autoValidateUpTo },
    onDecided: async (sittingId) => {
      await storage.jobs.enqueue({ type: REVIEWED_JOB, payload: { sittingId }, idempotencyKey: `${REVIEWED_JOB}:${sittingId}` }, clock.now());
    },
    onReviewRequired: async (sittingId) => {
      await storage.jobs.enqueue({ type: REVIEW_REQUIRED_JOB, payload: { sittingId } }, clock.now());
    },
  });
  const purge = registerPurgeJob(worker, storage.jobs, proctoring, clock);
  // Only instances that run jobs schedule the daily retention job (another instance runs it otherwise).
  if (config.jobs.enabled) await purge.scheduleToday();
  registerCertificationJobs(worker, {
    storage,
    enrolment,
    results,
    proctoring,
    clock,
  });
  // Time no instance could accept answers is not charged to candidates: item deadlines move by it.
  const downtime = new DowntimeLedger({ repo: storage.downtime, clock, instanceId: worker.workerId, logger: logger.child({ module: 'downtime' }) });
  const sittings = new SittingService({
    store: storage,
    banks: (id) => {
      const bank = banks.get(id);
      if (!bank) throw new AppError('sitting:no-bank', { language: id }, 409);
      return bank;
    },
    itemTypes: { get: itemTypePlugin },
    clock,
    randomId: () => randomBytes(18).toString('base64url'),
    randomSeed: () => randomInt(2 ** 31),
    downtime,
  });
  const dashboard = new DashboardService({
    store: storage.dashboard,
    roster: lti.roster,
    clock,
    newId: randomUUID,
    flaggedAbove: config.proctoring.autoValidateUpTo,
  });
  // Asked before the written test; locked once its first item is on the way (the sitting is in its items).
  const personalDetails = new PersonalDetailsService({
    repo: storage.personalDetails,
    sittingStarted: async (owner) => {
      const step = (await sittings.find(owner))?.step;
      return step === 'items' || step === 'written-done';
    },
    clock,
  });
  const delivery = {
    sittings,
    personalDetails,
    banks,
    clock,
    activity: (id: string) => enrolment.activity(id),
    proctoring,
    // A sitting's settings when it opens: the candidate's accommodation (instructor dashboard)
    // first, else the activity's default (sitting-routes.ts).
    accommodation: async (activityId: string, userId: string) => {
      const own = await dashboard.accommodationFor(activityId, userId);
      return own && { timeMultiplier: own.timeMultiplier, proctoringExempt: own.proctoringExemption !== null };
    },
    // The candidate home's oral line: booked (when), or left for the centre to book.
    oral: async (sittingId: string) => {
      const booking = await storage.bookings.liveForSitting(sittingId);
      if (booking) return { state: 'booked' as const, at: booking.startsAt.toISOString() };
      return (await storage.bookings.leftAt(sittingId)) ? { state: 'centre-books' as const } : undefined;
    },
    // The candidate home's oral and results lines follow the certification result.
    results: async (activityId: string, userId: string) => {
      const r = await results.findFor(activityId, userId);
      if (!r) return undefined;
      const oralDone = r.oral !== null;
      if (r.state !== 'released') return { oralDone, results: { state: 'pending' as const } };
      if (r.decision?.outcome === 'invalidated') return { oralDone, results: { state: 'invalidated' as const, reason: r.decision.reason ?? null } };
      const certificate = await results.certificateForResult(r.id);
      return {
        oralDone,
        results: {
          state: 'released' as const,
          overall: r.levels?.overall ?? null,
          sheetUrl: `/results/${r.id}`,
          pdfUrl: `/results/${r.id}/sheet.pdf`,
          certificateUrl: certificate ? `/verify/${certificate.id}` : null,
          certificatePdfUrl: certificate ? `/certificates/${certificate.id}/certificate.pdf` : null,
        },
      };
    },
    lastReset: (activityId: string, userId: string) => dashboard.lastReset(activityId, userId),
  };
  const scorm = new ScormService({
    packages: storage.scormPackages,
    audit: storage.audit,
    activities: enrolledActivities(enrolment),
    users: enrolledUsers(enrolment),
    results: deliveryResultSource({
      sittings: storage.sittings,
      // A released, validated certification: its overall level on the 0–6 scale, and the target.
      released: {
        releasedFor: async (activityId, userId) => {
          const r = await results.findFor(activityId, userId);
          if (r?.state !== 'released' || !r.levels) return undefined;
          return { score0to6: levelScore(r.levels.overall), passed: r.levels.targetReached };
        },
      },
    }),
    clock,
    publicUrl: config.publicUrl,
  });
  const accounts = new StaffAccountsService({ store: storage, clock, mailer, publicUrl: config.publicUrl });
  const app = createApp({
    config,
    storage,
    clock,
    mailer,
    logger,
    frameAncestors: lti.frameAncestors,
    principal: overrides.principal ?? lti.principal,
    features: [
      // The written test first: its requests are by far the most frequent (one per answer), and
      // every router passed on the way costs each of them (the LTI one is a whole mounted app).
      sittingRoutes(delivery),
      staffSession(accounts),
      lti.app,
      staffRoutes({ config, accounts }),
      bookingRoutes({ storage, clock, roster: overrides.roster ?? oralRoster(storage.db), contactEmail: config.issuer.email, publicUrl: config.publicUrl }),
      assessorRoutes({
        grading: new OralGradingService({ store: storage, clock, photos: proctoring, testLanguage: (activityId) => activityLanguage(storage.db, activityId) }),
        accounts,
      }),
      oralRoomRoutes({ storage, clock, config: config.oralRoom }),
      proctoringRoutes(proctoring, {
        // The reviewer's queue names the candidate and the activity, not an opaque id.
        of: async (userId, activityId) => ({
          candidateName: (await storage.users.get(userId))?.name ?? null,
          activityTitle: (activityId ? await enrolment.activity(activityId) : undefined)?.title ?? null,
        }),
      }),
      resultsRoutes({ results, publicUrl: config.publicUrl, links }),
      dashboardRoutes({ dashboard, publicUrl: config.publicUrl }),
      personalDetailsRoutes({ details: personalDetails, dashboard, clock }),
      demoTestRoutes(loadDemoTest(path.join(contentDir, 'demo'))),
      scormRoutes({ service: scorm, activities: enrolledActivities(enrolment), sessions: launchSessions(enrolment), clock }),
    ],
  });

  const server = await new Promise<Server>((resolve, reject) => {
    // A crowd's first answers arrive together: room for all their connections in the accept
    // queue (Node's default is 511; the kernel caps it at net.core.somaxconn).
    const s = app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => resolve(s));
    s.once('error', reject);
  });
  // Candidates think between answers, often longer than Node's 5 s keep-alive: their browsers
  // would then open a new connection for nearly every answer, and a crowd answering at once
  // would all connect at once. Idle connections are kept longer than a reverse proxy's usual
  // 60 s, so a proxy never sends on a connection Cadre has just closed.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  await downtime.start();
  if (config.jobs.enabled) worker.start();
  const { port } = server.address() as AddressInfo;
  const url = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;

  return {
    url,
    app,
    server,
    storage,
    worker,
    lti,
    proctoring,
    results,
    dashboard,
    mailer,
    logger,
    async stop() {
      await downtime.stop();
      await worker.stop();
      await lti.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await storage.close();
    },
  };
}
