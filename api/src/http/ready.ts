/**
 * Readiness: the database answers and has every migration this build knows applied. A process
 * that is alive but not ready (database down, or started against an older schema) gets no
 * traffic from the proxy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder } from '@vw/migrations';
import { queryRows, sql, type Db } from '../db/client.js';
import { logger } from '../log.js';

let expected: number | undefined;
function expectedMigrations(): number {
  expected ??= (JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
  return expected;
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  database: 'ok' | 'unreachable';
  migrations: { applied: number; expected: number };
}

export async function readiness(db: Db): Promise<Readiness> {
  const want = expectedMigrations();
  try {
    await queryRows(db, sql`select 1 as ok`);
  } catch (err) {
    logger.warn('readiness: database unreachable', { err });
    return { status: 'not_ready', database: 'unreachable', migrations: { applied: 0, expected: want } };
  }
  let applied: number;
  try {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    applied = Number(row?.n ?? 0);
  } catch {
    applied = 0; // no migrations table yet
  }
  return { status: applied >= want ? 'ready' : 'not_ready', database: 'ok', migrations: { applied, expected: want } };
}
