import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { assetRoutes } from './http/assets.js';
import { errorHandler, malformedUrl, notFound } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { homeRoutes } from './http/home-routes.js';
import { noFrameAncestors, securityHeaders, type FrameAncestors } from './http/security.js';
import { sameOriginWrites } from './http/same-origin-writes.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import type { Storage } from './storage/storage.js';

export interface AppDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  /** Origins allowed to frame Cadre (the registered LMSs); none but Cadre itself by default. */
  frameAncestors?: FrameAncestors;
  /** Sets req.principal (who is asking) from a session: mounted before every feature. */
  principal?: RequestHandler;
  /**
   * Feature routers and middleware built by the composition root (session → principal first,
   * then e.g. scormRoutes, sittingRoutes), mounted in order after the core routes, before the 404.
   */
  features?: RequestHandler[];
  /** The built browser assets served at /assets (dist/public unless a test builds its own). */
  assetsDir?: string;
}

const REQUEST_ID = /^[\w-]{8,64}$/;

export function createApp(deps: AppDeps): Express {
  const { config, storage, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For (req.ip: login throttling, registration rate limit) only from a configured proxy.
  app.set('trust proxy', config.trustProxy);

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
  app.use(malformedUrl);
  // CSRF: every POST/PUT/PATCH/DELETE must come from Cadre's own pages (exemptions listed there).
  app.use(sameOriginWrites({ publicUrl: config.publicUrl, production: config.env === 'production' }));
  app.use(express.json({ limit: '256kb' }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));

  app.use(healthRoutes(storage));
  // A forged cross-site form cannot ride the SameSite=None LTI cookie: sameOriginWrites refuses it
  // above, and validate() takes a body as JSON only unless its route is an HTML form's (validate.ts).
  if (deps.principal) app.use(deps.principal);

  app.use(homeRoutes({ demoEnabled: config.demo }));
  app.use(assetRoutes(deps.assetsDir));
  for (const feature of deps.features ?? []) app.use(feature);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
