/**
 * Role × route matrix: every route this layer adds, for every role, a commander of another unit,
 * and no session. Admin routes answer 401 without a session and 403 for any other role, and a
 * refused request changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { werkbeleving } from '@vw/questionnaire';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { EMAIL, PERSONAS, as, createFixture, signIn, type Fixture, type Persona, type Session } from '../auth/fixture.js';
import { getInstrumentVersion } from '../../src/services/instruments.js';
import { createUser } from '../../src/services/users.js';
import { queryRows, sql } from '../../src/db/client.js';

let database: TestDatabase;
let f: Fixture;
const sessions = {} as Record<Persona, Session>;
let victimId = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.db);
  await getInstrumentVersion(database.db, 'werkbeleving-sv@1');
  victimId = await createUser(database.db, { email: 'victim@test.example', password: 'x'.repeat(12), role: 'researcher', organisationId: f.orgId, scopeUnitId: null });
  for (const p of PERSONAS) sessions[p] = await signIn(f.app, EMAIL[p]);
}, 120_000);
afterAll(async () => database.destroy());

type Who = Persona | 'none';
const WHO: Who[] = [...PERSONAS, 'none'];

interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string | (() => string);
  body?: (who: Who) => { type: string; text: string };
  /** Status for an admin (others: 403, no session: 401), unless `public`. */
  admin: number;
  /** Same status for everyone, signed in or not. */
  public?: number;
  /** Status for any signed-in user (e.g. /auth/me), no session: 401. */
  signedIn?: number;
}

const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) });
const csv = (text: string) => ({ type: 'text/csv', text });

const ROUTES: Route[] = [
  { method: 'GET', path: '/auth/me', admin: 200, signedIn: 200 },
  { method: 'GET', path: '/auth/oidc', admin: 200, public: 200 },
  // Not configured for ORG: the start route is public and says so.
  { method: 'GET', path: '/auth/oidc/ORG/start', admin: 404, public: 404 },
  { method: 'GET', path: '/admin/units', admin: 200 },
  { method: 'GET', path: '/admin/units?organisation=ORG', admin: 200 },
  { method: 'POST', path: '/admin/units', body: (w) => csv(`code,parent,name,level,excluded_from_pooling,valid_from,valid_to\nM-${w},ORG,Matrix ${w},onderdeel,,,`), admin: 200 },
  { method: 'POST', path: '/admin/population', body: () => csv('unit,period,dimension,group,headcount\nBRIG,2024,all,all,120'), admin: 200 },
  { method: 'GET', path: '/admin/instruments', admin: 200 },
  { method: 'GET', path: '/admin/instruments/werkbeleving-sv/1', admin: 200 },
  { method: 'POST', path: '/admin/instruments', body: (w) => json({ ...werkbeleving, version: 100 + WHO.indexOf(w) }), admin: 201 },
  { method: 'GET', path: '/admin/users', admin: 200 },
  { method: 'POST', path: '/admin/users', body: (w) => json({ email: `new-${w}@test.example`, password: 'a long enough password', role: 'researcher', organisation: 'ORG' }), admin: 201 },
  { method: 'GET', path: () => `/admin/users/${victimId}`, admin: 200 },
  { method: 'PATCH', path: () => `/admin/users/${victimId}`, body: () => json({ role: 'commander', scopeUnit: 'COMP-B' }), admin: 200 },
  { method: 'DELETE', path: () => `/admin/users/${victimId}`, admin: 200 },
  { method: 'GET', path: '/admin/organisations', admin: 200 },
  { method: 'GET', path: '/admin/organisations/ORG', admin: 200 },
  { method: 'PATCH', path: '/admin/organisations/ORG', body: () => json({ minGroupSize: 12 }), admin: 200 },
];

function expected(route: Route, who: Who): number {
  if (route.public !== undefined) return route.public;
  if (who === 'none') return 401;
  if (route.signedIn !== undefined) return route.signedIn;
  return who === 'admin' ? route.admin : 403;
}

async function snapshot(): Promise<string> {
  const rows = await queryRows(database.db, sql`select
    (select count(*) from units)::int as units, (select count(*) from population)::int as population,
    (select count(*) from instrument_versions)::int as versions, (select count(*) from users)::int as users,
    (select string_agg(role || coalesce(scope_unit_id::text, '') || active::text, ',' order by id) from users) as roles,
    (select min_group_size from organisations where code = 'ORG') as k`);
  return JSON.stringify(rows);
}

describe('role × route matrix', () => {
  // Admin last, so the refused requests run against the state before the admin changes it.
  const order: Who[] = ['none', 'researcher', 'commander', 'otherCommander', 'admin'];
  for (const route of ROUTES) {
    const label = `${route.method} ${typeof route.path === 'string' ? route.path : route.path.toString().replace(/.*`(.*)`.*/s, '$1')}`;
    it.each(order)(`${label} as %s`, async (who) => {
      const before = await snapshot();
      const body = route.body?.(who);
      const session = who === 'none' ? null : sessions[who];
      const res = await f.app.request(typeof route.path === 'string' ? route.path : route.path(), {
        method: route.method,
        headers: as(session, body ? { 'content-type': body.type } : {}),
        ...(body ? { body: body.text } : {}),
      });
      expect(res.status, await res.clone().text()).toBe(expected(route, who));
      if (res.status === 401 || res.status === 403) expect(await snapshot()).toBe(before);
    });
  }

  it.each(WHO)('POST /auth/logout as %s', async (who) => {
    const session = who === 'none' ? null : await signIn(f.app, EMAIL[who]);
    const res = await f.app.request('/auth/logout', { method: 'POST', headers: as(session) });
    expect(res.status).toBe(who === 'none' ? 401 : 200);
  });

  it('unknown admin paths are 401/403 before they are 404', async () => {
    expect((await f.app.request('/admin/nope')).status).toBe(401);
    expect((await f.app.request('/admin/nope', { headers: as(sessions.researcher) })).status).toBe(403);
    expect((await f.app.request('/admin/nope', { headers: as(sessions.admin) })).status).toBe(404);
  });
});
