/**
 * A fresh, migrated database per test file: a new PostgreSQL database on the server named by
 * DATABASE_URL (created and dropped here), or an in-memory PGlite when DATABASE_URL is unset.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, socketHost, type Database } from '../../src/db/client.js';
import { env } from '../../src/env.js';

export interface TestDatabase extends Database {
  /** Closes the connection and drops the PostgreSQL database. */
  destroy(): Promise<void>;
  /** The PostgreSQL database's URL (for a child process that reaches it); absent on PGlite. */
  url?: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = env().DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ memory: true });
    await database.migrate();
    return { ...database, destroy: () => database.close() };
  }
  const name = `vw_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {}, ...socketHost(url) });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString() });
  await database.migrate();
  return {
    ...database,
    url: u.toString(),
    destroy: async () => {
      await database.close();
      const a = postgres(url, { max: 1, onnotice: () => {}, ...socketHost(url) });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
