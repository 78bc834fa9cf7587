import type { Kysely, Selectable } from 'kysely';
import type { CertificateRecord, CertificateRepository, ResultRepository } from '../../domain/results/ports.js';
import type { CertificationResult } from '../../domain/results/types.js';
import type { CertificatesTable, Database } from '../schema.js';
import { fromJson, toJson } from '../rows.js';

export function resultRepository(db: Kysely<Database>): ResultRepository {
  const row = (r: CertificationResult) => ({
    id: r.id,
    sitting_id: r.sittingId,
    activity_id: r.activity.activityId,
    user_id: r.userId,
    state: r.state,
    data: toJson(r),
    version: r.version,
    released_at: r.releasedAt,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  });
  return {
    async get(id) {
      const r = await db.selectFrom('results').select('data').where('id', '=', id).executeTakeFirst();
      return r && fromJson<CertificationResult>(r.data);
    },
    async findBySitting(sittingId) {
      const r = await db.selectFrom('results').select('data').where('sitting_id', '=', sittingId).executeTakeFirst();
      return r && fromJson<CertificationResult>(r.data);
    },
    async findFor(activityId, userId) {
      const r = await db
        .selectFrom('results')
        .select('data')
        .where('activity_id', '=', activityId)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return r && fromJson<CertificationResult>(r.data);
    },
    async create(result) {
      const inserted = await db
        .insertInto('results')
        .values(row(result))
        .onConflict((oc) => oc.column('sitting_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async save(result) {
      const { id: _id, created_at: _c, sitting_id: _s, ...changes } = row(result);
      const updated = await db
        .updateTable('results')
        .set(changes)
        .where('id', '=', result.id)
        .where('version', '=', result.version - 1)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
    async listForActivity(activityId) {
      const rows = await db.selectFrom('results').select('data').where('activity_id', '=', activityId).orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => fromJson<CertificationResult>(r.data));
    },
  };
}

const toRecord = (r: Selectable<CertificatesTable>): CertificateRecord => ({
  id: r.id,
  resultId: r.result_id,
  statusList: r.status_list,
  statusIndex: Number(r.status_index),
  jwt: r.jwt,
  issuedAt: r.issued_at,
  revokedAt: r.revoked_at,
  revocationReason: r.revocation_reason,
  revokedBy: r.revoked_by,
});

export function certificateRepository(db: Kysely<Database>): CertificateRepository {
  return {
    async create(c) {
      await db
        .insertInto('certificates')
        .values({
          id: c.id,
          result_id: c.resultId,
          status_list: c.statusList,
          status_index: c.statusIndex,
          jwt: c.jwt,
          issued_at: c.issuedAt,
          revoked_at: c.revokedAt,
          revocation_reason: c.revocationReason,
          revoked_by: c.revokedBy,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRecord(r);
    },
    async findByResult(resultId) {
      const r = await db.selectFrom('certificates').selectAll().where('result_id', '=', resultId).executeTakeFirst();
      return r && toRecord(r);
    },
    async findByStatus(statusList, statusIndex) {
      const r = await db
        .selectFrom('certificates')
        .selectAll()
        .where('status_list', '=', statusList)
        .where('status_index', '=', statusIndex)
        .executeTakeFirst();
      return r && toRecord(r);
    },
    async revoke(id, revocation) {
      const updated = await db
        .updateTable('certificates')
        .set({ revoked_at: revocation.at, revocation_reason: revocation.reason, revoked_by: revocation.by })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
    async statusEntries(statusList) {
      const rows = await db
        .selectFrom('certificates')
        .select(['status_index', 'revoked_at'])
        .where('status_list', '=', statusList)
        .orderBy('status_index')
        .execute();
      return { used: rows.map((r) => Number(r.status_index)), revoked: rows.filter((r) => r.revoked_at !== null).map((r) => Number(r.status_index)) };
    },
  };
}
