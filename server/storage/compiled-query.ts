import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Dialect } from './database.js';
import type { Database } from './schema.js';

const SENTINEL = '\u0000cadre-parameter:';

/**
 * A query built by Kysely once and then run with new values: for the statements of the answer
 * path, which run thousands of times a minute, building the query tree and compiling it to SQL
 * cost more of the server's time than SQLite did running it. `build` names each value with
 * `value('name')`; every value must be one of them (a value built in would be run with the first
 * caller's value forever, so compiling refuses it). Compiled once per dialect; run on a database
 * or a transaction of it.
 */
export function compileOnce<Name extends string, Row>(
  build: (db: Kysely<Database>, value: (name: Name) => never) => Compilable<Row>,
): (on: Kysely<Database>, dialect: Dialect, values: Record<Name, unknown>) => Promise<QueryResult<Row>> {
  const byDialect = new Map<Dialect, { sql: string; names: Name[] }>();
  return (on, dialect, values) => {
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      const query = build(on, (name) => `${SENTINEL}${name}` as never).compile();
      const names = query.parameters.map((p) => {
        if (typeof p !== 'string' || !p.startsWith(SENTINEL)) throw new Error(`compileOnce: a value built into the query (${String(p)})`);
        return p.slice(SENTINEL.length) as Name;
      });
      compiled = { sql: query.sql, names };
      byDialect.set(dialect, compiled);
    }
    const { sql, names } = compiled;
    return on.executeQuery(
      CompiledQuery.raw(
        sql,
        names.map((n) => values[n]),
      ) as CompiledQuery<Row>,
    );
  };
}
