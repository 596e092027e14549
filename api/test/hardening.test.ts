/**
 * The findings of issue 13, one by one, against the real app on a real database: each request
 * that used to answer 500 (or worse) now gets a clear 4xx naming the field, and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import { organisations, population, rateLimitBuckets } from '../src/db/schema.js';
import { MAX_INVITATIONS_PER_REQUEST } from '../src/services/invitations.js';
import { MAX_UPLOAD_ROWS } from '../src/routes/admin/units.js';
import { importPopulation } from '../src/services/import-population.js';
import { ImportError } from '../src/errors.js';
import type { TestDatabase } from './helpers/db.js';
import { openWaveApp, type OpenWaveApp } from './helpers/open-wave-app.js';
import { as, type Fixture, type Session } from './auth/fixture.js';
import { tokens } from './survey/factories.js';

let setUp: OpenWaveApp;
let database: TestDatabase;
let f: Fixture;
let admin: Session;
let errorLines: string[] = [];

beforeAll(async () => {
  setUp = await openWaveApp();
  ({ database, f, admin, errorLines } = setUp);
}, 120_000);
afterAll(() => setUp?.close());

const json = (body: unknown) => JSON.stringify(body);
type ErrorBody = { error: { code: string; message: string; issues?: { path?: string; column?: string; reason: string }[] } };

describe('body limits on every route, before parsing', () => {
  const big = 'x'.repeat(200 * 1024);
  it.each([
    ['POST', '/auth/login', false],
    ['POST', '/releases', true],
    ['POST', '/waves', true],
    ['POST', '/survey/submit', false],
    ['PATCH', '/admin/organisations/ORG', true],
  ] as const)('%s %s refuses a 200 KiB body with 413', async (method, path, signedIn) => {
    const res = await f.app.request(path, { method, headers: as(signedIn ? admin : null, { 'content-type': 'application/json' }), body: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large');
  });

  it('counts a body without a length as it streams (chunked)', async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 1024 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(120));
      },
    });
    const res = await f.app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('still takes a large unit file on the upload route', async () => {
    const rows = ['code,parent,name,level,excluded_from_pooling,valid_from,valid_to', 'ORG,,Test organisation,organisatie,,,'];
    for (let i = 0; i < 3000; i++) rows.push(`BIG-${i},ORG,${'Unit with a long name '.repeat(3)}${i},peloton,,,`);
    const body = rows.join('\n');
    expect(body.length).toBeGreaterThan(64 * 1024);
    const res = await f.app.request('/admin/units', { method: 'POST', headers: as(admin, { 'content-type': 'text/csv' }), body });
    expect(res.status).toBe(200);
  });
});

describe('NUL and control characters: 400/422 with the field named', () => {
  it('in a JSON field', async () => {
    const res = await f.app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: json({ email: '\u0000', password: 'x' }) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.issues).toEqual([{ path: 'email', reason: expect.stringContaining('control character') }]);
  });

  it('in a query parameter', async () => {
    const res = await f.app.request('/releases/x/rows?scope=%00', { headers: as(admin) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.issues).toEqual([{ path: 'query.scope', reason: expect.stringContaining('control character') }]);
  });

  it('in a path parameter', async () => {
    for (const path of ['/reports/unit/1%00', '/admin/organisations/%00', '/admin/users/1%0a']) {
      const res = await f.app.request(path, { headers: as(admin) });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as ErrorBody).error.issues?.[0]?.path).toBe('path');
    }
    expect((await f.app.request('/reports/unit/%E0%A4%A', { headers: as(admin) })).status).toBe(400);
  });

  it('in survey answers, wave settings and an instrument', async () => {
    const [token] = await tokens(database.db, 'TST-W1', 'TST-A', 1);
    const draft = await f.app.request('/survey/draft', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: json({ token, answers: { wl1: 'a\u0000' } }) });
    expect(draft.status).toBe(422);
    expect(((await draft.json()) as ErrorBody).error.message).toContain('answers.wl1');
    const wave = await f.app.request('/waves/TST-W1/invitations', { method: 'POST', headers: as(admin, { 'content-type': 'application/json' }), body: json({ unit: 'TST-A\u0001' }) });
    expect(wave.status).toBe(422);
    const instrument = await f.app.request('/admin/instruments', { method: 'POST', headers: as(admin, { 'content-type': 'application/json' }), body: json({ id: 'x\u0000' }) });
    expect(instrument.status).toBe(422);
  });

  it('in an uploaded CSV cell: line and column', async () => {
    const res = await f.app.request('/admin/units', {
      method: 'POST', headers: as(admin, { 'content-type': 'text/csv' }),
      body: 'code,parent,name,level,excluded_from_pooling,valid_from,valid_to\nNUL-1,ORG,Bad\u0000name,peloton,,,\n',
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.issues).toEqual([{ line: 2, column: 'name', reason: expect.stringContaining('control character') }]);
  });
});

describe('the other 500s of the table', () => {
  it('PATCH an organisation with {} changes nothing and answers 200', async () => {
    const res = await f.app.request('/admin/organisations/ORG', { method: 'PATCH', headers: as(admin, { 'content-type': 'application/json' }), body: '{}' });
    expect(res.status).toBe(200);
  });

  it.each(['https:javascript:alert(1)', '//evil.example/', 'javascript:alert(1)', 'https:/evil.example', 'https://user:pw@evil.example/', 'http://evil.example/', 'https://', 'https://exa mple.org/'])(
    'refuses reportingPointUrl %s with 422', async (url) => {
      const res = await f.app.request('/admin/organisations/ORG', { method: 'PATCH', headers: as(admin, { 'content-type': 'application/json' }), body: json({ reportingPointUrl: url }) });
      expect(res.status).toBe(422);
      expect(((await res.json()) as ErrorBody).error.issues?.[0]?.path).toBe('reportingPointUrl');
    },
  );

  it('accepts an https:// address with a host', async () => {
    const res = await f.app.request('/admin/organisations/ORG', { method: 'PATCH', headers: as(admin, { 'content-type': 'application/json' }), body: json({ reportingPointUrl: 'https://meldpunt.example.org/x?y=1' }) });
    expect(res.status).toBe(200);
    const [org] = await database.db.select().from(organisations).where(eq(organisations.code, 'ORG'));
    expect(org!.reportingPointUrl).toBe('https://meldpunt.example.org/x?y=1');
  });

  it('a headcount of 1e20 is a line and column, not a failed query', async () => {
    const before = (await database.db.select().from(population)).length;
    for (const headcount of ['100000000000000000000', '1e20']) {
      const err = await importPopulation(database.db, `unit,period,dimension,group,headcount\nORG,2024,all,all,${headcount}\n`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).report()).toMatch(/line 2, column headcount: /);
    }
    expect((await database.db.select().from(population)).length).toBe(before);
  });

  it('a NUL in an imported file is a line and column (CLI and HTTP share the service)', async () => {
    const err = await importPopulation(database.db, 'unit,period,dimension,group,headcount\nORG,20\u000024,all,all,5\n').catch((e: unknown) => e);
    expect((err as ImportError).report()).toContain('line 2, column period: contains a control character');
  });

  it('malformed JSON is a 4xx everywhere', async () => {
    for (const [method, path] of [['POST', '/auth/login'], ['POST', '/survey/session'], ['PATCH', '/admin/organisations/ORG'], ['POST', '/waves'], ['POST', '/releases']] as const) {
      const res = await f.app.request(path, { method, headers: as(admin, { 'content-type': 'application/json' }), body: '{"a":' });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe('bulk operations are bounded', () => {
  it(`refuses more than ${MAX_INVITATIONS_PER_REQUEST} invitations in one request, before making any`, async () => {
    const res = await f.app.request('/waves/TST-W1/invitations', { method: 'POST', headers: as(admin, { 'content-type': 'application/json' }), body: json({ count: 40_000 }) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.message).toContain(`at most ${MAX_INVITATIONS_PER_REQUEST}`);
    const over = await f.app.request('/waves/TST-W1/invitations', { method: 'POST', headers: as(admin, { 'content-type': 'application/json' }), body: json({ count: MAX_INVITATIONS_PER_REQUEST + 1 }) });
    expect(over.status).toBe(422);
  });

  it(`refuses an upload of more than ${MAX_UPLOAD_ROWS} rows before reading any`, async () => {
    const body = `unit,period,dimension,group,headcount\n${'ORG,2024,all,all,1\n'.repeat(MAX_UPLOAD_ROWS + 1)}`;
    const res = await f.app.request('/admin/population', { method: 'POST', headers: as(admin, { 'content-type': 'text/csv' }), body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.message).toContain(`at most ${MAX_UPLOAD_ROWS} rows`);
  });

  it('streams invitations as CSV named by the server', async () => {
    const res = await f.app.request('/waves/TST-W1/invitations?format=csv&filename=evil.bat', {
      method: 'POST', headers: as(admin, { 'content-type': 'application/json' }), body: json({ unit: 'TST-B', count: 2500 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="invitations-TST-W1.csv"');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('unit,link');
    expect(lines.length).toBe(2501);
    expect(lines[1]).toMatch(/^TST-B,http.*\/t\/[a-z0-9]+$/);
  });
});

describe('shared networks: failures are limited, valid links never', () => {
  it('after many bad guesses from one address, a valid link from that address opens the survey', async () => {
    const app = createApp({ db: database.db, survey: { rateLimits: { perAddress: { capacity: 10, refillPerSecond: 0.001 }, global: { capacity: 10_000, refillPerSecond: 1 } } } });
    const nat = '192.0.2.200';
    const post = (token: string) => app.request('/survey/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': nat }, body: json({ token }) });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await post(randomBytes(13).toString('hex'))).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const [token] = await tokens(database.db, 'TST-W1', 'TST-A', 1);
    const valid = await post(token!);
    expect(valid.status).toBe(200);
    expect(((await valid.json()) as { unit: { code: string } }).unit.code).toBe('TST-A');
    // Even an empty instance-wide bucket does not stop a valid link.
    const strict = createApp({ db: database.db, survey: { rateLimits: { perAddress: { capacity: 100, refillPerSecond: 1 }, global: { capacity: 1, refillPerSecond: 0.0001 } } } });
    await database.db.delete(rateLimitBuckets);
    for (let i = 0; i < 3; i++) await strict.request('/survey/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.0.${i}` }, body: json({ token: 'z'.repeat(26) }) });
    const stillValid = await strict.request('/survey/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.18.0.9' }, body: json({ token }) });
    expect(stillValid.status).toBe(200);
    await database.db.delete(rateLimitBuckets);
  });

  it('stores no address: bucket keys are pseudonyms', async () => {
    const app = createApp({ db: database.db });
    await app.request('/survey/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.77' }, body: json({ token: 'q'.repeat(26) }) });
    const keys = (await database.db.select().from(rateLimitBuckets)).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('192.0.2');
  });
});

describe('operations', () => {
  it('/health answers without the database; /ready checks it and the migrations', async () => {
    expect((await f.app.request('/health')).status).toBe(200);
    const ready = await f.app.request('/ready');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; migrations: { applied: number; expected: number } };
    expect(body.status).toBe('ready');
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });

  it('every response carries a request id; a well-formed one from the front is kept', async () => {
    const res = await f.app.request('/health');
    expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const given = await f.app.request('/health', { headers: { 'x-request-id': 'abcdef123456' } });
    expect(given.headers.get('x-request-id')).toBe('abcdef123456');
    const bad = await f.app.request('/health', { headers: { 'x-request-id': 'a\tb' } });
    expect(bad.headers.get('x-request-id')).not.toBe('a\tb');
  });

  it('no request of this file made the server log an internal error', () => {
    expect(errorLines).toEqual([]);
  });
});
