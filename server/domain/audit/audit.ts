/**
 * Who did what to whom, kept for the centre and its auditors: decisions on sittings,
 * accommodations, resets, revocations, registrations. Append-only.
 */
export interface AuditActor {
  kind: 'system' | 'staff' | 'lti-user' | 'cli';
  id?: string;
}

export interface AuditEntryInput {
  actor: AuditActor;
  action: string;
  subject: { kind: string; id: string };
  details?: Record<string, unknown>;
  requestId?: string;
}

export interface AuditEntry extends AuditEntryInput {
  id: string;
  at: Date;
}

export interface AuditLog {
  record(entry: AuditEntryInput, now: Date): Promise<AuditEntry>;
  listForSubject(kind: string, id: string, limit?: number): Promise<AuditEntry[]>;
  get(id: string): Promise<AuditEntry | undefined>;
}
