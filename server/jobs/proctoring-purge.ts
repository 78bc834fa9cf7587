import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { JobRepository } from '../domain/jobs/jobs.js';
import type { ProctoringService } from '../domain/proctoring/service.js';
import type { JobWorker } from './worker.js';

export const PURGE_JOB = 'proctoring.purge';
const DAY_MS = 24 * 60 * 60 * 1000;
const dayKey = (d: Date) => `${PURGE_JOB}:${d.toISOString().slice(0, 10)}`;

/**
 * The retention job: once a day, deletes the proctoring evidence (snapshots, identity photos,
 * events, equipment results) of sittings whose results were released more than the retention
 * period ago. Decisions and the audit log stay. Each run schedules the next (one per day, by key).
 */
export function registerPurgeJob(worker: JobWorker, jobs: JobRepository, service: ProctoringService, clock: Clock): { scheduleToday(): Promise<void> } {
  worker.register(PURGE_JOB, {
    payload: z.object({}).passthrough(),
    async run() {
      while ((await service.purgeDue(100)) === 100) {
        // more than a batch was due: keep going
      }
      const next = new Date(clock.now().getTime() + DAY_MS);
      await jobs.enqueue({ type: PURGE_JOB, payload: {}, runAt: next, idempotencyKey: dayKey(next) }, clock.now());
    },
  });
  return {
    async scheduleToday() {
      await jobs.enqueue({ type: PURGE_JOB, payload: {}, idempotencyKey: dayKey(clock.now()) }, clock.now());
    },
  };
}
