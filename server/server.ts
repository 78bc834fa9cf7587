import { randomInt, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { RequestHandler } from 'express';
import { certificateUrls, type IssuerProfile } from './domain/results/credential.js';
import type { GradePassback } from './domain/results/ports.js';
import { ResultsService } from './domain/results/results-service.js';
import { JobWorker } from './jobs/worker.js';
import { loadOrCreateIssuerKey } from './results/issuer-key.js';
import { registerResultJobs } from './results/result-mail.js';
import { createLogger, type Logger } from './logger.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { openStorage, type Storage } from './storage/storage.js';

export interface RunningCadre {
  url: string;
  server: Server;
  storage: Storage;
  worker: JobWorker;
  results: ResultsService;
  mailer: Mailer;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * Wires everything from a config: storage (migrated), mailer, job worker, HTTP server.
 * main.ts calls it for `npm start`; tests and benchmarks call it with their own config.
 */
export interface CadreOverrides {
  clock?: Clock;
  logger?: Logger;
  mailer?: Mailer;
  /** Sets req.principal (tests; the LTI and staff layers in production). */
  authenticate?: RequestHandler;
  /** Final grades to the LMS on release (the LTI layer's queueGrades). */
  passback?: GradePassback;
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

export async function startCadre(config: Config, overrides: CadreOverrides = {}): Promise<RunningCadre> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const key = await loadOrCreateIssuerKey(config.issuer.keyDir);
  const storage = await openStorage(config.database);
  const mailer = overrides.mailer ?? createMailer(config.mail, logger);
  const worker = new JobWorker({ jobs: storage.jobs, clock, logger: logger.child({ module: 'jobs' }), pollMs: config.jobs.pollMs });
  const results = new ResultsService({
    store: storage,
    clock,
    key,
    issuer: issuerProfile(config),
    publicUrl: config.publicUrl,
    newId: randomUUID,
    random: () => randomInt(2 ** 47) / 2 ** 47,
    ...(overrides.passback ? { passback: overrides.passback } : {}),
  });
  registerResultJobs(worker, { results, mailer, publicUrl: config.publicUrl });
  const app = createApp({ config, storage, clock, mailer, logger, results, ...(overrides.authenticate ? { authenticate: overrides.authenticate } : {}) });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  if (config.jobs.enabled) worker.start();
  const { port } = server.address() as AddressInfo;
  const url = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;

  return {
    url,
    server,
    storage,
    worker,
    results,
    mailer,
    logger,
    async stop() {
      await worker.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await storage.close();
    },
  };
}
