import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryPrepared, queryRows, socketHost, sql } from '../src/db/client.js';
import { env } from '../src/env.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.destroy(); });

describe('queryPrepared', () => {
  it('returns the same rows as queryRows, call after call, with the parameters of each call', async () => {
    const hash = Buffer.from('00ff10', 'hex');
    for (const n of [1, 2, 3]) {
      const query = () => sql`select ${n}::int as n, ${`x${n}`}::text as s, ${hash}::bytea as b, ${n % 2 === 0}::boolean as even, null::int as missing`;
      const [prepared] = await queryPrepared<{ n: number; s: string; b: Uint8Array; even: boolean; missing: null }>(t.db, query());
      const [plain] = await queryRows<{ n: number; s: string; b: Uint8Array; even: boolean; missing: null }>(t.db, query());
      expect(prepared).toMatchObject({ n, s: `x${n}`, even: n % 2 === 0, missing: null });
      expect(Buffer.from(prepared!.b).toString('hex')).toBe('00ff10');
      expect({ ...prepared, b: Buffer.from(prepared!.b) }).toEqual({ ...plain, b: Buffer.from(plain!.b) });
    }
  });

  it('reports a database error as an error', async () => {
    const error = await queryPrepared(t.db, sql`select 1 / ${0}::int as x`).then(() => undefined, (e: unknown) => e as Error & { cause?: Error });
    expect(error).toBeInstanceOf(Error);
    // drizzle (PGlite) wraps the driver's error as its cause; postgres.js throws it as it is
    expect(`${error!.message} ${error!.cause?.message ?? ''}`).toMatch(/division by zero/);
  });
});

describe('socketHost', () => {
  it('reads a percent-encoded socket directory as the host, as libpq does', () => {
    expect(socketHost('postgres://postgres@%2Fvar%2Frun%2Fpostgresql/vw')).toEqual({ host: '/var/run/postgresql' });
    expect(socketHost('postgresql://u:p@%2ftmp/vw')).toEqual({ host: '/tmp' });
  });

  it('leaves a network host to the URL', () => {
    expect(socketHost('postgres://postgres@127.0.0.1:5432/vw')).toEqual({});
    expect(socketHost('postgres://db.example.org/vw')).toEqual({});
    expect(socketHost('not a url')).toEqual({});
  });

  const url = env().DATABASE_URL;
  const socketDir = '/var/run/postgresql';
  // Only where this test runs against a PostgreSQL server with its socket in the Debian place.
  it.runIf(url !== undefined && existsSync(`${socketDir}/.s.PGSQL.5432`))('connects over the Unix socket named in DATABASE_URL', async () => {
    const u = new URL(url!);
    const viaSocket = `postgres://${u.username || 'postgres'}@${encodeURIComponent(socketDir)}/postgres`;
    const database = await openDatabase({ url: viaSocket });
    try {
      // inet_server_addr() is null on a Unix-socket connection and the address on TCP
      const [row] = await queryRows<{ addr: string | null }>(database.db, sql`select inet_server_addr()::text as addr`);
      expect(row!.addr).toBeNull();
    } finally {
      await database.close();
    }
  });
});

describe('a second platform on one data folder', () => {
  it('is refused with the socket the first one serves on (not "undefined:5432")', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'vw-second-'));
    const first = await openDatabase({ dataDir: join(dir, 'pglite') }, { serve: { host: '127.0.0.1' } });
    try {
      await expect(openDatabase({ dataDir: join(dir, 'pglite') }, { serve: { host: '127.0.0.1' } })).rejects.toThrow(
        `the platform already runs on ${join(dir, 'pglite')} (pid ${process.pid}, database served on ${dir}/.s.PGSQL.5432): use it, or stop it first`,
      );
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
