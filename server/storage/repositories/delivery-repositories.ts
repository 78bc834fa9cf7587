import { sql, type Kysely } from 'kysely';
import type { ExposureStore, SkillExposureCounts } from '../../domain/adaptive/exposure.js';
import type { ResponseRecord, ResponseRepository, SittingChanges, SittingRepository } from '../../domain/delivery/ports.js';
import type { Sitting } from '../../domain/delivery/sitting.js';
import type { Dialect } from '../database.js';
import { compileOnce } from '../compiled-query.js';
import { fromJson, toJson } from '../rows.js';
import type { Database } from '../schema.js';
import { jobRepository } from './job-repository.js';

// The answer path's statements, built once (see compileOnce).
const sittingState = compileOnce<'id', { state: string }>((db, value) => db.selectFrom('sittings').select('state').where('id', '=', value('id')));
const sittingStateFor = compileOnce<'activityId' | 'userId', { state: string }>((db, value) =>
  db.selectFrom('sittings').select('state').where('activity_id', '=', value('activityId')).where('user_id', '=', value('userId')),
);
const updateSitting = compileOnce<'step' | 'state' | 'version' | 'updatedAt' | 'id' | 'previous', never>((db, value) =>
  db
    .updateTable('sittings')
    .set({ step: value('step'), state: value('state'), version: value('version'), updated_at: value('updatedAt') })
    .where('id', '=', value('id'))
    .where('version', '=', value('previous')),
);
const insertResponse = compileOnce<
  'sitting_id' | 'item_id' | 'skill' | 'position' | 'response' | 'points' | 'max_points' | 'timed_out' | 'served_at' | 'answered_at',
  never
>((db, value) =>
  db.insertInto('responses').values({
    sitting_id: value('sitting_id'),
    item_id: value('item_id'),
    skill: value('skill'),
    position: value('position'),
    response: value('response'),
    points: value('points'),
    max_points: value('max_points'),
    timed_out: value('timed_out'),
    served_at: value('served_at'),
    answered_at: value('answered_at'),
  }),
);
const addExposure = compileOnce<'bank_id' | 'skill' | 'item_id' | 'count', never>((db, value) =>
  db
    .insertInto('item_exposure')
    .values({ bank_id: value('bank_id'), skill: value('skill'), item_id: value('item_id'), count: value('count') })
    .onConflict((oc) => oc.columns(['bank_id', 'skill', 'item_id']).doUpdateSet((eb) => ({ count: eb('item_exposure.count', '+', eb.ref('excluded.count')) }))),
);

export function sittingRepository(db: Kysely<Database>, dialect: Dialect, exposure: ExposureSnapshots): SittingRepository {
  const written = (s: Sitting) => ({ step: s.step, state: toJson(s), version: s.version, updated_at: s.updatedAt });
  const responseRow = (r: ResponseRecord) => ({
    sitting_id: r.sittingId,
    item_id: r.itemId,
    skill: r.skill,
    position: r.position,
    response: toJson(r.response),
    points: r.points,
    max_points: r.maxPoints,
    timed_out: r.timedOut ? 1 : 0,
    served_at: r.servedAt,
    answered_at: r.answeredAt,
  });

  /** In a transaction: the sitting first (a stale version stops everything), then the rest. */
  async function commitInTransaction(sitting: Sitting, changes: SittingChanges, now: Date): Promise<boolean> {
    const run = async (tx: Kysely<Database>) => {
      const updated = await updateSitting(tx, dialect, {
        step: sitting.step,
        state: toJson(sitting),
        version: sitting.version,
        updatedAt: sitting.updatedAt,
        id: sitting.id,
        previous: sitting.version - 1,
      });
      if (Number(updated.numAffectedRows) !== 1) return false;
      if (changes.responses.length === 1) await insertResponse(tx, dialect, responseRow(changes.responses[0]!));
      else if (changes.responses.length > 0) await tx.insertInto('responses').values(changes.responses.map(responseRow)).execute();
      const counts = exposureCounts(changes);
      if (counts.length === 1) await addExposure(tx, dialect, counts[0]!);
      else if (counts.length > 0) {
        await tx
          .insertInto('item_exposure')
          .values(counts)
          .onConflict((oc) =>
            oc.columns(['bank_id', 'skill', 'item_id']).doUpdateSet((eb) => ({ count: eb('item_exposure.count', '+', eb.ref('excluded.count')) })),
          )
          .execute();
      }
      const jobs = jobRepository(tx, dialect);
      for (const job of changes.jobs) await jobs.enqueue(job, now);
      return true;
    };
    return db.isTransaction ? run(db) : db.transaction().execute(run);
  }

  /**
   * PostgreSQL, no job to queue: one statement, so one round trip and no BEGIN/COMMIT. Every part
   * reads from the sitting's update, so nothing is written when its version was stale.
   */
  async function commitInOneStatement(sitting: Sitting, changes: SittingChanges): Promise<boolean> {
    const parts = [
      sql`updated as (update sittings set step = ${sitting.step}, state = ${toJson(sitting)}, version = ${sitting.version}, updated_at = ${sitting.updatedAt} where id = ${sitting.id} and version = ${sitting.version - 1} returning id)`,
    ];
    if (changes.responses.length > 0) {
      const rows = changes.responses
        .map(responseRow)
        .map(
          (r) =>
            sql`select ${r.sitting_id}, ${r.item_id}, ${r.skill}, ${r.position}::integer, ${r.response}, ${r.points}::integer, ${r.max_points}::integer, ${r.timed_out}::integer, ${r.served_at}, ${r.answered_at} from updated`,
        );
      parts.push(
        sql`answered as (insert into responses (sitting_id, item_id, skill, position, response, points, max_points, timed_out, served_at, answered_at) ${sql.join(rows, sql` union all `)})`,
      );
    }
    const counts = exposureCounts(changes);
    if (counts.length > 0) {
      const rows = counts.map((c) => sql`select ${c.bank_id}, ${c.skill}, ${c.item_id}, ${c.count}::integer from updated`);
      parts.push(
        sql`exposed as (insert into item_exposure (bank_id, skill, item_id, count) ${sql.join(rows, sql` union all `)} on conflict (bank_id, skill, item_id) do update set count = item_exposure.count + excluded.count)`,
      );
    }
    const result = await sql<{ n: number }>`with ${sql.join(parts, sql`, `)} select count(*)::integer as n from updated`.execute(db);
    return result.rows[0]?.n === 1;
  }

  return {
    async get(id) {
      const r = (await sittingState(db, dialect, { id })).rows[0];
      return r && fromJson<Sitting>(r.state);
    },
    async findFor({ activityId, userId }) {
      const r = (await sittingStateFor(db, dialect, { activityId, userId })).rows[0];
      return r && fromJson<Sitting>(r.state);
    },
    async create(sitting) {
      const result = await db
        .insertInto('sittings')
        .values({
          id: sitting.id,
          activity_id: sitting.activityId,
          user_id: sitting.userId,
          bank_id: sitting.bankId,
          created_at: sitting.createdAt,
          ...written(sitting),
        })
        .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async writtenResults(bankId, limit) {
      const rows = await db
        .selectFrom('sittings')
        .select('state')
        .where('bank_id', '=', bankId)
        .where('step', '=', 'written-done')
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => fromJson<Sitting>(r.state).results);
    },
    async commit(sitting, changes, now) {
      const done =
        dialect === 'postgres' && changes.jobs.length === 0 ? await commitInOneStatement(sitting, changes) : await commitInTransaction(sitting, changes, now);
      if (done) for (const e of changes.exposure) exposure.add(e.bankId, e.skill, e.itemId);
      return done;
    },
  };
}

