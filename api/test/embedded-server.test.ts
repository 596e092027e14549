/**
 * The embedded database's protocol server and owner file (decision 050), in process: a
 * transaction of a socket client never interleaves with the platform's own queries or with another
 * client's statements; a client that vanishes mid-transaction is rolled back; stale owner files
 * are taken over, live ones are not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gate, gated, liveOwner, ownerFile, readOwner, releaseOwnership, serveProtocol, tryTakeOwnership } from '../src/db/embedded.js';

let dir: string;
let raw: PGlite;
let db: PGlite;
let served: Awaited<ReturnType<typeof serveProtocol>>;
const clients: postgres.Sql[] = [];
const connect = () => {
  const c = postgres({ host: dir, port: 5432, user: 'postgres', database: 'postgres', max: 1, prepare: false, onnotice: () => {} });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vw-embedded-'));
  raw = await PGlite.create();
  const gate = new Gate();
  db = gated(raw, gate);
  served = await serveProtocol(raw, gate, { socketDir: dir });
  await db.exec('create table t (id int primary key, v text)');
});

afterAll(async () => {
  for (const c of clients) await c.end({ timeout: 1 }).catch(() => {});
  await served.close();
  await raw.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('protocol server', () => {
  it('answers as PostgreSQL does, on a Unix socket only this user can open', async () => {
    const c = connect();
    expect(await c`select ${41}::int + 1 as x`).toEqual([{ x: 42 }]);
    expect(served.where).toEqual({ socketDir: dir, port: 5432 });
  });

  it("keeps a client's transaction away from the platform's own queries", async () => {
    const c = connect();
    const tx = c.begin(async (sql) => {
      await sql`insert into t values (1, 'uncommitted')`;
      await sleep(300);
      throw new Error('roll back');
    }).catch(() => 'rolled back');
    await sleep(100); // the transaction is open now
    // Without the gate this would run inside the client's transaction and see its row.
    const seen = await db.query<{ n: number }>('select count(*)::int as n from t');
    expect(seen.rows[0]!.n).toBe(0);
    expect(await tx).toBe('rolled back');
  });

  it("keeps the platform's transaction away from a client's statements", async () => {
    const c = connect();
    const inProcess = db.transaction(async (tx) => {
      await tx.query("insert into t values (2, 'in process')");
      await sleep(300);
      await tx.query('rollback');
    });
    await sleep(100);
    expect(await c`select count(*)::int as n from t`).toEqual([{ n: 0 }]);
    await inProcess;
  });

  it("never mixes two clients' statements (extended protocol, unnamed statements)", async () => {
    const [a, b] = [connect(), connect()];
    const run = (c: postgres.Sql, base: number) => Promise.all(Array.from({ length: 40 }, (_, i) => c`select ${base + i}::int as v, ${`s${base + i}`}::text as s`));
    const [ra, rb] = await Promise.all([run(a, 0), run(b, 1000)]);
    expect(ra.map((r) => r[0]!.v)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(rb.map((r) => r[0]!.s)).toEqual(Array.from({ length: 40 }, (_, i) => `s${1000 + i}`));
  });

  it('rolls back a client that disappears inside a transaction, and carries on', async () => {
    const c = connect();
    const pending = c.begin(async (sql) => {
      await sql`insert into t values (3, 'lost')`;
      await sleep(1000);
      await sql`select 1`;
    }).catch(() => 'gone');
    await sleep(150);
    // The CLI is killed: its socket closes mid-transaction (postgres.js destroys it after 0.1 s).
    await c.end({ timeout: 0.1 });
    expect(await pending).toBe('gone');
    const after = await db.query<{ n: number }>('select count(*)::int as n from t');
    expect(after.rows[0]!.n).toBe(0);
    expect(raw.isInTransaction()).toBe(false);
  });

  it('refuses a new connection with a clear error when another holds a transaction too long, then lets it in', async () => {
    // Two CLI commands at once while the platform runs: the second one's startup waits for the
    // first one's transaction. It used to wait until postgres.js gave up after 30 s with
    // `write CONNECT_TIMEOUT …/.s.PGSQL.5432`; now the server answers FATAL 57P03 after its
    // startup wait (15 s; 300 ms here), saying why.
    const own = mkdtempSync(join(tmpdir(), 'vw-embedded-wait-'));
    const gate = new Gate();
    const other = await serveProtocol(raw, gate, { socketDir: own }, { startupWaitMs: 300 });
    const client = () => postgres({ host: own, port: 5432, user: 'postgres', database: 'postgres', max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
    const [first, second, third] = [client(), client(), client()];
    try {
      const long = first.begin(async (sql) => { await sql`select 1`; await sleep(1500); return 'committed'; });
      await sleep(150); // the first command's transaction is open
      const t0 = Date.now();
      const refused = await second`select 1 as x`.then(() => 'connected', (e: Error) => e);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error & { code?: string }).code).toBe('57P03');
      expect((refused as Error).message).toMatch(/^the embedded database is busy: another command \(or the platform itself\) has held it inside one transaction for more than 0.3 s, e\.g\. a backup, an import, a demo load or a release build; run this command again when that has finished$/);
      expect(Date.now() - t0).toBeLessThan(1200);
      expect(await long).toBe('committed');
      // the refused wait handed the gate back: the next command gets in, and the platform too
      expect(await third`select 41 + 1 as x`).toEqual([{ x: 42 }]);
      expect((await gated(raw, gate).query<{ x: number }>('select 1 as x')).rows).toEqual([{ x: 1 }]);
    } finally {
      for (const c of [first, second, third]) await c.end({ timeout: 1 }).catch(() => {});
      await other.close();
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('owner file', () => {
  it('is taken once; a live owner keeps it, a dead or reused pid does not', () => {
    const dataDir = join(dir, 'pglite');
    expect(tryTakeOwnership(dataDir, 'cli')).toBe(true);
    expect(tryTakeOwnership(dataDir, 'platform')).toBe(false);
    expect(liveOwner(dataDir)!.pid).toBe(process.pid);
    releaseOwnership(dataDir);
    expect(readOwner(dataDir)).toBeNull();
    // A killed owner: its pid no longer runs.
    writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: 2 ** 22 + 12345, role: 'platform', procStart: null, since: '' }));
    expect(liveOwner(dataDir)).toBeNull();
    expect(readOwner(dataDir)).toBeNull();
    // A pid that runs again, but is another process (other start time): stale as well.
    writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid === 1 ? 2 : 1, role: 'platform', procStart: '0', since: '' }));
    expect(liveOwner(dataDir)).toBeNull();
    expect(tryTakeOwnership(dataDir, 'platform')).toBe(true);
    releaseOwnership(dataDir);
  });
});
