/**
 * Opens the database: PostgreSQL when a URL is given, else embedded PGlite in a data folder.
 * Both are returned as the same drizzle type, so a repository (which takes the database as an
 * argument) works on either.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
import { EmbeddedDatabaseError, Gate, gated, liveOwner, openFailure, recordServer, releaseOwnership, serveProtocol, SOCKET_PORT, tryTakeOwnership } from './embedded.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** One line naming the database, for start-up messages (never a password). */
  label: string;
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

export interface OpenOptions {
  /**
   * The platform: own the embedded data folder for the life of the process and serve it to other
   * processes over the PostgreSQL protocol (decision 050). Refused when another process owns it.
   */
  serve?: { host: string };
  /** How long a command waits for another command that holds the data folder (ms). */
  waitMs?: number;
}

/** Opens PostgreSQL (`url`) or PGlite (`dataDir`, or in memory). */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  if ('url' in target) return openPostgres(target.url, { max: 10, prepare: true, label: 'PostgreSQL (DATABASE_URL)' });
  if ('dataDir' in target) return openEmbedded(target.dataDir, options);
  const client = await PGlite.create();
  return pgliteDatabase(client, 'in-memory PGlite', async () => client.close());
}

function openPostgres(url: string, o: { max: number; prepare: boolean; label: string; kind?: Database['kind'] }): Database {
  {
    const client = postgres(url, { max: o.max, onnotice: () => {}, prepare: o.prepare, ...socketHost(url) });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      kind: o.kind ?? 'postgres',
      label: o.label,
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
}

function pgliteDatabase(client: PGlite, label: string, close: () => Promise<void>): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    label,
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close,
  };
}

async function createPglite(dataDir: string): Promise<PGlite> {
  try {
    return await PGlite.create({ dataDir });
  } catch (e) {
    throw openFailure(dataDir, e);
  }
}

/**
 * The embedded database in a data folder, with one owner (decision 050): the running platform
 * serves it and everyone else connects to the platform; without a platform a command opens the
 * folder itself and holds it until it closes.
 */
async function openEmbedded(dataDir: string, options: OpenOptions): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  let told = false;
  for (;;) {
    const owner = liveOwner(dataDir);
    if (owner === null) {
      if (tryTakeOwnership(dataDir, options.serve ? 'platform' : 'cli')) break;
      continue;
    }
    if (options.serve) {
      throw new EmbeddedDatabaseError(
        owner.role === 'platform'
          ? `the platform already runs on ${dataDir} (pid ${owner.pid}${owner.port ? `, database served on ${owner.socketDir ? `${owner.socketDir}/.s.PGSQL.${owner.port}` : `${owner.host}:${owner.port}`}` : ''}): use it, or stop it first (Ctrl-C in its terminal, or kill ${owner.pid}), or start this one with another DATA_DIR`
          : `a command (pid ${owner.pid}) is using the embedded database in ${dataDir}: wait for it to finish, then run npm start again`,
      );
    }
    if (owner.role === 'platform' && owner.port) {
      // Through the running platform, as to PostgreSQL. One connection, no named statements: the
      // backend is shared with the platform, so session state must not outlive a statement.
      const host = owner.socketDir ? encodeURIComponent(owner.socketDir) : (owner.host ?? '127.0.0.1');
      const url = `postgres://postgres@${host}:${owner.port}/postgres`;
      return openPostgres(url, { max: 1, prepare: false, kind: 'pglite', label: `embedded PGlite in ${dataDir}, through the running platform (pid ${owner.pid})` });
    }
    if (Date.now() > deadline) {
      throw new EmbeddedDatabaseError(`the embedded database in ${dataDir} is still held by pid ${owner.pid} (${owner.role}); try again when it has finished`);
    }
    if (!told && owner.role === 'cli') {
      process.stderr.write(`waiting for another command (pid ${owner.pid}) that uses ${dataDir} …\n`);
      told = true;
    }
    await sleep(100);
  }
  let client: PGlite;
  try {
    client = await createPglite(dataDir);
  } catch (e) {
    releaseOwnership(dataDir);
    throw e;
  }
  if (!options.serve) {
    return pgliteDatabase(client, `embedded PGlite in ${dataDir}`, async () => {
      try {
        await client.close();
      } finally {
        releaseOwnership(dataDir);
      }
    });
  }
  const gate = new Gate();
  let served: Awaited<ReturnType<typeof serveProtocol>>;
  try {
    // A Unix socket beside the data folder when its path fits (sun_path holds 107 bytes).
    const socketDir = dirname(resolve(dataDir));
    const listen = `${socketDir}/.s.PGSQL.${SOCKET_PORT}`.length <= 100 ? { socketDir } : { host: options.serve.host };
    served = await serveProtocol(client, gate, listen);
    recordServer(dataDir, served.where);
  } catch (e) {
    await client.close().catch(() => {});
    releaseOwnership(dataDir);
    throw e;
  }
  return pgliteDatabase(gated(client, gate), `embedded PGlite in ${dataDir} (served to the CLI on ${'socketDir' in served.where ? `${served.where.socketDir}/.s.PGSQL.${served.where.port}` : `${served.where.host}:${served.where.port}`})`, async () => {
    try {
      await served.close();
      await gate.run(() => client.close());
    } finally {
      releaseOwnership(dataDir);
    }
  });
}

export { EmbeddedDatabaseError };

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
