import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { OralRoster } from './domain/booking/roster.js';
import type { RequestHandler } from 'express';
import { registerBookingJobs } from './jobs/booking-jobs.js';
import { JobWorker } from './jobs/worker.js';
import { createLogger, type Logger } from './logger.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { openStorage, type Storage } from './storage/storage.js';

export interface RunningCadre {
  url: string;
  server: Server;
  storage: Storage;
  worker: JobWorker;
  mailer: Mailer;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * Wires everything from a config: storage (migrated), mailer, job worker, HTTP server.
 * main.ts calls it for `npm start`; tests and benchmarks call it with their own config.
 */
export async function startCadre(config: Config, overrides: { clock?: Clock; logger?: Logger; mailer?: Mailer; principal?: RequestHandler; roster?: OralRoster } = {}): Promise<RunningCadre> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const storage = await openStorage(config.database);
  const mailer = overrides.mailer ?? createMailer(config.mail, logger);
  const worker = new JobWorker({ jobs: storage.jobs, clock, logger: logger.child({ module: 'jobs' }), pollMs: config.jobs.pollMs });
  registerBookingJobs(worker, { storage, mailer, clock, config, logger });
  const app = createApp({ config, storage, clock, mailer, logger, principal: overrides.principal, roster: overrides.roster });

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
