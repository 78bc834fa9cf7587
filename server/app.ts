import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { homeRoutes } from './http/home-routes.js';
import { noFrameAncestors, securityHeaders, type FrameAncestors } from './http/security.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import { publicDir } from './paths.js';
import { FolderBlobStore } from './blobs/blob-store.js';
import { ProctoringService } from './domain/proctoring/service.js';
import { resolvePrincipal, type PrincipalResolver } from './http/principal.js';
import { proctoringRoutes } from './http/proctoring-routes.js';
import type { Storage } from './storage/storage.js';

export interface AppDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  /** Origins allowed to frame Cadre (the registered LMSs); none but Cadre itself by default. */
  frameAncestors?: FrameAncestors;
  /** Who is calling: wired by the lead to the LTI and staff sessions; anonymous when absent. */
  principals?: PrincipalResolver;
  /** Proctoring use cases; built from storage and config when absent. */
  proctoring?: ProctoringService;
}

/** The proctoring service over the app's storage, with files in DATA_DIR/blobs. */
export function createProctoringService(deps: Pick<AppDeps, 'config' | 'storage' | 'clock'>): ProctoringService {
  return new ProctoringService({
    repo: deps.storage.proctoring,
    audit: deps.storage.audit,
    blobs: new FolderBlobStore(deps.config.proctoring.blobDir),
    clock: deps.clock,
    settings: { retentionDays: deps.config.proctoring.retentionDays, autoValidateUpTo: deps.config.proctoring.autoValidateUpTo },
  });
}

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

  app.use(resolvePrincipal(deps.principals));
  app.use(healthRoutes(storage));
  app.use(proctoringRoutes(deps.proctoring ?? createProctoringService(deps)));
  app.use(homeRoutes({ demoEnabled: false }));
  app.use('/assets', express.static(publicDir, { fallthrough: true, maxAge: config.env === 'production' ? '1h' : 0 }));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
