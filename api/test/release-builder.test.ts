/**
 * An admin's release build in a child `release build` process (decision 086): the API keeps
 * answering while a value-checked build runs, and `POST /releases` answers as the in-process build
 * does (the same 201 body, the same statuses and messages for refusals).
 *
 * The child reaches the test's database the way it does in production: through DATABASE_URL on
 * PostgreSQL, or, without it, through the socket of an embedded database served as `npm start`
 * serves it (decision 050).
 *
 * The responsiveness test fails with the in-process builder: run it with
 * VW_TEST_RELEASE_BUILDER=in-process to see the API's longest answer while the build runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { csrfTokenFor } from '../src/auth/session.js';
import { openDatabase, queryRows, sql, targetFromEnv, type Database } from '../src/db/client.js';
import { env } from '../src/env.js';
import { mapError } from '../src/http/error-response.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../src/errors.js';
import { DEMO_USERS, loadDemo } from '../src/services/load-demo.js';
import { buildInChild, childProcessBuilder, errorOfOutcome, inProcessBuilder, outcomeOfError, type BuildOutcome } from '../src/services/release-builder.js';
import { AuditFailedError } from '../src/services/releases.js';
import { createTestDatabase } from './helpers/db.js';

const pgUrl = env().DATABASE_URL;
let database: Database & { destroy?: () => Promise<void> };
let dataDir: string | undefined;
let childEnv: NodeJS.ProcessEnv;
const child = () => childProcessBuilder(childEnv);
const apps: { server: ServerType; url: string }[] = [];
let admin = '';
let researcher = '';

/** The app with `builder`, served over real HTTP (a build in this process stalls the socket, too). */
async function served(builder: ReturnType<typeof child>): Promise<string> {
  const app = createApp({ db: database.db, auth: { secureCookies: false }, builder });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  apps.push({ server, url });
  return url;
}

async function signIn(url: string, email: string): Promise<string> {
  const password = DEMO_USERS.find((u) => u.email === email)!.password;
  const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return /vw_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

const build = (url: string, body: unknown) => fetch(`${url}/releases`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie: admin, 'x-csrf-token': csrfTokenFor(admin.replace(/^vw_session=/, '')) },
  body: JSON.stringify(body),
});
const answer = async (res: Response) => ({ status: res.status, body: await res.json() as unknown });

beforeAll(async () => {
  if (pgUrl) {
    const t = await createTestDatabase();
    database = t;
    childEnv = { ...process.env, DATABASE_URL: t.url! };
  } else {
    // As npm start: this process owns the folder and serves it; the child connects to the socket.
    dataDir = mkdtempSync(join(tmpdir(), 'vw-builder-'));
    database = await openDatabase(targetFromEnv({ DATA_DIR: dataDir }), { serve: { host: '127.0.0.1' } });
    await database.migrate();
    const { DATABASE_URL: _drop, ...rest } = process.env;
    childEnv = { ...rest, DATA_DIR: dataDir };
  }
  // The value check is on in every build here (the default), as in production.
  delete childEnv['VW_VALUE_PROTECTION'];
  await loadDemo(database.db, { size: 'small' });
  const url = await served(child());
  admin = await signIn(url, DEMO_USERS.find((u) => u.role === 'admin')!.email);
  researcher = await signIn(url, DEMO_USERS.find((u) => u.role === 'researcher')!.email);
}, 300_000);
afterAll(async () => {
  for (const a of apps) a.server.close();
  await (database?.destroy ? database.destroy() : database?.close());
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the outcome line of a child build', () => {
  it('carries a refusal as the API shows it: the same status and message, no cell\'s counts or interval', () => {
    const refused = new AuditFailedError([{ grid: 'sv_experienced', cellId: 'A|all', check: 'value:pinned', detail: 'count pinned: attacker interval [3, 3] (n 17)' }]);
    const line = JSON.stringify(outcomeOfError(refused));
    expect(line).not.toMatch(/\[3, 3\]|n 17|attacker/);
    const back = errorOfOutcome(JSON.parse(line) as Extract<BuildOutcome, { ok: false }>);
    expect(mapError(back)).toEqual(mapError(refused));
    expect((back as AuditFailedError).cells).toEqual(refused.cells);
    for (const e of [new ConflictError('c'), new NotFoundError('n'), new UsageError('u'), new ValidationError([{ path: 'period', reason: 'r' }], 'v')]) {
      expect(mapError(errorOfOutcome(JSON.parse(JSON.stringify(outcomeOfError(e))) as Extract<BuildOutcome, { ok: false }>))).toEqual(mapError(e));
    }
    // Anything else is an internal error (500, which says nothing about itself), as in-process.
    expect(mapError(errorOfOutcome(outcomeOfError(new Error('boom')) as Extract<BuildOutcome, { ok: false }>))).toBeNull();
  });
});

describe('a build that runs out of heap under its cap (decision 091)', () => {
  it('runs once more without the cap and answers as the in-process build does', async () => {
    const spawned: string[][] = [];
    // 8 MB: the child cannot even load its modules (the loader's worker runs out of heap).
    const viaChild = await buildInChild({ period: 'NOPE' }, { env: childEnv, onSpawn: (c) => spawned.push(c.spawnargs) }, 8).catch((e: unknown) => e);
    expect(spawned).toHaveLength(2);
    expect(spawned[0]).toContain('--max-old-space-size=8');
    expect(spawned[1]!.some((a) => a.startsWith('--max-old-space-size'))).toBe(false);
    const inProcess = await inProcessBuilder.build(database.db, 'NOPE', {}).catch((e: unknown) => e);
    expect(mapError(viaChild)).not.toBeNull();
    expect(mapError(viaChild)).toEqual(mapError(inProcess));
  }, 120_000);
});

