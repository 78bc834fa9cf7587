import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import {
  SEVERITIES,
  severityRank,
  type IdentityPhoto,
  type ProctoredSitting,
  type ProctoringEvent,
  type ProctoringRepository,
  type Snapshot,
} from '../../domain/proctoring/proctoring.js';
import type { Database, IdentityPhotosTable, ProctoringSittingsTable, ProctoringSnapshotsTable } from '../schema.js';
import { fromJson, toDate, toDateOrNull, toJson, toText } from '../rows.js';

function toSitting(r: Selectable<ProctoringSittingsTable>): ProctoredSitting {
  return {
    sittingId: r.sitting_id,
    userId: r.user_id,
    activityId: r.activity_id,
    cameraExempt: r.camera_exempt === 1,
    consentedAt: toDateOrNull(r.consented_at),
    finishedAt: toDateOrNull(r.finished_at),
    resultsAt: toDateOrNull(r.results_at),
    purgeAfter: toDateOrNull(r.purge_after),
    purgedAt: toDateOrNull(r.purged_at),
    createdAt: toDate(r.created_at),
  };
}

type EventRow = Selectable<Database['proctoring_events']> & { snapshot_id: string | null };
function toEvent(r: EventRow): ProctoringEvent {
  return {
    id: r.id,
    sittingId: r.sitting_id,
    clientId: r.client_id,
    type: r.type,
    severity: SEVERITIES[r.severity - 1] ?? 'high',
    startedAt: toDate(r.started_at),
    endedAt: toDateOrNull(r.ended_at),
    details: fromJson(r.details),
    snapshotId: r.snapshot_id,
  };
}

const toSnapshot = (r: Selectable<ProctoringSnapshotsTable>): Snapshot => ({
  id: r.id,
  sittingId: r.sitting_id,
  eventId: r.event_id,
  blobKey: r.blob_key,
  contentType: r.content_type,
  bytes: Number(r.bytes),
  createdAt: toDate(r.created_at),
});

const toPhoto = (r: Selectable<IdentityPhotosTable>): IdentityPhoto => ({
  id: r.id,
  sittingId: r.sitting_id,
  kind: r.kind as IdentityPhoto['kind'],
  blobKey: r.blob_key,
  contentType: r.content_type,
  bytes: Number(r.bytes),
  details: fromJson(r.details),
  createdAt: toDate(r.created_at),
});

