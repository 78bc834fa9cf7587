import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { normaliseEmail, StaffEmailTaken, type StaffMember, type StaffRepository, type StaffRole } from '../../domain/staff/staff.js';
import type { Database, StaffTable } from '../schema.js';
import { toDate, toText } from '../rows.js';
import { isUniqueViolation } from './unique-violation.js';

function toMember(row: Selectable<StaffTable>): StaffMember {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as StaffRole,
    centreId: row.centre_id,
    locale: row.locale === 'en' ? 'en' : 'fr',
    timeZone: row.time_zone,
    videoUrl: row.video_url,
    hasPassword: row.password_hash !== null,
    active: row.active === 1,
    createdAt: toDate(row.created_at),
  };
}

export function staffRepository(db: Kysely<Database>): StaffRepository {
  const get = async (id: string) => {
    const row = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMember(row);
  };
  return {
    get,
    async create(member, now) {
      const row: Selectable<StaffTable> = {
        id: randomUUID(),
        email: normaliseEmail(member.email),
        name: member.name.trim(),
        role: member.role,
        centre_id: member.centreId ?? 'default',
        locale: member.locale ?? 'fr',
        time_zone: member.timeZone ?? 'Europe/Paris',
        video_url: member.videoUrl ?? null,
        password_hash: null,
        active: 1,
        created_at: toText(now),
        updated_at: toText(now),
      };
      try {
        await db.insertInto('staff').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new StaffEmailTaken(row.email);
        throw error;
      }
      return toMember(row);
    },
    async findByEmail(email) {
      const row = await db.selectFrom('staff').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
      return row && toMember(row);
    },
    async passwordHash(id) {
      const row = await db.selectFrom('staff').select('password_hash').where('id', '=', id).executeTakeFirst();
      return row?.password_hash ?? null;
    },
    async setPasswordHash(id, hash, now) {
      await db
        .updateTable('staff')
        .set({ password_hash: hash, updated_at: toText(now) })
        .where('id', '=', id)
        .execute();
    },
    async update(id, changes, now) {
      const set: Partial<Selectable<StaffTable>> = { updated_at: toText(now) };
      if (changes.name !== undefined) set.name = changes.name.trim();
      if (changes.locale !== undefined) set.locale = changes.locale;
      if (changes.timeZone !== undefined) set.time_zone = changes.timeZone;
      if (changes.videoUrl !== undefined) set.video_url = changes.videoUrl;
      if (changes.active !== undefined) set.active = changes.active ? 1 : 0;
      if (changes.role !== undefined) set.role = changes.role;
      await db.updateTable('staff').set(set).where('id', '=', id).execute();
      return get(id);
    },
    async list(filter = {}) {
      let q = db.selectFrom('staff').selectAll();
      if (filter.centreId) q = q.where('centre_id', '=', filter.centreId);
      if (filter.role) q = q.where('role', '=', filter.role);
      if (filter.activeOnly) q = q.where('active', '=', 1);
      return (await q.orderBy('name').orderBy('id').execute()).map(toMember);
    },

    async createSession(tokenHash, staffId, now, expiresAt) {
      await db
        .insertInto('staff_sessions')
        .values({ token_hash: tokenHash, staff_id: staffId, created_at: toText(now), expires_at: toText(expiresAt) })
        .execute();
    },
    async sessionMember(tokenHash, now) {
      const row = await db
        .selectFrom('staff_sessions')
        .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
        .selectAll('staff')
        .where('staff_sessions.token_hash', '=', tokenHash)
        .where('staff_sessions.expires_at', '>', toText(now))
        .where('staff.active', '=', 1)
        .executeTakeFirst();
      return row && toMember(row);
    },
    async deleteSession(tokenHash) {
      await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteSessionsOf(staffId) {
      await db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
    },

    async createToken(tokenHash, staffId, purpose, now, expiresAt) {
      await db
        .insertInto('staff_tokens')
        .values({ token_hash: tokenHash, staff_id: staffId, purpose, created_at: toText(now), expires_at: toText(expiresAt), used_at: null })
        .execute();
    },
    async consumeToken(tokenHash, purpose, now) {
      // One UPDATE with the conditions: two uses of the same link at once cannot both succeed.
      const row = await db
        .updateTable('staff_tokens')
        .set({ used_at: toText(now) })
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', toText(now))
        .returning('staff_id')
        .executeTakeFirst();
      return row?.staff_id;
    },
    async tokenIsLive(tokenHash, purpose, now) {
      const row = await db
        .selectFrom('staff_tokens')
        .select('token_hash')
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', toText(now))
        .executeTakeFirst();
      return row !== undefined;
    },

    async recordLoginFailure(key, now) {
      // Failures older than a day count for nothing: drop them as new ones come.
      await db
        .deleteFrom('staff_login_failures')
        .where('key', '=', key)
        .where('at', '<', toText(new Date(now.getTime() - 86_400_000)))
        .execute();
      await db
        .insertInto('staff_login_failures')
        .values({ id: randomUUID(), key, at: toText(now) })
        .execute();
    },
    async countLoginFailures(key, since) {
      const row = await db
        .selectFrom('staff_login_failures')
        .select(db.fn.countAll<number>().as('n'))
        .where('key', '=', key)
        .where('at', '>=', toText(since))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async clearLoginFailures(key) {
      await db.deleteFrom('staff_login_failures').where('key', '=', key).execute();
    },
  };
}
