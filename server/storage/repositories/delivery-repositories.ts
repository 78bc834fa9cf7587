import { sql, type Kysely } from 'kysely';
import type { ExposureStore, SkillExposureCounts } from '../../domain/adaptive/exposure.js';
import type { ResponseRecord, ResponseRepository, SittingChanges, SittingOwner, SittingRepository } from '../../domain/delivery/ports.js';
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

/** What the sitting repositories of one storage share, over its connection and its transactions. */
export interface SittingsShared {
  exposure: ExposureSnapshots;
  known: KnownSittings;
  /** Concurrent commits gathered into one statement (PostgreSQL) or transaction (SQLite). */
  batches: CommitBatches;
}

export function sittingRepository(db: Kysely<Database>, dialect: Dialect, { exposure, known, batches }: SittingsShared): SittingRepository {
  const written = (s: Sitting) => ({ step: s.step, state: toJson(s), version: s.version, updated_at: s.updatedAt });
  // What a transaction read or wrote may still be rolled back: only what is committed is kept.
  const keep = (owner: SittingOwner, state: string) => (db.isTransaction ? known.forget(owner) : known.keep(owner, state));

  return {
    async get(id) {
      const r = (await sittingState(db, dialect, { id })).rows[0];
      return r && fromJson<Sitting>(r.state);
    },
    async findFor(owner) {
      const r = (await sittingStateFor(db, dialect, owner)).rows[0];
      if (!r) return undefined;
      keep(owner, r.state);
      return fromJson<Sitting>(r.state);
    },
    known: (owner) => known.get(owner),
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
      const state = toJson(sitting);
      const entry = { sitting, state, changes, now };
      const done =
        !db.isTransaction && (dialect === 'sqlite' || changes.jobs.length === 0)
          ? await batches.commit(entry)
          : (await commitInTransaction(db, dialect, [entry])).has(sitting.id);
      if (done) {
        // A finished written test takes no more actions: its state (up to ~5 KB) need not be kept.
        if (sitting.step === 'written-done') known.forget(sitting);
        else keep(sitting, state);
        for (const e of changes.exposure) exposure.add(e.bankId, e.skill, e.itemId);
      } else known.forget(sitting);
      return done;
    },
  };
}

function responseRow(r: ResponseRecord) {
  return {
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
  };
}

/**
 * The state of each sitting as this instance last committed or read it, by owner: an action
 * starts from it instead of reading the sitting again (SittingService.mutate). It may be stale
 * (another instance wrote since): the commit over its version then writes nothing and the action
 * starts again from the database. Bounded: the least recently kept go first.
 */
export class KnownSittings {
  private readonly states = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  get(owner: SittingOwner): Sitting | undefined {
    const state = this.states.get(ownerKey(owner));
    return state === undefined ? undefined : fromJson<Sitting>(state);
  }

  keep(owner: SittingOwner, state: string): void {
    const key = ownerKey(owner);
    this.states.delete(key);
    this.states.set(key, state);
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value!);
  }

  forget(owner: SittingOwner): void {
    this.states.delete(ownerKey(owner));
  }
}

const ownerKey = ({ activityId, userId }: SittingOwner) => `${activityId}\u0000${userId}`;

/** A sitting to write over its previous version, with what the action produced. */
export interface SittingCommit {
  sitting: Sitting;
  /** The sitting as stored (its JSON). */
  state: string;
  changes: SittingChanges;
  now: Date;
}

