import { randomBytes, randomInt } from 'node:crypto';
import { PersonalDetailsService } from '../../server/domain/candidate/personal-details.js';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import { itemTypePlugin } from '../../plugin/item-types/index.js';
import { createApp } from '../../server/app.js';
import { systemClock, type Clock } from '../../server/clock.js';
import { loadBank } from '../../server/content/load-bank.js';
import { SittingService } from '../../server/domain/delivery/sitting-service.js';
import { html, sendPage } from '../../server/http/html.js';
import { sittingRoutes } from '../../server/http/sitting-routes.js';
import type { Principal } from '../../server/http/principal.js';
import { createLogger } from '../../server/logger.js';
import { createMailer } from '../../server/mail/mailer.js';
import { projectRoot } from '../../server/paths.js';
import { openStorage, type Storage } from '../../server/storage/storage.js';
import { scormRoutes, type ScormRoutesDeps } from '../../scorm/http.js';
import { ScormService } from '../../scorm/service.js';
import { deliveryResultSource } from '../../scorm/result-source.js';
import { cookieSessions, memoryActivities, memoryUserDirectory } from './scorm-standins.js';
import { testConfig } from './config.js';
import { listen } from './http.js';

export const ACTIVITIES = [
  { id: 'act-b1', title: 'English certification — B1', language: 'en', targetLevel: 'B1' as const, contextId: 'course-1' },
  { id: 'act-b2', title: 'English certification — B2', language: 'en', targetLevel: 'B2' as const, contextId: 'course-1' },
];

export const instructor: Principal = {
  kind: 'lti',
  userId: 'teacher-1',
  role: 'instructor',
  contextId: 'course-1',
  activityId: 'act-b1',
  name: 'T. Eacher',
  email: null,
  locale: 'en',
};

/** An activity page reduced to the SCORM packages element. */
const activityPage = Router().get('/test/activities/:activityId/scorm', (req, res) => {
  const lang = req.query.lang === 'en' ? 'en' : 'fr';
  sendPage(res, {
    lang,
    title: 'SCORM',
    body: html`<h1>${req.params.activityId}</h1><cadre-scorm-packages activity="${req.params.activityId}"></cadre-scorm-packages>`,
  });
});

/**
 * Stands in for the LTI session layer in these tests: a request may carry its principal in an
 * x-test-principal header (JSON). Only ever mounted by this harness.
 */
const testPrincipal: RequestHandler = (req, _res, next) => {
  const given = req.headers['x-test-principal'];
  if (typeof given === 'string') req.principal = JSON.parse(given) as Principal;
  next();
};

export interface ScormCadre {
  url: string;
  storage: Storage;
  service: ScormService;
  activities: ReturnType<typeof memoryActivities>;
  users: ReturnType<typeof memoryUserDirectory>;
  /** Results the results module has released, by `${activityId}|${userId}`. */
  released: Map<string, { score0to6: number; passed?: boolean }>;
  stop(): Promise<void>;
}

/**
 * The SCORM module's own harness, with in-memory stand-ins for the LTI and results ports (the
 * real wiring is tested by test/e2e/scorm.test.ts):
 * the real app (createApp), SQLite storage with every migration, the SCORM routes, and the
 * candidate's sitting routes on the small fixture bank. A start link opens a stand-in cookie
 * session and lands on GET /api/sitting, which starts the candidate's sitting.
 */
export async function startScormCadre(clock: Clock = systemClock): Promise<ScormCadre> {
  const config = testConfig();
  const storage = await openStorage(config.database);
  const logger = createLogger('silent');
  const activities = memoryActivities(ACTIVITIES);
  const users = memoryUserDirectory();
  const released = new Map<string, { score0to6: number; passed?: boolean }>();
  const sessions = cookieSessions({ secret: 'scorm-test-secret-0123456789abcdef', redirectTo: () => '/api/sitting', secure: false, clock });
  const bank = loadBank(path.join(projectRoot, 'test', 'fixtures', 'banks', 'mini'));
  const sittings = new SittingService({
    store: storage,
    banks: () => bank,
    itemTypes: { get: itemTypePlugin },
    clock,
    randomId: () => randomBytes(16).toString('base64url'),
    randomSeed: () => randomInt(2 ** 31),
  });
  // The service needs Cadre's URL, known once the server listens: the routes read it lazily.
  const routeDeps: ScormRoutesDeps = { activities, sessions: sessions.opener, clock, service: undefined as unknown as ScormService };
  const app = createApp({
    config,
    storage,
    clock,
    logger,
    mailer: createMailer(config.mail, logger),
    features: [
      testPrincipal,
      sessions.middleware,
      scormRoutes(routeDeps),
      activityPage,
      sittingRoutes({
        sittings,
        banks: new Map([[bank.id, bank]]),
        clock,
        activity: async (id) => {
          const a = await activities.get(id);
          return (
            a && {
              title: a.title,
              settings: {
                language: a.language ?? undefined,
                targetLevel: a.targetLevel ?? undefined,
                oralRequired: true,
                proctoring: false,
                accommodations: { extraTimePercent: 0 },
              },
            }
          );
        },
        proctoring: { registerSitting: async () => undefined, stepDone: async () => true },
        personalDetails: new PersonalDetailsService({ repo: storage.personalDetails, sittingStarted: async () => false, clock }),
      }),
    ],
  });
  const server = await listen(app);
  const service = new ScormService({
    packages: storage.scormPackages,
    audit: storage.audit,
    activities,
    users,
    results: deliveryResultSource({ sittings: storage.sittings, released: { releasedFor: async (a, u) => released.get(`${a}|${u}`) } }),
    clock,
    publicUrl: server.url,
  });
  routeDeps.service = service;
  return {
    url: server.url,
    storage,
    service,
    activities,
    users,
    released,
    async stop() {
      await server.close();
      await storage.close();
    },
  };
}

/** The Cadre user id the stand-in directory gave an LMS learner (any package scope). */
export function userIdOf(cadre: ScormCadre, learnerSubject: string): string | undefined {
  for (const [key, value] of cadre.users.users) if (key.endsWith(`\n${learnerSubject}`)) return value.userId;
  return undefined;
}
