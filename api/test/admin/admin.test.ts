import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { werkbeleving } from '@vw/questionnaire';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { EMAIL, as, createFixture, signIn, type Fixture, type Session } from '../auth/fixture.js';
import { instrumentVersions, population, sessions as sessionsTable, units, users } from '../../src/db/schema.js';

let database: TestDatabase;
let f: Fixture;
let admin: Session;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.db);
  admin = await signIn(f.app, EMAIL.admin);
}, 120_000);
afterAll(async () => database.destroy());

const send = (method: string, path: string, body?: { type: string; text: string }, session: Session = admin) =>
  f.app.request(path, { method, headers: as(session, body ? { 'content-type': body.type } : {}), ...(body ? { body: body.text } : {}) });
const csv = (text: string) => ({ type: 'text/csv', text });
const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) });
type ErrorBody = { error: { code: string; message: string; issues?: { line?: number; column?: string; path?: string; reason: string }[] } };

const HEADER = 'code,parent,name,level,excluded_from_pooling,valid_from,valid_to';

describe('units upload', () => {
  it('stores a good file and reports the counts', async () => {
    const res = await send('POST', '/admin/units', csv(`${HEADER}\nGOOD-1,BRIG,Good one,compagnie,,,\nGOOD-2,GOOD-1,Good two,peloton,false,2024-01-01,`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: 2, updated: 0 });
    const list = (await (await send('GET', '/admin/units?organisation=ORG')).json()) as { units: { code: string; parentId: number | null }[] };
    expect(list.units.map((u) => u.code)).toContain('GOOD-2');
  });

  it('previews an upload (?dryRun=true): the counts it would change, nothing stored; bad rows as usual', async () => {
    const before = (await database.db.select().from(units)).length;
    const res = await send('POST', '/admin/units?dryRun=true', csv(`${HEADER}\nDRY-1,BRIG,Dry one,compagnie,,,\nGOOD-1,BRIG,Good one renamed,compagnie,,,`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: 1, updated: 1, dryRun: true });
    expect((await database.db.select().from(units)).length).toBe(before);
    expect((await database.db.select().from(units)).find((u) => u.code === 'GOOD-1')?.name).toBe('Good one');
    expect((await send('POST', '/admin/units?dryRun=true', csv(`${HEADER}\nDRY-2,NOPE,Orphan,compagnie,,,`))).status).toBe(422);
  });

  it('rejects a file with a bad row with 422, line numbers, and stores nothing', async () => {
    const before = (await database.db.select().from(units)).length;
    const res = await send('POST', '/admin/units', csv(`${HEADER}\nBAD-1,BRIG,Fine,compagnie,,,\nBAD-2,NOPE,Orphan,compagnie,,,\nBAD-3,BRIG,Bad flag,compagnie,maybe,,`));
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid_file');
    expect(body.error.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ line: 3, column: 'parent' }),
      expect.objectContaining({ line: 4, column: 'excluded_from_pooling' }),
    ]));
    expect(body.error.issues!.some((i) => i.line === 2)).toBe(false);
    expect((await database.db.select().from(units)).length).toBe(before);
    expect(await database.db.select().from(units).where(eq(units.code, 'BAD-1'))).toEqual([]);
  });

  it('accepts a byte-order mark', async () => {
    expect((await send('POST', '/admin/units', csv(`\uFEFF${HEADER}\nBOM-1,BRIG,With BOM,compagnie,,,`))).status).toBe(200);
  });
});

describe('population upload', () => {
  it('stores a good file', async () => {
    const res = await send('POST', '/admin/population', csv('unit,period,dimension,group,headcount\nBRIG,2024,all,all,300\nCOMP-A,2024,all,all,120'));
    expect(res.status).toBe(200);
    expect((await database.db.select().from(population)).length).toBe(2);
  });

  it('rejects a bad row with its line number and stores nothing', async () => {
    const res = await send('POST', '/admin/population', csv('unit,period,dimension,group,headcount\nCOMP-B,2025,all,all,90\nCOMP-B,2025,all,all,-3'));
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ line: 3, column: 'headcount' })]));
    expect(body.error.issues!.every((i) => i.line === 3)).toBe(true);
    expect((await database.db.select().from(population)).length).toBe(2);
  });
});