/** Commits in one transaction, each all or nothing: the ids of the sittings written. */
export function commitInTransaction(db: Kysely<Database>, dialect: Dialect, commits: SittingCommit[]): Promise<Set<string>> {
  const run = async (tx: Kysely<Database>) => {
    const written = new Set<string>();
    for (const commit of commits) if (await writeCommit(tx, dialect, commit)) written.add(commit.sitting.id);
    return written;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** In a transaction: the sitting first (a stale version stops it), then the rest. */
async function writeCommit(tx: Kysely<Database>, dialect: Dialect, { sitting, state, changes, now }: SittingCommit): Promise<boolean> {
  const updated = await updateSitting(tx, dialect, {
    step: sitting.step,
    state,
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
}

/**
 * The commits of concurrent actions gathered, so that the database writes many answers at once.
 * At most `inFlight` writes run at once; what arrives meanwhile waits and goes in the next one, up
 * to `maxBatch` sittings. PostgreSQL (no job to queue): one statement for the batch
 * (`commitInOneStatement`), two in flight; at low load a commit goes at once, alone, and under
 * load the database runs one statement, one plan and one round trip for many answers. SQLite: one
 * transaction for the batch, one at a time; as SQLite runs in this thread, a write never waits
 * behind another, so the commits made in one turn of the event loop (a burst's requests, read
 * together) are `gather`ed until its end. When a batch fails (a deadlock, a bad row), each of its
 * commits is written again on its own, so one cannot fail the others.
 */
export class CommitBatches {
  private queue: (SittingCommit & { resolve: (done: boolean) => void; reject: (error: unknown) => void })[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly options: {
      /** Writes a batch; the ids of the sittings written (a stale one is left out). */
      write: (commits: SittingCommit[]) => Promise<Set<string>>;
      inFlight: number;
      maxBatch?: number;
      /** Wait for the end of the event loop's turn before writing (SQLite). */
      gather?: boolean;
    },
  ) {}

  commit(entry: SittingCommit): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...entry, resolve, reject });
      if (!this.options.gather) this.pump();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    const { inFlight, maxBatch = 64 } = this.options;
    while (this.running < inFlight && this.queue.length > 0) {
      // One commit per sitting in a statement (a second tab's waits for the next).
      const ids = new Set<string>();
      const batch: typeof this.queue = [];
      const rest: typeof this.queue = [];
      for (const entry of this.queue) {
        if (batch.length < maxBatch && !ids.has(entry.sitting.id)) {
          ids.add(entry.sitting.id);
          batch.push(entry);
        } else rest.push(entry);
      }
      this.queue = rest;
      this.running += 1;
      void this.run(batch).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: typeof this.queue): Promise<void> {
    try {
      const committed = await this.options.write(batch);
      for (const entry of batch) entry.resolve(committed.has(entry.sitting.id));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(
        batch.map((entry) =>
          this.options.write([entry]).then(
            (committed) => entry.resolve(committed.has(entry.sitting.id)),
            (e: unknown) => entry.reject(e),
          ),
        ),
      );
    }
  }
}

/**
 * PostgreSQL, one statement: every sitting written over the version before it, and the responses and exposure
 * counts of those that were (each part reads the sittings' update, so a stale sitting writes
 * nothing). The ids of the sittings written.
 */
export async function commitInOneStatement(db: Kysely<Database>, commits: SittingCommit[]): Promise<Set<string>> {
  const sittings = [...commits].sort((a, b) => (a.sitting.id < b.sitting.id ? -1 : 1));
  const responses = commits.flatMap((c) => c.changes.responses.map(responseRow));
  const exposure = commits.flatMap((c) => exposureCounts(c.changes).map((e) => ({ ...e, sitting_id: c.sitting.id })));
  const column = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);
  const result = await sql<{ id: string }>`with updated as (
      update sittings set step = i.step, state = i.state, version = i.version, updated_at = i.updated_at
      from unnest(${sittings.map((c) => c.sitting.id)}::text[], ${sittings.map((c) => c.sitting.step)}::text[], ${sittings.map((c) => c.state)}::text[],
        ${sittings.map((c) => c.sitting.version)}::integer[], ${sittings.map((c) => c.sitting.updatedAt)}::text[]) as i (id, step, state, version, updated_at)
      where sittings.id = i.id and sittings.version = i.version - 1 returning sittings.id
    ), answered as (
      insert into responses (sitting_id, item_id, skill, position, response, points, max_points, timed_out, served_at, answered_at)
      select r.sitting_id, r.item_id, r.skill, r.position, r.response, r.points, r.max_points, r.timed_out, r.served_at, r.answered_at
      from unnest(${column(responses, 'sitting_id')}::text[], ${column(responses, 'item_id')}::text[], ${column(responses, 'skill')}::text[],
        ${column(responses, 'position')}::integer[], ${column(responses, 'response')}::text[], ${column(responses, 'points')}::integer[],
        ${column(responses, 'max_points')}::integer[], ${column(responses, 'timed_out')}::integer[], ${column(responses, 'served_at')}::text[],
        ${column(responses, 'answered_at')}::text[]) as r (sitting_id, item_id, skill, position, response, points, max_points, timed_out, served_at, answered_at)
      where r.sitting_id in (select id from updated)
    ), exposed as (
      insert into item_exposure (bank_id, skill, item_id, count)
      select e.bank_id, e.skill, e.item_id, sum(e.count)::integer
      from unnest(${column(exposure, 'sitting_id')}::text[], ${column(exposure, 'bank_id')}::text[], ${column(exposure, 'skill')}::text[],
        ${column(exposure, 'item_id')}::text[], ${column(exposure, 'count')}::integer[]) as e (sitting_id, bank_id, skill, item_id, count)
      where e.sitting_id in (select id from updated)
      group by e.bank_id, e.skill, e.item_id order by e.bank_id, e.skill, e.item_id
      on conflict (bank_id, skill, item_id) do update set count = item_exposure.count + excluded.count
    )
    select id from updated`.execute(db);
  return new Set(result.rows.map((r) => r.id));
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