describe('POST /releases with the child builder', () => {
  it('refuses what the in-process build refuses, with the same status and message', async () => {
    const inProcess = await served(inProcessBuilder);
    const viaChild = apps[0]!.url;
    const said = new Map<string, string>();
    for (const body of [{ period: 'NOPE' }, { period: '2024' }, { period: '2030-2033' }, { period: 'DEF-2023', org: 'XYZ' }, { period: '2023-2025', org: 'XYZ' }]) {
      const a = await answer(await build(inProcess, body));
      const b = await answer(await build(viaChild, body));
      expect(b, JSON.stringify(body)).toEqual(a);
      expect(a.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
      said.set(body.period, (a.body as { error: { message: string } }).error.message);
    }
    // Nothing was built. A refused build of a known organisation stays listed as failed, with the
    // message its POST answered with, for the admin (decision 086, session 11); the others (no such
    // period, no such organisation) were never listed.
    expect(await queryRows(database.db, sql`select id from releases`)).toEqual([]);
    const list = await fetch(`${viaChild}/release-builds`, { headers: { cookie: admin } });
    expect(await list.json()).toEqual({ builds: [
      { organisation: 'DEF', period: '2030-2033', state: 'failed', refusal: said.get('2030-2033') },
      { organisation: 'DEF', period: 'DEF-2023', state: 'failed', refusal: said.get('DEF-2023') },
    ] });
  }, 120_000);

  it('freezes with the same 201 body, lists the build while it runs, and the API answers within 250 ms (95 % of polls) throughout', async () => {
    const inProcess = process.env['VW_TEST_RELEASE_BUILDER'] === 'in-process';
    const url = inProcess ? await served(inProcessBuilder) : apps[0]!.url;
    // The first wave, then two builds of the next at once: as two admins' clicks (decision 047:
    // the later store is refused, and says to build again).
    const first = await answer(await build(url, { period: 'DEF-2023' }));
    const [stored] = await queryRows<{ id: string; rows: number; suppressed: number }>(database.db, sql`
      select id, (summary->>'rows')::int as rows, (summary->>'suppressed')::int as suppressed from releases`);
    expect(first).toEqual({ status: 201, body: { id: 'DEF-2023-r1', period: 'DEF-2023', rows: stored!.rows, suppressed: stored!.suppressed } });
    expect(stored!.id).toBe('DEF-2023-r1');
    let done = false;
    const builds = Promise.all([build(url, { period: 'DEF-2024' }).then(answer), build(url, { period: 'DEF-2024', org: 'DEF' }).then(answer)])
      .finally(() => { done = true; });
    // Each round: /health, then a 50 ms timer. A round's wait is what it took beyond its timer:
    // the API's answer and this process's event loop (the in-process build holds both). The list
    // of builds is read in a loop of its own: a signed-in request reads the database, which on the
    // embedded database waits while the child stores its release (decision 050's gate), and that
    // is not the API's event loop.
    const latencies: number[] = [];
    const waits: number[] = [];
    const states = new Set<string>();
    const listing = (async () => {
      while (!done) {
        const list = (await (await fetch(`${url}/release-builds`, { headers: { cookie: researcher } })).json()) as { builds: { period: string; state: string }[] };
        for (const b of list.builds) if (b.period.startsWith('DEF-2024')) states.add(`${b.period} ${b.state}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    while (!done) {
      const t0 = performance.now();
      const health = await fetch(`${url}/health`);
      latencies.push(performance.now() - t0);
      expect(health.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      waits.push(performance.now() - t0 - 50);
    }
    await listing;
    const answers = await builds;
    const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
    console.log(`${inProcess ? 'in-process' : 'child'} builder: ${waits.length} rounds during the builds; /health longest ${Math.max(...latencies).toFixed(0)} ms, `
      + `95th ${at(latencies, 0.95).toFixed(0)} ms, median ${at(latencies, 0.5).toFixed(0)} ms; round's wait longest ${Math.max(...waits).toFixed(0)} ms, 95th ${at(waits, 0.95).toFixed(0)} ms, median ${at(waits, 0.5).toFixed(0)} ms`);
    expect(waits.length).toBeGreaterThan(10);
    // 250 ms for nearly every round; a round or two may wait longer when the test runner's other
    // files take both cores (measured: 251 ms once in the full suite), never a second.
    expect(at(waits, 0.95)).toBeLessThan(250);
    // On the embedded database the child's SQL runs in this process's PGlite (decision 050): one
    // big statement (the store's inserts) holds the loop for seconds under load (measured 3.4 s
    // with the whole suite running), so only PostgreSQL bounds the longest round.
    if (pgUrl) expect(Math.max(...waits)).toBeLessThan(1000);
    expect(states).toEqual(new Set(['DEF-2024 building']));
    // One froze, the other was refused as in-process (concurrent-builds.test.ts), storing nothing.
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409)!.body as { error: { code: string; message: string } };
    expect(refused.error.code).toBe('conflict');
    expect(refused.error.message).toMatch(/^release DEF-2024-r[12] was not frozen: DEF-2024-r1 of DEF was frozen while it was being built, and every release must respect the ones before it; build the release of DEF-2024 again$/);
    expect((await queryRows<{ id: string }>(database.db, sql`select id from releases order by id`)).map((r) => r.id)).toEqual(['DEF-2023-r1', 'DEF-2024-r1']);
    // Frozen: DEF-2023 and DEF-2024 are no longer listed (an earlier test's refusals may be).
    const left = (await (await fetch(`${url}/release-builds`, { headers: { cookie: researcher } })).json()) as { builds: { period: string }[] };
    expect(left.builds.filter((b) => b.period.startsWith('DEF-'))).toEqual([]);
  }, 900_000);
});
