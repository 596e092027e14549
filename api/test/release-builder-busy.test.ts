/**
 * An admin's build whose child cannot reach the embedded database because another client holds
 * it inside one long transaction (a backup, an import, a CLI build: decision 050's gate). The
 * socket server refuses the child's connection after its startup wait with FATAL 57P03 ("the
 * embedded database is busy: …"). That is the server being unavailable for a while, not a fault
 * of the request and not an internal error: `POST /releases` answers 503 with the message and a
 * Retry-After, as it does for any SQLSTATE 57P03 (a PostgreSQL server that is starting or
 * stopping says the same). Before: 500 "internal error".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gate, serveProtocol } from '../src/db/embedded.js';
import { UnavailableError } from '../src/errors.js';
import { mapError } from '../src/http/error-response.js';
import { buildInChild, errorOfOutcome, outcomeOfError, type BuildOutcome } from '../src/services/release-builder.js';

let raw: PGlite;
let dir: string;
let served: Awaited<ReturnType<typeof serveProtocol>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vw-busy-'));
  raw = await PGlite.create();
  served = await serveProtocol(raw, new Gate(), { socketDir: dir }, { startupWaitMs: 300 });
}, 60_000);
afterAll(async () => {
  await served?.close();
  await raw?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a child build that finds the embedded database busy', () => {
  it('answers 503 with the reason and a Retry-After, not 500', async () => {
    const holder = postgres({ host: dir, port: 5432, user: 'postgres', database: 'postgres', max: 1, prepare: false, onnotice: () => {} });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const long = holder.begin(async (sql) => { await sql`select 1`; await held; });
      await new Promise((r) => setTimeout(r, 150)); // the holder's transaction is open
      const { DATABASE_URL: _drop, DATA_DIR: _drop2, ...rest } = process.env;
      const err = await buildInChild({ period: 'DEF-2023' }, { env: { ...rest, DATABASE_URL: `postgres://postgres@${encodeURIComponent(dir)}:5432/postgres` } })
        .then(() => undefined, (e: unknown) => e);
      release();
      await long;
      expect(err).toBeInstanceOf(UnavailableError);
      const mapped = mapError(err)!;
      expect(mapped.status).toBe(503);
      expect(mapped.body.error.code).toBe('unavailable');
      expect(mapped.body.error.message).toMatch(/^the embedded database is busy: another command \(or the platform itself\) has held it inside one transaction for more than 0\.3 s/);
      expect(mapped.headers?.['retry-after']).toBe('30');
    } finally {
      await holder.end({ timeout: 1 });
    }
  }, 120_000);

  it('carries SQLSTATE 57P03 across the outcome line, wrapped by the query builder or not', () => {
    const pg = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    const wrapped = new Error('Failed query: select 1\nparams: ', { cause: pg });
    for (const e of [pg, wrapped]) {
      const back = errorOfOutcome(JSON.parse(JSON.stringify(outcomeOfError(e))) as Extract<BuildOutcome, { ok: false }>);
      expect(back).toBeInstanceOf(UnavailableError);
      expect(mapError(back)).toEqual(mapError(e));
      expect(mapError(e)!.status).toBe(503);
      expect(mapError(e)!.body.error.message).toBe('the database system is starting up');
    }
  });
});
