import type { Kysely } from 'kysely';
import type { OralRoster } from '../../domain/booking/roster.js';
import type { Database } from '../schema.js';

/** The oral booking's view of LMS members (LTI tables) and finished written parts (sittings). */
export function oralRoster(db: Kysely<Database>): OralRoster {
  return {
    async writtenDoneSitting(activityId, userId) {
      const row = await db
        .selectFrom('sittings')
        .select('id')
        .where('activity_id', '=', activityId)
        .where('user_id', '=', userId)
        .where('step', '=', 'written-done')
        .executeTakeFirst();
      return row?.id;
    },
    async candidate(contextId, userId) {
      const row = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.name', 'users.email'])
        .where('memberships.context_id', '=', contextId)
        .where('memberships.user_id', '=', userId)
        .executeTakeFirst();
      return row && { userId: row.id, name: row.name, email: row.email, locale: 'fr' };
    },
  };
}
