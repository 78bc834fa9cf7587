import type { Kysely } from 'kysely';
import type { ExposureStore, SkillExposureCounts } from '../../domain/adaptive/exposure.js';
import type { ResponseRepository, SittingRepository } from '../../domain/delivery/ports.js';
import type { Sitting } from '../../domain/delivery/sitting.js';
import type { Database } from '../schema.js';
import { fromJson, toJson } from '../rows.js';

export function sittingRepository(db: Kysely<Database>): SittingRepository {
  const row = (s: Sitting) => ({ id: s.id, activity_id: s.activityId, user_id: s.userId, bank_id: s.bankId, step: s.step, state: toJson(s), version: s.version, created_at: s.createdAt, updated_at: s.updatedAt });
  return {
    async get(id) {
      const r = await db.selectFrom('sittings').select('state').where('id', '=', id).executeTakeFirst();
      return r && fromJson<Sitting>(r.state);
    },
    async findFor(activityId, userId) {
      const r = await db.selectFrom('sittings').select('state').where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();
      return r && fromJson<Sitting>(r.state);
    },
    async idFor(activityId, userId) {
      const r = await db.selectFrom('sittings').select('id').where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();
      return r?.id;
    },
    async create(sitting) {
      const result = await db
        .insertInto('sittings')
        .values(row(sitting))
        .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async save(sitting) {
      const { id: _id, created_at: _c, ...changes } = row(sitting);
      const result = await db.updateTable('sittings').set(changes).where('id', '=', sitting.id).where('version', '=', sitting.version - 1).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export function responseRepository(db: Kysely<Database>): ResponseRepository {
  return {
    async record(r) {
      await db
        .insertInto('responses')
        .values({
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
        })
        .execute();
    },
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

/** Exposure counts as one row per (bank, skill, item); the row with item '' counts candidates. */
export function exposureRepository(db: Kysely<Database>, snapshots: ExposureSnapshots): ExposureStore {
  const increment = async (bankId: string, skill: string, itemId: string) => {
    await db
      .insertInto('item_exposure')
      .values({ bank_id: bankId, skill, item_id: itemId, count: 1 })
      .onConflict((oc) => oc.columns(['bank_id', 'skill', 'item_id']).doUpdateSet((eb) => ({ count: eb('item_exposure.count', '+', 1) })))
      .execute();
    snapshots.add(bankId, skill, itemId);
  };
  return {
    async recordSkillStarted(bankId, skill) {
      await increment(bankId, skill, '');
    },
    async recordAdministered(bankId, skill, itemId) {
      await increment(bankId, skill, itemId);
    },
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
