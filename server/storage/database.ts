import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationResultSet } from 'kysely';
import type pg from 'pg';
import type { Config } from '../config.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * SQLite by default (one file, WAL, foreign keys on; a write is on disk once its transaction
 * commits, so a killed process loses nothing it acknowledged), PostgreSQL when configured.
 */
export function openDatabase(database: Config['database']): OpenDatabase {
  if (database.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(database.file), { recursive: true });
    const sqlite = new SQLite(database.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  // The pg driver is loaded only when PostgreSQL is configured (a SQLite start does not pay for it).
  const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
  const pool = new Pool({ connectionString: database.url, max: database.poolSize });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, and preparing is a
 * good part of a small query's cost. Kysely runs one query at a time on its single SQLite
 * connection, so a statement is never in use twice at once. Bounded, least recently used first out.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string) {
      let statement = cache.get(source);
      if (statement) {
        cache.delete(source);
      } else {
        statement = sqlite.prepare(source);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(source, statement);
      return statement;
    },
  };
}

/**
 * Kysely sends every query as an unnamed statement, which PostgreSQL parses and plans each time;
 * for the statements Cadre runs over and over, planning is most of their cost (a sitting's commit:
 * 0.27 ms of server CPU unnamed, 0.10 ms prepared). Naming each statement after its text makes pg
 * prepare it once per connection and reuse it. Kysely builds the same text for the same query
 * shape, so the set of names stays small. Only DML is named (PostgreSQL prepares nothing else),
 * and not a `select *` or `returning *`: a prepared statement whose columns change under it (a
 * migration run by another instance adding one) fails instead of re-planning.
 */
function withPreparedStatements(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `cadre_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  const prepared = new WeakSet<pg.PoolClient>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  return Object.assign(pool, {
    async connect() {
      const client = await connect();
      if (!prepared.has(client)) {
        prepared.add(client);
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
        Object.assign(client, {
          query: (text: unknown, values?: unknown[]) =>
            typeof text === 'string' && DML.test(text) && !ALL_COLUMNS.test(text)
              ? query({ name: nameOf(text), text, values: values ?? [] })
              : query(text, values),
        });
      }
      return client;
    },
  });
}
const DML = /^\s*(select|insert|update|delete|with)\b/i;
const ALL_COLUMNS = /(select|returning|,)\s+("\w+"\.)?\*/i;

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet['results']> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results;
}

/**
 * Whether the configured database holds Cadre's schema (a migration applied), without creating
 * anything: a SQLite file that does not exist is not created, a PostgreSQL database is only read.
 * For commands that must work on the server's database, not on a new empty one.
 */
export async function hasSchema(database: Config['database']): Promise<boolean> {
  if (database.kind === 'sqlite' && !fs.existsSync(database.file)) return false;
  const { db, close } =
    database.kind === 'sqlite'
      ? (() => {
          const sqliteDb = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(database.file, { fileMustExist: true }) }) });
          return { db: sqliteDb, close: () => sqliteDb.destroy() };
        })()
      : openDatabase(database);
  try {
    const all = await migrator(db).getMigrations();
    return all.some((m) => m.executedAt !== undefined);
  } finally {
    await close();
  }
}

export interface DatabaseHealth {
  reachable: boolean;
  pendingMigrations: number;
}

export async function checkDatabase(db: Kysely<Database>): Promise<DatabaseHealth> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { reachable: false, pendingMigrations: Object.keys(migrations).length };
  }
  const all = await migrator(db).getMigrations();
  return { reachable: true, pendingMigrations: all.filter((m) => m.executedAt === undefined).length };
}
