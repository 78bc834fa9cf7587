import type { Kysely } from 'kysely';
import type { DowntimeRepository } from '../../domain/delivery/downtime.js';
import type { Database } from '../schema.js';
import { toText } from '../rows.js';

export function downtimeRepository(db: Kysely<Database>): DowntimeRepository {
  return {
    async beat(instanceId, now) {
      await db
        .insertInto('service_heartbeats')
        .values({ instance_id: instanceId, seen_at: toText(now) })
        .onConflict((oc) => oc.column('instance_id').doUpdateSet({ seen_at: toText(now) }))
        .execute();
    },
    async lastBeat(exceptInstanceId) {
      const row = await db
        .selectFrom('service_heartbeats')
        .select((eb) => eb.fn.max('seen_at').as('seen_at'))
        .where('instance_id', '<>', exceptInstanceId)
        .executeTakeFirst();
      return row?.seen_at ? new Date(row.seen_at) : undefined;
    },
    async forgetBefore(before) {
      await db.deleteFrom('service_heartbeats').where('seen_at', '<', toText(before)).execute();
    },
    async record(span) {
      await db
        .insertInto('service_downtime')
        .values({ started_at: toText(span.startedAt), ended_at: toText(span.endedAt) })
        .onConflict((oc) => oc.columns(['started_at', 'ended_at']).doNothing())
        .execute();
    },
    async endedSince(from) {
      const rows = await db.selectFrom('service_downtime').selectAll().where('ended_at', '>=', toText(from)).orderBy('started_at').execute();
      return rows.map((r) => ({ startedAt: new Date(r.started_at), endedAt: new Date(r.ended_at) }));
    },
  };
}
