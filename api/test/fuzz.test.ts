/**
 * Every route of the app, found by walking Hono's router (a new route is fuzzed without touching
 * this file), gets malformed JSON, wrong types, NUL and other control characters, unknown fields,
 * a huge body and odd parameters — signed in as an admin (with the CSRF token) and anonymously.
 * Expected: not a single answer ≥ 500, no stack trace or internal detail in any body, and no
 * internal error in the server's log. Bounded: a fixed list of cases, ~1,500 in-process requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.js';
import { openWaveApp, type OpenWaveApp } from './helpers/open-wave-app.js';
import { as, type Fixture, type Session } from './auth/fixture.js';
import { tokens } from './survey/factories.js';

let setUp: OpenWaveApp;
let database: TestDatabase;
let f: Fixture;
let admin: Session;
let token: string;
let errorLines: string[] = [];

beforeAll(async () => {
  setUp = await openWaveApp();
  ({ database, f, admin, errorLines } = setUp);
  [token] = (await tokens(database.db, 'TST-W1', 'TST-A', 1)) as [string];
}, 120_000);
afterAll(() => setUp?.close());

/** Values for path parameters: plausible, unknown, hostile. */
const PARAM_VALUES = ['ORG', 'TST-W1', '1', '999999999999999999999', '%00', '..%2F..%2Fetc', "x'%20or%201=1--", 'a'.repeat(300), '%E2%80%AE'];

const NUL = '\u0000';
/** Bodies: malformed JSON, wrong types, control characters, unknown fields, big values. */
function bodies(): { type: string; body: string }[] {
  const j = (v: unknown) => ({ type: 'application/json', body: JSON.stringify(v) });
  return [
    { type: 'application/json', body: '{"a":' },
    { type: 'application/json', body: '' },
    { type: 'application/json', body: 'null' },
    j([]), j('text'), j(12), j({}),
    j({ unknown: 1, __proto__: { admin: true }, constructor: { prototype: 1 } }),
    j({ email: 1, password: [], count: 'x', unit: {}, code: null, period: 5, name: 7, items: 'x', token: 5, answers: 'x', key: [], role: 9, minGroupSize: 'a', reportingPointUrl: 5, active: 'yes' }),
    j({ email: `a${NUL}@x`, password: NUL, code: NUL, unit: NUL, period: NUL, name: NUL, token: NUL, answers: { [NUL]: NUL }, key: NUL.repeat(30), items: [NUL] }),
    j({ token, answers: { wl1: NUL, sv_form: [NUL], sat: 1e308 }, key: 'k'.repeat(30) }),
    j({ count: 1e20, minGroupSize: -1e20, perpetratorMaxDepth: 1.5, unit: 'TST-A' }),
    j({ name: 'x'.repeat(60_000) }),
    { type: 'text/csv', body: `code,parent\n${NUL},x\n"unclosed` },
    { type: 'text/plain', body: 'token=abc&answers=1' },
    { type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="token"\r\n\r\nabc\r\n--x--' },
    { type: 'application/json', body: 'x'.repeat(300 * 1024) },
  ];
}

const STACK = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|Failed query|params:|TypeError|ReferenceError|PostgresError|invalid byte sequence/;

describe('fuzz over every route', () => {
  it('answers every malformed request with a 4xx and no internal detail', async () => {
    const routes = [...new Map(f.app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r])).values()]
      // Signing out ends the admin session the other cases use: last.
      .sort((a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout'));
    expect(routes.length).toBeGreaterThan(35);
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const paths = PARAM_VALUES.map((v) => route.path.replace(/:(\w+)(\{[^}]*\})?/g, v));
      const cases: { path: string; init: RequestInit }[] = [];
      for (const path of new Set(paths)) {
        if (route.method === 'GET') {
          cases.push({ path, init: {} });
          cases.push({ path: `${path}?scope=%00&format=%0d%0a&release=${'x'.repeat(500)}&dimension=%FF&indicator[]=1`, init: {} });
        } else if (path === paths[0] || path === paths[1]) {
          for (const b of bodies()) cases.push({ path, init: { method: route.method, body: b.body, headers: { 'content-type': b.type } } });
        } else {
          cases.push({ path, init: { method: route.method, body: '{}', headers: { 'content-type': 'application/json' } } });
        }
      }
      for (const { path, init } of cases) {
        for (const session of [admin, null]) {
          const headers = as(session, { ...(init.headers as Record<string, string> | undefined), 'x-forwarded-for': `10.77.${requests % 250}.1` });
          const res = await f.app.request(path, { ...init, headers });
          requests += 1;
          const text = await res.text();
          const label = `${init.method ?? 'GET'} ${path.slice(0, 80)} ${session ? 'admin' : 'anonymous'} ${String(init.body ?? '').slice(0, 40)}`;
          if (res.status >= 500) failures.push(`${res.status} ${label}: ${text.slice(0, 200)}`);
          if (STACK.test(text)) failures.push(`internal detail in ${label}: ${text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(errorLines).toEqual([]);
    expect(requests).toBeGreaterThan(500);
  });
});
