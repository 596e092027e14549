/**
 * Opens the database: PostgreSQL when a URL is given, else embedded PGlite in a data folder.
 * Both are returned as the same drizzle type so repositories take either (style.md, practice 5).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsFolder } from '@vw/migrations';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies every pending migration; a second call does nothing. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

/**
 * A Unix-socket directory given as a percent-encoded host, as libpq reads it
 * (`postgres://postgres@%2Fvar%2Frun%2Fpostgresql/vw`): postgres.js takes it as the `host` option.
 * A local server is cheaper to reach over its socket than over TCP on 127.0.0.1.
 */
export function socketHost(url: string): { host?: string } {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return {};
  }
  return /^%2f/i.test(hostname) ? { host: decodeURIComponent(hostname) } : {};
}

/** Opens PostgreSQL (`url`) or PGlite (`dataDir`, or in memory). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) {
    const client = postgres(target.url, { max: 10, onnotice: () => {}, prepare: true, ...socketHost(target.url) });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: async () => {
        // Serialise concurrent migrators (several processes starting at once) with an advisory lock.
        await client`select pg_advisory_lock(7264110)`;
        try {
          await migratePostgres(drizzlePostgres(client), { migrationsFolder });
        } finally {
          await client`select pg_advisory_unlock(7264110)`;
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  let client: PGlite;
  if ('dataDir' in target) {
    mkdirSync(target.dataDir, { recursive: true });
    client = await PGlite.create({ dataDir: target.dataDir });
  } else {
    client = await PGlite.create();
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows: T[] }).rows ?? []) as T[];
}

const dialect = new PgDialect();

/**
 * Runs raw SQL as a prepared statement where the driver can (postgres.js keeps one per connection
 * and query text, so a hot query is parsed and planned once and costs one round trip). drizzle's
 * own `execute` never prepares, and postgres.js then spends an extra round trip describing the
 * parameters of every call. On PGlite (one in-process connection) it is `queryRows`.
 * Column types arrive as the driver parses them: timestamps and dates as text on postgres.js
 * (drizzle switches its parsers off), so select epoch numbers where a time is needed.
 */
export async function queryPrepared<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (typeof client === 'function' && 'unsafe' in client) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return (await (client as postgres.Sql).unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
  }
  return queryRows<T>(db, query);
}

export { sql };

/** The database the server and the CLI share: DATABASE_URL, else PGlite in `<DATA_DIR>/pglite`. */
export function targetFromEnv(e: { DATABASE_URL?: string | undefined; DATA_DIR: string }): DatabaseTarget {
  return e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: `${e.DATA_DIR}/pglite` };
}
