import type { Config } from '../../server/config.js';
import { hasSchema } from '../../server/storage/database.js';
import { openStorage, type Storage } from '../../server/storage/storage.js';

/** Where a database is, for a message (a PostgreSQL URL without its password). */
export function describeDatabase(database: Config['database']): string {
  if (database.kind === 'sqlite') return database.file;
  const url = new URL(database.url);
  url.password = '';
  return url.toString();
}

/**
 * Opens the server's database for an administration command. A database without Cadre's schema
 * stops the command (exit 1, nothing created) unless `create` (--create-database): run without the
 * server's DATA_DIR/DATABASE_URL, the command would otherwise write to a new empty database the
 * server never reads.
 */
export async function openServerDatabase(database: Config['database'], create: boolean): Promise<Storage> {
  if (!create && !(await hasSchema(database))) {
    console.error(
      `No Cadre database at ${describeDatabase(database)} (nothing was created there).\n` +
        "Run this command with the server's DATA_DIR and DATABASE_URL (the same environment as `npm start`),\n" +
        'or add --create-database to create an empty Cadre database there.',
    );
    process.exit(1);
  }
  return openStorage(database);
}
