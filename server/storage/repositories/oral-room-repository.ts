import type { Kysely, Selectable } from 'kysely';
import type { OralRoom, OralRoomRepository, RoomState } from '../../domain/oral/room.js';
import type { Database, OralRoomsTable } from '../schema.js';
import { toDate, toDateOrNull, toText } from '../rows.js';

function toRoom(row: Selectable<OralRoomsTable>): OralRoom {
  return {
    bookingId: row.booking_id,
    state: row.state as RoomState,
    admittedAt: toDateOrNull(row.admitted_at),
    idCheckedBy: row.id_checked_by,
    idCheckedAt: toDateOrNull(row.id_checked_at),
    endedAt: toDateOrNull(row.ended_at),
    updatedAt: toDate(row.updated_at),
  };
}

const orNull = (d: Date | null) => (d ? toText(d) : null);

export function oralRoomRepository(db: Kysely<Database>): OralRoomRepository {
  const get = async (bookingId: string) => {
    const row = await db.selectFrom('oral_rooms').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
    return row && toRoom(row);
  };
  return {
    get,
    async open(bookingId, now) {
      // Both sides may open the room at once: the first insert wins, the other reads it.
      await db
        .insertInto('oral_rooms')
        .values({
          booking_id: bookingId,
          state: 'waiting',
          admitted_at: null,
          id_checked_by: null,
          id_checked_at: null,
          ended_at: null,
          created_at: toText(now),
          updated_at: toText(now),
        })
        .onConflict((oc) => oc.column('booking_id').doNothing())
        .execute();
      return (await get(bookingId))!;
    },
    async update(current, next) {
      const result = await db
        .updateTable('oral_rooms')
        .set({
          state: next.state,
          admitted_at: orNull(next.admittedAt),
          id_checked_by: next.idCheckedBy,
          id_checked_at: orNull(next.idCheckedAt),
          ended_at: orNull(next.endedAt),
          updated_at: toText(next.updatedAt),
        })
        .where('booking_id', '=', current.bookingId)
        .where('state', '=', current.state)
        .where('updated_at', '=', toText(current.updatedAt))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? next : undefined;
    },
  };
}

/** The language of an activity's test (its item bank), for the interview guide's prompts. */
export async function activityLanguage(db: Kysely<Database>, activityId: string): Promise<string | null> {
  const row = await db.selectFrom('activities').select('language').where('id', '=', activityId).executeTakeFirst();
  return row?.language ?? null;
}
