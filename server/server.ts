import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createProctoringService } from './app.js';
import type { ProctoringService } from './domain/proctoring/service.js';
import type { PrincipalResolver } from './http/principal.js';
import { registerPurgeJob } from './jobs/proctoring-purge.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
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
  proctoring: ProctoringService;
  stop(): Promise<void>;
}

/**
 * Wires everything from a config: storage (migrated), mailer, job worker, HTTP server.
 * main.ts calls it for `npm start`; tests and benchmarks call it with their own config.
 */
export async function startCadre(config: Config, overrides: { clock?: Clock; logger?: Logger; mailer?: Mailer; principals?: PrincipalResolver } = {}): Promise<RunningCadre> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const storage = await openStorage(config.database);
  const mailer = overrides.mailer ?? createMailer(config.mail, logger);
  const worker = new JobWorker({ jobs: storage.jobs, clock, logger: logger.child({ module: 'jobs' }), pollMs: config.jobs.pollMs });
  const proctoring = createProctoringService({ config, storage, clock });
  const purge = registerPurgeJob(worker, storage.jobs, proctoring, clock);
  // Only instances that run jobs schedule the daily retention job (another instance runs it otherwise).
  if (config.jobs.enabled) await purge.scheduleToday();
  const app = createApp({ config, storage, clock, mailer, logger, proctoring, ...(overrides.principals ? { principals: overrides.principals } : {}) });

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
    proctoring,
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