describe('instruments', () => {
  it('publishes a valid version, lists it, shows it, and refuses to publish it again', async () => {
    const res = await send('POST', '/admin/instruments', json({ ...werkbeleving, version: 7 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ref: 'werkbeleving-sv@7', code: 'werkbeleving-sv', version: 7 });
    const list = (await (await send('GET', '/admin/instruments')).json()) as { instruments: { code: string; versions: { version: number; items: number }[] }[] };
    const entry = list.instruments.find((i) => i.code === 'werkbeleving-sv')!;
    expect(entry.versions.map((v) => v.version)).toContain(7);
    const one = (await (await send('GET', '/admin/instruments/werkbeleving-sv/7')).json()) as { definition: { version: number } };
    expect(one.definition.version).toBe(7);
    const again = await send('POST', '/admin/instruments', json({ ...werkbeleving, version: 7, title: { nl: 'Anders', en: 'Other' } }));
    expect(again.status).toBe(409);
    expect((await send('GET', '/admin/instruments/werkbeleving-sv/99')).status).toBe(404);
  });

  it('rejects an invalid definition with 422 and the paths of the problems', async () => {
    const res = await send('POST', '/admin/instruments', json({ ...werkbeleving, version: 8, items: [] }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.issues!.some((i) => i.path === 'items')).toBe(true);
    expect((await send('POST', '/admin/instruments', { type: 'application/json', text: '{not json' })).status).toBe(422);
  });

  it('rejects reporting dimensions that differ from the platform\'s (decision 083), saying which and why, and stores nothing', async () => {
    const count = async () => (await database.db.select().from(instrumentVersions)).length;
    const before = await count();
    // one left out (valid for @vw/questionnaire, which allows any dimensions)
    const fewer = await send('POST', '/admin/instruments', json({ ...werkbeleving, version: 9, dimensions: ['all', 'gender', 'age_band', 'personnel_type'] }));
    expect(fewer.status).toBe(422);
    const a = (await fewer.json()) as ErrorBody;
    expect(a.error.code).toBe('invalid');
    expect(a.error.message).toBe('werkbeleving-sv@9 cannot be published: its reporting dimensions differ from the platform\'s');
    expect(a.error.issues).toEqual([{ path: 'dimensions', reason: 'missing rank_group: every instrument reports by the platform\'s reporting dimensions (gender, age_band, personnel_type, rank_group), with its background items or derived dimensions of those codes' }]);
    // one more: a background item the responses table has no column for
    const extra = await send('POST', '/admin/instruments', json({
      ...werkbeleving, version: 10,
      items: [...werkbeleving.items, { code: 'location', module: 'bg', type: 'single', background: true, text: { nl: 'Waar werkt u?', en: 'Where do you work?' }, options: [{ code: 'a', text: { nl: 'A', en: 'A' } }, { code: 'zeg_niet', text: { nl: 'zeg ik liever niet', en: "I'd rather not say" } }] }],
      dimensions: [...werkbeleving.dimensions, 'location'],
    }));
    expect(extra.status).toBe(422);
    const b = (await extra.json()) as ErrorBody;
    expect(b.error.issues).toEqual([{ path: 'dimensions.5', reason: expect.stringMatching(/^"location" is not one of the platform's reporting dimensions \(gender, age_band, personnel_type, rank_group\): responses cannot be stored or counted by it; remove it/) }]);
    expect(await count()).toBe(before);
    expect((await send('GET', '/admin/instruments/werkbeleving-sv/9')).status).toBe(404);
    expect((await send('GET', '/admin/instruments/werkbeleving-sv/10')).status).toBe(404);
    // the same dimensions in another order are the same dimensions
    const reordered = await send('POST', '/admin/instruments', json({ ...werkbeleving, version: 11, dimensions: ['all', 'rank_group', 'personnel_type', 'age_band', 'gender'] }));
    expect(reordered.status).toBe(201);
  });
});

describe('users', () => {
  it('creates a commander scoped to a unit, derives the organisation, and lets them sign in', async () => {
    const res = await send('POST', '/admin/users', json({ email: 'New.Commander@Test.example', password: 'a long enough password', role: 'commander', scopeUnit: 'COMP-B' }));
    expect(res.status).toBe(201);
    const { user } = (await res.json()) as { user: { id: number; email: string; organisation: string; scopeUnit: string } };
    expect(user).toMatchObject({ email: 'new.commander@test.example', organisation: 'ORG', scopeUnit: 'COMP-B', role: 'commander' });
    await signIn(f.app, 'new.commander@test.example', 'a long enough password');
  });

  it.each([
    [{ email: 'x@test.example', password: 'short', role: 'researcher', organisation: 'ORG' }, 'password'],
    [{ email: 'not an address', password: 'a long enough password', role: 'researcher', organisation: 'ORG' }, 'email'],
    [{ email: 'y@test.example', password: 'a long enough password', role: 'commander' }, 'scopeUnit'],
    [{ email: 'z@test.example', password: 'a long enough password', role: 'commander', scopeUnit: 'NOPE' }, 'scopeUnit'],
    [{ email: 'w@test.example', password: 'a long enough password', role: 'commander', organisation: 'OTHER', scopeUnit: 'COMP-A' }, 'scopeUnit'],
    [{ email: 'v@test.example', password: 'a long enough password', role: 'researcher' }, 'organisation'],
    [{ email: EMAIL.researcher, password: 'a long enough password', role: 'researcher', organisation: 'ORG' }, 'email'],
    [{ email: 'u@test.example', password: 'a long enough password', role: 'superuser' }, 'role'],
  ])('rejects %j (field %s)', async (body, field) => {
    const res = await send('POST', '/admin/users', json(body));
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.issues!.map((i) => i.path)).toContain(field);
  });

  it('changes a scope, ends the user\'s sessions, deactivates and unlocks', async () => {
    const s = await signIn(f.app, EMAIL.otherCommander);
    const res = await send('PATCH', `/admin/users/${f.ids.otherCommander}`, json({ scopeUnit: 'BRIG' }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { scopeUnit: string } }).user.scopeUnit).toBe('BRIG');
    expect((await f.app.request('/auth/me', { headers: as(s) })).status).toBe(401);
    await database.db.update(users).set({ lockedUntil: new Date(Date.now() + 600_000) }).where(eq(users.id, f.ids.otherCommander));
    const listed = (await (await send('GET', `/admin/users/${f.ids.otherCommander}`)).json()) as { user: { lockedUntil: string | null } };
    expect(listed.user.lockedUntil).not.toBeNull();
    expect((await send('PATCH', `/admin/users/${f.ids.otherCommander}`, json({ unlock: true }))).status).toBe(200);
    await signIn(f.app, EMAIL.otherCommander);
    const del = await send('DELETE', `/admin/users/${f.ids.otherCommander}`);
    expect(del.status).toBe(200);
    expect(((await del.json()) as { user: { active: boolean } }).user.active).toBe(false);
    expect(await database.db.select().from(sessionsTable).where(eq(sessionsTable.userId, f.ids.otherCommander))).toEqual([]);
    await expect(signIn(f.app, EMAIL.otherCommander)).rejects.toThrow(/401/);
  });

  it('keeps an admin from removing their own role', async () => {
    expect((await send('PATCH', `/admin/users/${f.ids.admin}`, json({ role: 'researcher', organisation: 'ORG' }))).status).toBe(409);
    expect((await send('DELETE', `/admin/users/${f.ids.admin}`)).status).toBe(409);
    expect((await send('GET', '/admin/users/999999')).status).toBe(404);
    expect((await send('PATCH', `/admin/users/${f.ids.researcher}`, json({ role: 'researcher', isAdmin: true }))).status).toBe(422);
  });
});

describe('organisation settings', () => {
  it('updates the settings and never returns the client secret', async () => {
    const res = await send('PATCH', '/admin/organisations/ORG', json({
      minGroupSize: 15, minVictims: 10, perpetratorMaxDepth: 2, surveyCycleYears: 3, reportingPointUrl: 'https://example.org/melden',
      oidcIssuer: 'https://login.example.org', oidcClientId: 'vw', oidcClientSecret: 's3cret', oidcEmailClaim: 'email',
    }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('s3cret');
    expect(JSON.parse(text).organisation).toMatchObject({ minGroupSize: 15, perpetratorMaxDepth: 2, oidcClientSecretSet: true, ssoEnabled: true });
    const list = await (await send('GET', '/admin/organisations')).text();
    expect(list).not.toContain('s3cret');
    const sso = (await (await f.app.request('/auth/oidc')).json()) as { organisations: { code: string }[] };
    expect(sso.organisations.map((o) => o.code)).toEqual(['ORG']);
  });

  it.each([
    [{ minGroupSize: 4 }, 'minGroupSize'],
    [{ minGroupSize: 10.5 }, 'minGroupSize'],
    [{ minVictims: 101 }, 'minVictims'],
    [{ perpetratorMaxDepth: -1 }, 'perpetratorMaxDepth'],
    [{ surveyCycleYears: 0 }, 'surveyCycleYears'],
    [{ responseRetentionYears: 0 }, 'responseRetentionYears'],
    [{ responseRetentionYears: 2, surveyCycleYears: 3 }, 'responseRetentionYears'],
    [{ reportingPointUrl: 'javascript:alert(1)' }, 'reportingPointUrl'],
    [{ reportingPointUrl: 'http://example.org/melden' }, 'reportingPointUrl'],
    [{ oidcClientSecret: null }, 'oidcClientSecret'],
    [{ oidcEmailClaim: 'e mail' }, 'oidcEmailClaim'],
    [{ unknownSetting: 1 }, ''],
  ])('rejects %j', async (body, field) => {
    const res = await send('PATCH', '/admin/organisations/ORG', json(body));
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.issues!.map((i) => i.path)).toContain(field);
  });

  it('sets how long raw responses are kept', async () => {
    const res = await send('PATCH', '/admin/organisations/ORG', json({ responseRetentionYears: 6 }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { organisation: { responseRetentionYears: number } }).organisation.responseRetentionYears).toBe(6);
  });

  it('404s an unknown organisation', async () => {
    expect((await send('GET', '/admin/organisations/NOPE')).status).toBe(404);
  });
});
