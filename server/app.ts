import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { OralRoster } from './domain/booking/roster.js';
import { assessorRoutes } from './http/assessor-routes.js';
import { bookingRoutes } from './http/booking-routes.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { homeRoutes } from './http/home-routes.js';
import { jsonWritesOnly } from './http/principal.js';
import { noFrameAncestors, securityHeaders, type FrameAncestors } from './http/security.js';
import { staffRoutes, staffSession } from './http/staff-routes.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import { publicDir } from './paths.js';
import type { Storage } from './storage/storage.js';

export interface AppDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  /** Origins allowed to frame Cadre (the registered LMSs); none but Cadre itself by default. */
  frameAncestors?: FrameAncestors;
  /**
   * Middleware setting req.principal for LMS users: the LTI layer's (lti.principal on main), or
   * test/support/lti-principals.ts in tests. Without it, no LMS user is recognised.
   */
  principal?: RequestHandler;
  /** Candidates and their sittings, for the oral booking (LTI roster + delivery). */
  roster?: OralRoster;
}

/** Until the LTI and delivery layers are wired: nobody has finished a written part. */
export const emptyRoster: OralRoster = { writtenDoneSitting: async () => undefined, candidate: async () => undefined };

const REQUEST_ID = /^[\w-]{8,64}$/;

export function createApp(deps: AppDeps): Express {
  const { config, storage, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(
    pinoHttp({
      logger: logger.child({ module: 'http' }),
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
      serializers: {
        // Paths only: query strings and headers can carry tokens.
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders(deps.frameAncestors ?? noFrameAncestors));
  app.use(express.json({ limit: '256kb' }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));

  app.use(healthRoutes(storage));
  app.use(['/api/oral', '/api/staff'], jsonWritesOnly);
  if (deps.principal) app.use(deps.principal);
  app.use(['/staff', '/api/staff'], staffSession(deps));
  app.use(staffRoutes(deps));
  app.use(bookingRoutes({ storage, clock: deps.clock, roster: deps.roster ?? emptyRoster }));
  app.use(assessorRoutes({ storage, clock: deps.clock }));
  app.use(homeRoutes({ demoEnabled: false }));
  app.use('/assets', express.static(publicDir, { fallthrough: true, maxAge: config.env === 'production' ? '1h' : 0 }));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
