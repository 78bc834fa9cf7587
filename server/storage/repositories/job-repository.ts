import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { DEFAULT_MAX_ATTEMPTS, type Job, type JobRepository, type JobStatus } from '../../domain/jobs/jobs.js';
import type { Dialect } from '../database.js';
import type { Database, JobsTable } from '../schema.js';
import { fromJson, toDate, toDateOrNull, toJson, toText } from '../rows.js';

function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    type: row.type,
    payload: fromJson(row.payload),
    status: row.status as JobStatus,
    runAt: toDate(row.run_at),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    idempotencyKey: row.idempotency_key,
    createdAt: toDate(row.created_at),
    finishedAt: toDateOrNull(row.finished_at),
  };
}

export function jobRepository(db: Kysely<Database>, dialect: Dialect): JobRepository {
  const get = async (id: string) => {
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  };
  const findByIdempotencyKey = async (key: string) => {
    const row = await db.selectFrom('jobs').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    return row && toJob(row);
  };

  return {
    get,
    findByIdempotencyKey,

    async enqueue(job, now) {
      const id = randomUUID();
      const stamp = toText(now);
      const inserted = await db
        .insertInto('jobs')
        .values({
          id,
          type: job.type,
          payload: toJson(job.payload),
          status: 'pending',
          run_at: toText(job.runAt ?? now),
          attempts: 0,
          max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          locked_by: null,
          locked_until: null,
          last_error: null,
          idempotency_key: job.idempotencyKey ?? null,
          created_at: stamp,
          updated_at: stamp,
          finished_at: null,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return toJob(inserted);
      // The key was taken: the same piece of work is already queued (or done).
      const existing = await findByIdempotencyKey(job.idempotencyKey!);
      if (!existing) throw new Error('job insert ignored without an existing idempotency key');
      return existing;
    },

    async claimNext(workerId, now, leaseMs) {
      const stamp = toText(now);
      const base = db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('run_at', '<=', stamp)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', stamp)]))
        .orderBy('run_at')
        .limit(1);
      const candidate = dialect === 'postgres' ? base.forUpdate().skipLocked() : base;
      // The lease conditions are repeated on the UPDATE itself: under PostgreSQL's READ COMMITTED,
      // a concurrent claimer re-checks them after waiting and gets nothing instead of a double claim.
      const row = await db
        .updateTable('jobs')
        .set((eb) => ({
          locked_by: workerId,
          locked_until: toText(new Date(now.getTime() + leaseMs)),
          attempts: eb('attempts', '+', 1),
          updated_at: stamp,
        }))
        .where('id', '=', candidate)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', stamp)]))
        .returningAll()
        .executeTakeFirst();
      return row && toJob(row);
    },

    async complete(id, workerId, now) {
      await db
        .updateTable('jobs')
        .set({ status: 'done', locked_by: null, locked_until: null, finished_at: toText(now), updated_at: toText(now) })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute();
    },

    async retry(id, workerId, runAt, error, now) {
      await db
        .updateTable('jobs')
        .set({ run_at: toText(runAt), last_error: error, locked_by: null, locked_until: null, updated_at: toText(now) })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute();
    },

    async fail(id, workerId, reason, now) {
      await db
        .updateTable('jobs')
        .set({ status: 'failed', last_error: reason, locked_by: null, locked_until: null, finished_at: toText(now), updated_at: toText(now) })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute();
    },

    async cancel(id, reason, now) {
      const result = await db
        .updateTable('jobs')
        .set({ status: 'failed', last_error: `cancelled: ${reason}`, finished_at: toText(now), updated_at: toText(now) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async countByStatus() {
      const rows = await db
        .selectFrom('jobs')
        .select(['status', db.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const counts: Record<JobStatus, number> = { pending: 0, done: 0, failed: 0 };
      for (const r of rows) counts[r.status as JobStatus] = Number(r.n);
      return counts;
    },
  };
}
