import type { Kysely, Selectable } from 'kysely';
import type { Locale } from '../../i18n.js';
import type { ScormPackage, ScormPackageRepository } from '../../../scorm/ports.js';
import type { ScoreScale, ScormVersion } from '../../../scorm/scoring.js';
import { fromJson, toDate, toDateOrNull, toJson, toText } from '../rows.js';
import type { Database, ScormPackagesTable } from '../schema.js';

function toPackage(row: Selectable<ScormPackagesTable>): ScormPackage {
  return {
    id: row.id,
    activityId: row.activity_id,
    version: row.version as ScormVersion,
    label: row.label,
    lmsOrigin: row.lms_origin,
    hashLearnerIds: row.hash_learner_ids === 1,
    scoreScale: row.score_scale as ScoreScale,
    createdAt: toDate(row.created_at),
    createdBy: fromJson(row.created_by),
    revokedAt: toDateOrNull(row.revoked_at),
    revokedBy: row.revoked_by === null ? null : fromJson(row.revoked_by),
    lastLaunchAt: toDateOrNull(row.last_launch_at),
    launchCount: Number(row.launch_count),
  };
}

/** SCORM packages and start tickets over Kysely (SQLite and PostgreSQL alike). */
export function scormPackageRepository(db: Kysely<Database>): ScormPackageRepository {
  return {
    async insert(pkg, keyHash) {
      await db
        .insertInto('scorm_packages')
        .values({
          id: pkg.id,
          activity_id: pkg.activityId,
          version: pkg.version,
          label: pkg.label,
          lms_origin: pkg.lmsOrigin,
          hash_learner_ids: pkg.hashLearnerIds ? 1 : 0,
          score_scale: pkg.scoreScale,
          key_hash: keyHash,
          created_at: toText(pkg.createdAt),
          created_by: toJson(pkg.createdBy),
          revoked_at: null,
          revoked_by: null,
          last_launch_at: null,
          launch_count: 0,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('scorm_packages').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { pkg: toPackage(row), keyHash: row.key_hash };
    },
    async listForActivity(activityId) {
      const rows = await db
        .selectFrom('scorm_packages')
        .selectAll()
        .where('activity_id', '=', activityId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toPackage);
    },
    async listAll() {
      const rows = await db.selectFrom('scorm_packages').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toPackage);
    },
    async revoke(id, by, now) {
      const result = await db
        .updateTable('scorm_packages')
        .set({ revoked_at: toText(now), revoked_by: toJson(by) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async recordLaunch(id, now) {
      await db
        .updateTable('scorm_packages')
        .set((eb) => ({ last_launch_at: toText(now), launch_count: eb('launch_count', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
    async addTicket(ticketHash, ticket, now) {
      await db.deleteFrom('scorm_tickets').where('expires_at', '<', toText(now)).execute();
      await db
        .insertInto('scorm_tickets')
        .values({
          ticket_hash: ticketHash,
          package_id: ticket.packageId,
          user_id: ticket.userId,
          activity_id: ticket.activityId,
          context_id: ticket.contextId,
          name: ticket.name,
          locale: ticket.locale,
          expires_at: toText(ticket.expiresAt),
          used_at: null,
        })
        .execute();
    },
    async redeemTicket(ticketHash, now) {
      const result = await db
        .updateTable('scorm_tickets')
        .set({ used_at: toText(now) })
        .where('ticket_hash', '=', ticketHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', toText(now))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      const row = await db.selectFrom('scorm_tickets').selectAll().where('ticket_hash', '=', ticketHash).executeTakeFirstOrThrow();
      return {
        packageId: row.package_id,
        userId: row.user_id,
        activityId: row.activity_id,
        contextId: row.context_id,
        name: row.name,
        locale: row.locale as Locale,
        expiresAt: toDate(row.expires_at),
      };
    },
  };
}
