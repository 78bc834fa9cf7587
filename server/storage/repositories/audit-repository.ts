import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditEntryInput, AuditLog } from '../../domain/audit/audit.js';
import type { AuditLogTable, Database } from '../schema.js';
import { fromJson, toDate, toJson, toText } from '../rows.js';

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: toDate(row.at),
    actor:
      row.actor_id === null
        ? { kind: row.actor_kind as AuditEntry['actor']['kind'] }
        : { kind: row.actor_kind as AuditEntry['actor']['kind'], id: row.actor_id },
    action: row.action,
    subject: { kind: row.subject_kind, id: row.subject_id },
    details: fromJson<Record<string, unknown>>(row.details),
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
  };
}

export function auditRepository(db: Kysely<Database>): AuditLog {
  return {
    async record(entry: AuditEntryInput, now: Date) {
      const row = {
        id: randomUUID(),
        at: toText(now),
        actor_kind: entry.actor.kind,
        actor_id: entry.actor.id ?? null,
        action: entry.action,
        subject_kind: entry.subject.kind,
        subject_id: entry.subject.id,
        details: toJson(entry.details ?? {}),
        request_id: entry.requestId ?? null,
      };
      await db.insertInto('audit_log').values(row).execute();
      return toEntry(row);
    },
    async listForSubject(kind, id, limit = 100) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('subject_kind', '=', kind)
        .where('subject_id', '=', id)
        .orderBy('at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },
    async get(id) {
      const row = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toEntry(row);
    },
  };
}
