import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import { backoffMs, PermanentJobError, type Job, type JobRepository } from '../domain/jobs/jobs.js';
import type { Logger } from '../logger.js';

export interface JobHandler<T = unknown> {
  /** Validates the stored payload: a job whose payload no longer parses fails for good. */
  payload: z.ZodType<T>;
  run(payload: T, job: Job): Promise<void>;
}

export interface WorkerOptions {
  jobs: JobRepository;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  /** How long a claimed job stays ours; a worker that dies frees it after this. */
  leaseMs?: number;
  workerId?: string;
}

/**
 * Runs due jobs one at a time: claim with a lease, run the handler, then mark it done, retry it
 * later with backoff, or fail it with the reason. A crash between claim and completion leaves the
 * lease to expire and the job is run again: handlers are idempotent.
 */
export class JobWorker {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly leaseMs: number;
  readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: WorkerOptions) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.workerId = options.workerId ?? `worker-${randomUUID()}`;
  }

  register<T>(type: string, handler: JobHandler<T>): this {
    if (this.handlers.has(type)) throw new Error(`a handler for job type ${type} is already registered`);
    this.handlers.set(type, handler as unknown as JobHandler<never>);
    return this;
  }

  /** Claims and runs one due job; false when none was due. */
  async runOnce(): Promise<boolean> {
    const { jobs, clock, logger } = this.options;
    const job = await jobs.claimNext(this.workerId, clock.now(), this.leaseMs);
    if (!job) return false;
    const log = logger.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    const handler = this.handlers.get(job.type);
    if (!handler) {
      await jobs.fail(job.id, this.workerId, `no handler for job type ${job.type}`, clock.now());
      log.error('job failed: no handler');
      return true;
    }
    const parsed = handler.payload.safeParse(job.payload);
    if (!parsed.success) {
      await jobs.fail(job.id, this.workerId, `invalid payload: ${parsed.error.message}`, clock.now());
      log.error('job failed: invalid payload');
      return true;
    }
    try {
      await handler.run(parsed.data as never, job);
      await jobs.complete(job.id, this.workerId, clock.now());
      log.info('job done');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
        await jobs.fail(job.id, this.workerId, reason, clock.now());
        log.warn({ reason }, 'job failed for good');
      } else {
        const runAt = new Date(clock.now().getTime() + backoffMs(job.attempts));
        await jobs.retry(job.id, this.workerId, runAt, reason, clock.now());
        log.warn({ reason, retryAt: runAt.toISOString() }, 'job will be retried');
      }
    }
    return true;
  }

  /** Runs due jobs until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n += 1;
    return n;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'job worker tick failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
        });
    };
    tick();
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
