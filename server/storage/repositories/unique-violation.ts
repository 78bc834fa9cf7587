/** Whether a driver error is a unique-constraint violation, and of which index when it says so. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * PostgreSQL names the violated index (constraint); SQLite names its columns in the message
 * ("UNIQUE constraint failed: bookings.sitting_id").
 */
export function violatedOn(error: unknown): string {
  const e = error as { constraint?: string; message?: string };
  return `${e.constraint ?? ''} ${e.message ?? ''}`;
}