/** The exposure counts to add, one row per (bank, skill, item). */
function exposureCounts(changes: SittingChanges): { bank_id: string; skill: string; item_id: string; count: number }[] {
  const rows = new Map<string, { bank_id: string; skill: string; item_id: string; count: number }>();
  for (const e of changes.exposure) {
    const key = `${e.bankId}\u0000${e.skill}\u0000${e.itemId}`;
    const row = rows.get(key);
    if (row) row.count += 1;
    else rows.set(key, { bank_id: e.bankId, skill: e.skill, item_id: e.itemId, count: 1 });
  }
  return [...rows.values()];
}

export function responseRepository(db: Kysely<Database>): ResponseRepository {
  return {
    async listFor(sittingId) {
      const rows = await db.selectFrom('responses').selectAll().where('sitting_id', '=', sittingId).orderBy('position').execute();
      return rows.map((r) => ({
        sittingId: r.sitting_id,
        itemId: r.item_id,
        skill: r.skill as never,
        position: r.position,
        response: fromJson(r.response),
        points: r.points,
        maxPoints: r.max_points,
        timedOut: r.timed_out === 1,
        servedAt: r.served_at,
        answeredAt: r.answered_at,
      }));
    },
  };
}

/**
 * The exposure counts of each (bank, skill) as last read, kept by the storage and shared by its
 * transactions. Selection needs rates (an item given to at most 20% of candidates), and a
 * snapshot up to `maxAgeMs` old gives them: one query per skill and second instead of one per item
 * served. What this instance records is added to the snapshot at once; what other instances
 * record shows at the next read.
 */
export class ExposureSnapshots {
  private readonly snapshots = new Map<string, { readAt: number; candidates: number; administered: Map<string, number> }>();

  constructor(private readonly maxAgeMs = 1_000) {}

  fresh(bankId: string, skill: string): SkillExposureCounts | undefined {
    const snapshot = this.snapshots.get(`${bankId}\u0000${skill}`);
    return snapshot && performance.now() - snapshot.readAt < this.maxAgeMs ? snapshot : undefined;
  }

  keep(bankId: string, skill: string, candidates: number, administered: Map<string, number>): void {
    this.snapshots.set(`${bankId}\u0000${skill}`, { readAt: performance.now(), candidates, administered });
  }

  /** One more candidate (item '') or administration, recorded by this instance. */
  add(bankId: string, skill: string, itemId: string): void {
    const snapshot = this.snapshots.get(`${bankId}\u0000${skill}`);
    if (!snapshot) return;
    if (itemId === '') snapshot.candidates += 1;
    else snapshot.administered.set(itemId, (snapshot.administered.get(itemId) ?? 0) + 1);
  }
}

/** Exposure counts as one row per (bank, skill, item); the row with item '' counts candidates. Sitting commits add to them. */
export function exposureRepository(db: Kysely<Database>, snapshots: ExposureSnapshots): Pick<ExposureStore, 'loadSkillCounts'> {
  return {
    async loadSkillCounts(bankId, skill) {
      const kept = snapshots.fresh(bankId, skill);
      if (kept) return kept;
      const rows = await db.selectFrom('item_exposure').select(['item_id', 'count']).where('bank_id', '=', bankId).where('skill', '=', skill).execute();
      const administered = new Map<string, number>();
      let candidates = 0;
      for (const r of rows) {
        if (r.item_id === '') candidates = r.count;
        else administered.set(r.item_id, r.count);
      }
      snapshots.keep(bankId, skill, candidates, administered);
      return { candidates, administered };
    },
  };
}
