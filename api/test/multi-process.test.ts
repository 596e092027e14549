/**
 * Two API processes (api/src/server.ts, as in production) on one PostgreSQL database: whatever
 * must be shared is shared through the database, not process memory. A token submitted through
 * one cannot be submitted through the other; a session made by one works on the other; the
 * instance-wide failure limit holds across both. PostgreSQL only: embedded PGlite is one process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../src/env.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { EMAIL, PASSWORD, createFixture } from './auth/fixture.js';
import { completeAnswers, createOpenWave, createOrganisation, tokens } from './survey/factories.js';

const onPostgres = Boolean(env().DATABASE_URL);
const GLOBAL_CAPACITY = 30;

let database: TestDatabase;
const children: ChildProcess[] = [];
let ports: number[] = [];

function startApi(url: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../src/server.ts', import.meta.url))], {
    env: {
      ...process.env, DATABASE_URL: url, API_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
      FAILURE_LIMIT_GLOBAL: `${GLOBAL_CAPACITY}/0.01`, FAILURE_LIMIT_PER_ADDRESS: '1000/1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /"msg":"listening".*"port":(\d+)/.exec(seen);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`API process exited (${code}): ${seen.slice(-500)}`)));
  });
}

beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  await createFixture(database.db);
  await createOrganisation(database.db);
  await createOpenWave(database.db);
  const url = (database.db as unknown as { $client: { options: { host: string[]; port: number[]; database: string; user: string } } }).$client.options;
  const dbUrl = new URL(env().DATABASE_URL!);
  dbUrl.pathname = `/${url.database}`;
  ports = await Promise.all([startApi(dbUrl.toString()), startApi(dbUrl.toString())]);
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  await database?.destroy();
});

const post = (port: number, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe.skipIf(!onPostgres)('two API processes on one PostgreSQL database', () => {
  it('a token submitted through one cannot be submitted through the other', async () => {
    const [a, b] = ports as [number, number];
    expect(a).not.toBe(b);
    const [token] = (await tokens(database.db, 'TST-W1', 'TST-A', 1)) as [string];
    const key = randomBytes(18).toString('base64url');
    const first = await post(a, '/survey/submit', { token, answers: completeAnswers(false), key });
    expect(first.status).toBe(200);
    const other = await post(b, '/survey/submit', { token, answers: completeAnswers(true), key: randomBytes(18).toString('base64url') });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('already_submitted');
    // The browser's retry of the same submission, through the other process: the same answer, nothing stored twice.
    const retry = await post(b, '/survey/submit', { token, answers: completeAnswers(false), key });
    expect(retry.status).toBe(200);
    // Both at once, on a fresh token: exactly one is stored.
    const [race] = (await tokens(database.db, 'TST-W1', 'TST-A', 1)) as [string];
    const both = await Promise.all([a, b].map((port) => post(port, '/survey/submit', { token: race, answers: completeAnswers(false), key: randomBytes(18).toString('base64url') })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('a session made by one process is honoured by the other', async () => {
    const [a, b] = ports as [number, number];
    const login = await post(a, '/auth/login', { email: EMAIL.admin, password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = /vw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const me = await fetch(`http://127.0.0.1:${b}/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
  });

  it('the instance-wide failure limit holds across both processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2 * GLOBAL_CAPACITY; i++) {
      const res = await post(ports[i % 2]!, '/survey/session', { token: randomBytes(13).toString('hex') }, { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 404)).toHaveLength(GLOBAL_CAPACITY);
    expect(statuses.slice(GLOBAL_CAPACITY).every((s) => s === 429)).toBe(true);
    // Both processes refuse: the limit is not per process.
    expect(new Set(statuses.slice(GLOBAL_CAPACITY).map((_, i) => (GLOBAL_CAPACITY + i) % 2))).toEqual(new Set([0, 1]));
    // And a valid link still opens, through either.
    const [token] = (await tokens(database.db, 'TST-W1', 'TST-B', 1)) as [string];
    for (const port of ports) expect((await post(port, '/survey/session', { token })).status).toBe(200);
  });
});

describe.skipIf(onPostgres)('two API processes (PGlite)', () => {
  it('are not supported on the embedded database: run this file with DATABASE_URL (PostgreSQL)', () => {
    expect(onPostgres).toBe(false);
  });
});
