/**
 * The durable outbox: work that must happen after a commit (an e-mail, a reminder, a grade sent
 * to the LMS) is written as a job in the same transaction as the change that calls for it, then
 * run by a worker that claims it with a lease. A worker that dies leaves the lease to expire and
 * another takes the job over, so handlers must be idempotent; an idempotency key makes enqueueing
 * the same piece of work twice a no-op.
 */
export type JobStatus = 'pending' | 'done' | 'failed';

export interface Job {
  id: string;
  type: string;
  payload: unknown;
  status: JobStatus;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface NewJob {
  type: string;
  payload: unknown;
  /** Not before this time; now when absent. */
  runAt?: Date;
  /** A second enqueue with the same key returns the first job and adds nothing. */
  idempotencyKey?: string;
  maxAttempts?: number;
}

export interface JobRepository {
  enqueue(job: NewJob, now: Date): Promise<Job>;
  /** Takes the oldest due job whose lease is free, holding it until now + leaseMs. */
  claimNext(workerId: string, now: Date, leaseMs: number): Promise<Job | undefined>;
  complete(id: string, workerId: string, now: Date): Promise<void>;
  /** Gives the job back to run again at runAt, recording why this attempt failed. */
  retry(id: string, workerId: string, runAt: Date, error: string, now: Date): Promise<void>;
  /** Stops the job for good with a recorded reason. */
  fail(id: string, workerId: string, reason: string, now: Date): Promise<void>;
  /** Cancels a pending job (a reminder for a booking that moved): it will not run. */
  cancel(id: string, reason: string, now: Date): Promise<boolean>;
  get(id: string): Promise<Job | undefined>;
  findByIdempotencyKey(key: string): Promise<Job | undefined>;
  countByStatus(): Promise<Record<JobStatus, number>>;
}

/** A handler throws this when retrying cannot help (a 4xx from the LMS, a deleted booking). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/** Exponential backoff after the nth failed attempt: 5 s, 10 s, 20 s, … capped at one hour. */
export function backoffMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}
