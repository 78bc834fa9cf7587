import type { Kysely } from 'kysely';
import type { Database } from '../server/storage/schema.js';
import { settingsFromCustom, type ActivitySettings } from './launch.js';

export interface ActivityRecord {
  id: string;
  contextId: string;
  title: string | null;
  settings: ActivitySettings;
}

/** A certification activity (an LMS resource link) with the settings its deep link carries. */
export async function findActivity(db: Kysely<Database>, activityId: string): Promise<ActivityRecord | undefined> {
  const row = await db.selectFrom('activities').selectAll().where('id', '=', activityId).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    contextId: row.context_id,
    title: row.title,
    settings: settingsFromCustom({
      cadre_language: row.language ?? '',
      cadre_target_level: row.target_level ?? '',
      cadre_oral_required: row.oral_required ? 'true' : 'false',
      cadre_proctoring: row.proctoring ? 'true' : 'false',
      cadre_available_from: row.available_from ?? '',
      cadre_available_until: row.available_until ?? '',
      cadre_accommodations: row.accommodations,
    }),
  };
}