export function proctoringRepository(db: Kysely<Database>): ProctoringRepository {
  const events = (sittingId: string) =>
    db
      .selectFrom('proctoring_events as e')
      .leftJoin('proctoring_snapshots as s', 's.event_id', 'e.id')
      .selectAll('e')
      .select('s.id as snapshot_id')
      .where('e.sitting_id', '=', sittingId)
      .orderBy('e.started_at')
      .orderBy('e.id');

  const getSitting = async (sittingId: string) => {
    const row = await db.selectFrom('proctoring_sittings').selectAll().where('sitting_id', '=', sittingId).executeTakeFirst();
    return row && toSitting(row);
  };

  return {
    getSitting,

    async registerSitting(s, now) {
      await db
        .insertInto('proctoring_sittings')
        .values({ sitting_id: s.sittingId, user_id: s.userId, activity_id: s.activityId ?? null, camera_exempt: 0, created_at: toText(now) })
        .onConflict((oc) => oc.column('sitting_id').doNothing())
        .execute();
      return (await getSitting(s.sittingId))!;
    },

    async setCameraExempt(sittingId, exempt) {
      await db
        .updateTable('proctoring_sittings')
        .set({ camera_exempt: exempt ? 1 : 0 })
        .where('sitting_id', '=', sittingId)
        .execute();
    },

    async recordConsent(sittingId, locale, now) {
      await db
        .updateTable('proctoring_sittings')
        .set({ consented_at: toText(now), consent_locale: locale })
        .where('sitting_id', '=', sittingId)
        .execute();
    },

    async markFinished(sittingId, now) {
      await db
        .updateTable('proctoring_sittings')
        .set({ finished_at: toText(now) })
        .where('sitting_id', '=', sittingId)
        .where('finished_at', 'is', null)
        .execute();
    },

    async markResults(sittingId, resultsAt, purgeAfter) {
      await db
        .updateTable('proctoring_sittings')
        .set({ results_at: toText(resultsAt), purge_after: toText(purgeAfter) })
        .where('sitting_id', '=', sittingId)
        .execute();
    },

    async upsertEvents(sittingId, reports, now) {
      for (const e of reports) {
        await db
          .insertInto('proctoring_events')
          .values({
            id: randomUUID(),
            sitting_id: sittingId,
            client_id: e.clientId,
            type: e.type,
            severity: severityRank(e.severity),
            started_at: toText(e.startedAt),
            ended_at: e.endedAt ? toText(e.endedAt) : null,
            details: toJson(e.details),
            received_at: toText(now),
          })
          .onConflict((oc) => oc.columns(['sitting_id', 'client_id']).doNothing())
          .execute();
        if (e.endedAt) {
          await db
            .updateTable('proctoring_events')
            .set({ ended_at: toText(e.endedAt) })
            .where('sitting_id', '=', sittingId)
            .where('client_id', '=', e.clientId)
            .where('ended_at', 'is', null)
            .execute();
        }
      }
      const ids = reports.map((r) => r.clientId);
      if (ids.length === 0) return [];
      return (await events(sittingId).where('e.client_id', 'in', ids).execute()).map(toEvent);
    },

    async listEvents(sittingId) {
      return (await events(sittingId).execute()).map(toEvent);
    },

    async findEvent(sittingId, clientId) {
      const row = await events(sittingId).where('e.client_id', '=', clientId).executeTakeFirst();
      return row && toEvent(row);
    },

    async addSnapshot(s, now) {
      const row = {
        id: randomUUID(),
        sitting_id: s.sittingId,
        event_id: s.eventId,
        blob_key: s.blobKey,
        content_type: s.contentType,
        bytes: s.bytes,
        created_at: toText(now),
      };
      const inserted = await db
        .insertInto('proctoring_snapshots')
        .values(row)
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      return inserted && toSnapshot(inserted);
    },

    async getSnapshot(id) {
      const row = await db.selectFrom('proctoring_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSnapshot(row);
    },

    async putIdentityPhoto(p, now) {
      const previous = await db.selectFrom('identity_photos').selectAll().where('sitting_id', '=', p.sittingId).where('kind', '=', p.kind).executeTakeFirst();
      if (previous) await db.deleteFrom('identity_photos').where('id', '=', previous.id).execute();
      const row = {
        id: randomUUID(),
        sitting_id: p.sittingId,
        kind: p.kind,
        blob_key: p.blobKey,
        content_type: p.contentType,
        bytes: p.bytes,
        details: toJson(p.details),
        created_at: toText(now),
      };
      await db.insertInto('identity_photos').values(row).execute();
      return { photo: toPhoto(row), replacedBlobKey: previous?.blob_key };
    },

    async listIdentityPhotos(sittingId) {
      return (await db.selectFrom('identity_photos').selectAll().where('sitting_id', '=', sittingId).orderBy('kind', 'desc').execute()).map(toPhoto);
    },

    async getIdentityPhoto(id) {
      const row = await db.selectFrom('identity_photos').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPhoto(row);
    },

    async addEquipmentResult(sittingId, r) {
      await db
        .insertInto('equipment_checks')
        .values({ id: randomUUID(), sitting_id: sittingId, passed: r.passed ? 1 : 0, result: toJson(r.result), checked_at: toText(r.checkedAt) })
        .execute();
    },

    async latestEquipmentResult(sittingId) {
      const row = await db
        .selectFrom('equipment_checks')
        .selectAll()
        .where('sitting_id', '=', sittingId)
        .orderBy('checked_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && { passed: row.passed === 1, result: fromJson(row.result), checkedAt: toDate(row.checked_at) };
    },

    async decide(d) {
      const inserted = await db
        .insertInto('review_decisions')
        .values({
          sitting_id: d.sittingId,
          decision: d.decision,
          reason: d.reason,
          automatic: d.automatic ? 1 : 0,
          decided_by: d.decidedBy,
          decided_at: toText(d.decidedAt),
        })
        .onConflict((oc) => oc.column('sitting_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async withdrawAutomaticDecision(sittingId) {
      const result = await db.deleteFrom('review_decisions').where('sitting_id', '=', sittingId).where('automatic', '=', 1).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async getDecision(sittingId) {
      const r = await db.selectFrom('review_decisions').selectAll().where('sitting_id', '=', sittingId).executeTakeFirst();
      return (
        r && {
          sittingId: r.sitting_id,
          decision: r.decision as 'validated' | 'invalidated',
          reason: r.reason,
          automatic: r.automatic === 1,
          decidedBy: r.decided_by,
          decidedAt: toDate(r.decided_at),
        }
      );
    },

    async listUndecided() {
      const sittings = await db
        .selectFrom('proctoring_sittings as s')
        .leftJoin('review_decisions as d', 'd.sitting_id', 's.sitting_id')
        .selectAll('s')
        .where('d.sitting_id', 'is', null)
        .where('s.finished_at', 'is not', null)
        .orderBy('s.finished_at')
        .execute();
      return Promise.all(sittings.map(async (row) => ({ sitting: toSitting(row), events: (await events(row.sitting_id).execute()).map(toEvent) })));
    },

    async addHeartbeat(h) {
      await db
        .insertInto('proctoring_heartbeats')
        .values({
          id: randomUUID(),
          sitting_id: h.sittingId,
          received_at: toText(h.receivedAt),
          width: h.width,
          height: h.height,
          faces: h.faces,
          bytes: h.bytes,
        })
        .execute();
    },

    async listHeartbeats(sittingId) {
      const rows = await db.selectFrom('proctoring_heartbeats').selectAll().where('sitting_id', '=', sittingId).orderBy('received_at').execute();
      return rows.map((r) => ({
        sittingId: r.sitting_id,
        receivedAt: toDate(r.received_at),
        width: Number(r.width),
        height: Number(r.height),
        faces: r.faces === null ? null : Number(r.faces),
        bytes: Number(r.bytes),
      }));
    },

    async evidenceTotals(sittingId) {
      const [events, snapshots, heartbeat] = await Promise.all([
        db
          .selectFrom('proctoring_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('sitting_id', '=', sittingId)
          .executeTakeFirst(),
        db
          .selectFrom('proctoring_snapshots')
          .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number | string | null>('bytes').as('bytes')])
          .where('sitting_id', '=', sittingId)
          .executeTakeFirst(),
        db
          .selectFrom('proctoring_heartbeats')
          .select((eb) => eb.fn.max('received_at').as('last'))
          .where('sitting_id', '=', sittingId)
          .executeTakeFirst(),
      ]);
      return {
        events: Number(events?.n ?? 0),
        snapshots: Number(snapshots?.n ?? 0),
        snapshotBytes: Number(snapshots?.bytes ?? 0),
        lastHeartbeatAt: heartbeat?.last ? toDate(heartbeat.last) : null,
      };
    },

    async listDueForPurge(now, limit) {
      const rows = await db
        .selectFrom('proctoring_sittings')
        .selectAll()
        .where('purged_at', 'is', null)
        .where('purge_after', 'is not', null)
        .where('purge_after', '<=', toText(now))
        .orderBy('purge_after')
        .limit(limit)
        .execute();
      return rows.map(toSitting);
    },

    async purgeEvidence(sittingId, now) {
      const snapshots = await db.selectFrom('proctoring_snapshots').select('blob_key').where('sitting_id', '=', sittingId).execute();
      const photos = await db.selectFrom('identity_photos').select('blob_key').where('sitting_id', '=', sittingId).execute();
      await db.deleteFrom('proctoring_snapshots').where('sitting_id', '=', sittingId).execute();
      await db.deleteFrom('identity_photos').where('sitting_id', '=', sittingId).execute();
      await db.deleteFrom('proctoring_events').where('sitting_id', '=', sittingId).execute();
      await db.deleteFrom('equipment_checks').where('sitting_id', '=', sittingId).execute();
      await db.deleteFrom('proctoring_heartbeats').where('sitting_id', '=', sittingId).execute();
      await db
        .updateTable('proctoring_sittings')
        .set({ purged_at: toText(now) })
        .where('sitting_id', '=', sittingId)
        .execute();
      return [...snapshots, ...photos].map((r) => r.blob_key);
    },
  };
}
