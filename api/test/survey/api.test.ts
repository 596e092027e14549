/** The respondent API in-process (app.request): session, draft, submit, errors, rate limits. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Whole-suite runs share two cores with heavy analysis tests: give database set-up room.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected loosely
const j = (r: Response): Promise<any> => r.json();

vi.setConfig({ hookTimeout: 120_000, testTimeout: 60_000 });
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app.js';
import { queryRows, sql } from '../../src/db/client.js';
import { invitations, rateLimitBuckets } from '../../src/db/schema.js';
import { closeWave, createOpenLinks, hashCode, newToken } from '../../src/services/invitations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { completeAnswers, createOpenWave, createOrganisation, REPORTING_POINT, tokens } from './factories.js';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const key = () => randomBytes(18).toString('base64url');

beforeAll(async () => {
  t = await createTestDatabase();
  await createOrganisation(t.db);
  await createOpenWave(t.db);
  app = createApp({ db: t.db, surveyBaseUrl: 'http://survey.test' });
});
afterAll(async () => { await t.destroy(); });

function call(path: string, body: unknown, init: { method?: string; address?: string } = {}) {
  return app.request(`/survey${path}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': init.address ?? '10.0.0.1' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function count(table: 'responses' | 'drafts'): Promise<number> {
  const [r] = await queryRows<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table}`));
  return r!.n;
}

describe('session and draft', () => {
  it('opens a session with the questionnaire, the organisation and its reporting point', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const res = await call('/session', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const s = await j(res);
    expect(s.organisation).toEqual({ name: 'Testorganisatie', minGroupSize: 7, reportingPointUrl: REPORTING_POINT });
    expect(s.unit.code).toBe('TST-A');
    expect(s.instrument.ref).toBe('werkbeleving-sv@1');
    expect(s.answers).toEqual({});
  });

  it('accepts a typed token in upper case with spaces', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const typed = token!.toUpperCase().replace(/(.{5})/g, '$1 ');
    expect((await call('/session', { token: typed })).status).toBe(200);
  });

  it('saves a draft and returns it on the next session (resume)', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const put = await call('/draft', { token, answers: { wl1: 2, sv_experienced: 3, sv_form: ['pesten'] } }, { method: 'PUT' });
    expect(put.status).toBe(200);
    const s = await j(await call('/session', { token }));
    expect(s.answers).toEqual({ wl1: 2, sv_experienced: 3, sv_form: ['pesten'] });
  });

  it('keeps the language chosen with the draft, so resuming on another device keeps it', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    expect((await j(await call('/session', { token }))).lang).toBeNull();
    expect((await call('/draft', { token, answers: { wl1: 2 }, lang: 'en' }, { method: 'PUT' })).status).toBe(200);
    expect((await j(await call('/session', { token }))).lang).toBe('en');
    // A save that names no language keeps the one stored; another language replaces it.
    await call('/draft', { token, answers: { wl1: 3 } }, { method: 'PUT' });
    expect((await j(await call('/session', { token }))).lang).toBe('en');
    await call('/draft', { token, answers: { wl1: 3 }, lang: 'nl' }, { method: 'PUT' });
    expect((await j(await call('/session', { token }))).lang).toBe('nl');
    // Only the survey's languages: anything else is refused and changes nothing.
    const bad = await call('/draft', { token, answers: { wl1: 4 }, lang: 'fr' }, { method: 'PUT' });
    expect(bad.status).toBe(422); // validation is 422 everywhere (decision 080)
    const s = await j(await call('/session', { token }));
    expect([s.lang, s.answers]).toEqual(['nl', { wl1: 3 }]);
  });

  it('refuses an invalid draft with the issues per item', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const res = await call('/draft', { token, answers: { wl1: 9 } }, { method: 'PUT' });
    expect(res.status).toBe(422);
    const body = await j(res);
    expect(body.error.code).toBe('invalid_answers');
    expect(body.error.issues[0]).toMatchObject({ item: 'wl1', code: 'out_of_range' });
  });
});

describe('submit', () => {
  it('stores one anonymous response, marks the token used and deletes the draft in one go', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    await call('/draft', { token, answers: { wl1: 2 } }, { method: 'PUT' });
    const drafts = await count('drafts');
    const before = await count('responses');
    const res = await call('/submit', { token, answers: completeAnswers(true), key: key() });
    expect(res.status).toBe(200);
    expect(await j(res)).toEqual({ status: 'received' });
    expect(await count('responses')).toBe(before + 1);
    expect(await count('drafts')).toBe(drafts - 1);
    const [inv] = await queryRows<{ used: boolean }>(t.db, sql`select used from invitations where token_hash = ${hashCode(token!)}`);
    expect(inv!.used).toBe(true);
    const rows = await queryRows<Record<string, unknown>>(t.db, sql`select * from responses order by random() limit 1`);
    const row = rows[0]!;
    expect(String(row['id'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const column of Object.keys(row)) expect(column).not.toMatch(/token|invitation|hash|ip|agent|address|time|created|key|receipt/i);
    expect(row['submitted_on']).toBeDefined();
    const text = JSON.stringify(rows);
    expect(text).not.toContain(token);
    expect(text).not.toContain(hashCode(token!).toString('hex'));
  });

  it('keeps the day only, in UTC', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    const k = key();
    await call('/submit', { token, answers: { ...completeAnswers(false), sat: 3 }, key: k });
    const rows = await queryRows<{ d: string }>(t.db, sql`select submitted_on::text as d from responses where (answers->>'sat')::int = 3`);
    expect(rows.map((r) => r.d)).toEqual([new Date().toISOString().slice(0, 10)]);
  });

  it('is idempotent: a retry with the same key returns the first result and stores nothing', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    const k = key();
    const answers = completeAnswers(false);
    const first = await call('/submit', { token, answers, key: k });
    const n = await count('responses');
    const retry = await call('/submit', { token, answers, key: k });
    expect(retry.status).toBe(first.status);
    expect(await j(retry)).toEqual(await j(first));
    expect(await count('responses')).toBe(n);
  });

  it('refuses a different submission on a used token with a clear 409', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    await call('/submit', { token, answers: completeAnswers(false), key: key() });
    const n = await count('responses');
    const second = await call('/submit', { token, answers: completeAnswers(true), key: key() });
    expect(second.status).toBe(409);
    expect((await j(second)).error.code).toBe('already_submitted');
    expect(await count('responses')).toBe(n);
    // and the link no longer opens the questionnaire
    expect((await call('/session', { token })).status).toBe(409);
  });

  it('stores exactly one response for concurrent submissions on one token', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const n = await count('responses');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      call('/submit', { token, answers: completeAnswers(i % 2 === 0), key: key() })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await count('responses')).toBe(n + 1);
  });

  it('treats concurrent double clicks with the same key as one submission that succeeds twice', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const n = await count('responses');
    const k = key();
    const results = await Promise.all([1, 2, 3].map(() => call('/submit', { token, answers: completeAnswers(false), key: k })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await count('responses')).toBe(n + 1);
  });

  describe.each([
    ['an unknown item', { ...completeAnswers(false), nope: 1 }, 'unknown_item'],
    ['an unknown option', { ...completeAnswers(false), gender: 'x' }, 'unknown_option'],
    ['a value out of range', { ...completeAnswers(false), sat: 11 }, 'out_of_range'],
    ['a wrong type', { ...completeAnswers(false), wl1: 'vier' }, 'wrong_type'],
    ['a follow-up for a non-victim', { ...completeAnswers(false), sv_form: ['pesten'] }, 'not_shown'],
    ['discrimination grounds without discrimination', { ...completeAnswers(true), sv_form: ['pesten'] }, 'not_shown'],
    ['a rank for a civilian', { ...completeAnswers(false), personnel_type: 'burger' }, 'not_shown'],
    ['an exclusive option combined', { ...completeAnswers(true), sv_perpetrator: ['collega', 'zeg_niet'] }, 'exclusive_combined'],
    ['a repeated option', { ...completeAnswers(true), sv_form: ['pesten', 'pesten', 'discriminatie'] }, 'duplicate_option'],
  ])('with %s', (_name, answers, code) => {
    it(`is refused (422 ${code}) and stores nothing; the token stays usable`, async () => {
      const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
      const n = await count('responses');
      const res = await call('/submit', { token, answers, key: key() });
      expect(res.status).toBe(422);
      const body = await j(res);
      expect(body.error.code).toBe('invalid_answers');
      expect(body.error.issues.map((i: { code: string }) => i.code)).toContain(code);
      expect(await count('responses')).toBe(n);
      expect((await call('/submit', { token, answers: completeAnswers(false), key: key() })).status).toBe(200);
    });
  });

  it.each([
    ['not JSON', 'not json', 422, 'invalid'],
    ['without a key', { token: 'a'.repeat(26), answers: {} }, 422, 'invalid'],
    ['with answers that are not an object', { token: 'a'.repeat(26), answers: [1], key: 'k'.repeat(22) }, 422, 'invalid'],
    ['with extra fields', { token: 'a'.repeat(26), answers: {}, key: 'k'.repeat(22), ip: '1.2.3.4' }, 422, 'invalid'],
  ])('refuses a body %s', async (_name, body, status, code) => {
    const res = await call('/submit', body, { address: '10.9.9.9' });
    expect(res.status).toBe(status);
    expect((await j(res)).error.code).toBe(code);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await call('/submit', { token: 'a'.repeat(26), answers: { x: 'y'.repeat(70_000) }, key: 'k'.repeat(22) });
    expect(res.status).toBe(413);
    expect((await j(res)).error.code).toBe('payload_too_large');
  });

  it('holds bodies to the limit over a real socket, with a stated length and chunked', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const send = (payload: string, chunked: boolean) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'x-forwarded-for': '10.8.8.8' };
      if (!chunked) headers['content-length'] = Buffer.byteLength(payload);
      const req = httpRequest({ host: '127.0.0.1', port, path: '/survey/submit', method: 'POST', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      if (chunked) { for (let i = 0; i < payload.length; i += 8192) req.write(payload.slice(i, i + 8192)); req.end(); } else req.end(payload);
    });
    try {
      const big = JSON.stringify({ token: 'a'.repeat(26), answers: { x: 'y'.repeat(70_000) }, key: 'k'.repeat(22) });
      const small = JSON.stringify({ token: 'b'.repeat(26), answers: {}, key: 'k'.repeat(22) });
      for (const chunked of [false, true]) {
        const over = await send(big, chunked);
        expect(over.status).toBe(413);
        expect(JSON.parse(over.body).error.code).toBe('payload_too_large');
        // under the limit the body is read and judged on its content: an unknown token
        const under = await send(small, chunked);
        expect(under.status).toBe(404);
        expect(JSON.parse(under.body).error.code).toBe('invalid_token');
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never echoes the token or answers in an error', async () => {
    const res = await call('/submit', { token: 'zzzzzzzzzzzzzzzzzzzzzzzzzz', answers: { secret_item: 'my secret' }, key: key() }, { address: '10.7.7.7' });
    const text = await res.text();
    expect(text).not.toContain('zzzzzzzzzz');
    expect(text).not.toContain('my secret');
  });
});

describe('wave state', () => {
  it('refuses a closed wave (and unused tokens die at close)', async () => {
    await createOpenWave(t.db, { code: 'TST-W2' });
    const [a, b] = await tokens(t.db, 'TST-W2', 'TST-A', 2);
    await call('/draft', { token: b, answers: { wl1: 1 } }, { method: 'PUT' });
    const summary = await closeWave(t.db, 'TST-W2');
    expect(summary).toEqual({ used: 0, unused: 2, draftsDeleted: 1 });
    for (const [path, body] of [['/session', { token: a }], ['/submit', { token: a, answers: completeAnswers(false), key: key() }], ['/draft', { token: b, answers: {} }]] as const) {
      const res = await call(path, body, { method: path === '/draft' ? 'PUT' : 'POST' });
      expect(res.status).toBe(409);
      expect((await j(res)).error.code).toBe('wave_closed');
    }
  });

  it('refuses a wave whose closing moment has passed', async () => {
    const w = await createOpenWave(t.db, { code: 'TST-W3', opens: new Date(Date.now() - 10 * 86_400_000), closes: new Date(Date.now() - 1000) });
    const token = newToken();
    const [unit] = await queryRows<{ id: number }>(t.db, sql`select id from units where code = 'TST-A'`);
    await t.db.insert(invitations).values({ tokenHash: hashCode(token), waveId: w.id, unitId: unit!.id });
    const res = await call('/session', { token });
    expect(res.status).toBe(409);
    expect((await j(res)).error.code).toBe('wave_closed');
  });

  it('refuses a wave that has not opened yet', async () => {
    await createOpenWave(t.db, { code: 'TST-W4', opens: new Date(Date.now() + 86_400_000), closes: new Date(Date.now() + 9 * 86_400_000) });
    const [a] = await tokens(t.db, 'TST-W4', 'TST-A', 1);
    const res = await call('/submit', { token: a, answers: completeAnswers(false), key: key() });
    expect(res.status).toBe(409);
    expect((await j(res)).error.code).toBe('wave_not_open');
  });
});

describe('open-link mode', () => {
  it('starts a fresh invitation per start with the unit access code', async () => {
    const [link] = await createOpenLinks(t.db, 'TST-W1', 'TST-B');
    const a = await j(await call('/open', { code: link!.token }));
    const b = await j(await call('/open', { code: link!.token.toUpperCase() }));
    expect(a.token).not.toBe(b.token);
    const s = await j(await call('/session', { token: a.token }));
    expect(s.unit.code).toBe('TST-B');
    expect((await call('/submit', { token: a.token, answers: completeAnswers(false), key: key() })).status).toBe(200);
  });

  it('refuses an unknown code', async () => {
    const res = await call('/open', { code: 'aaaaaaaaaaaaaaaa' }, { address: '10.5.5.5' });
    expect(res.status).toBe(404);
  });

  it('checks a code without starting anything, so the intro can refuse an unknown one before Start', async () => {
    const [link] = await createOpenLinks(t.db, 'TST-W1', 'TST-B');
    const count = async () => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from invitations`))[0]!.n;
    const before = await count();
    const ok = await call('/open/check', { code: link!.token });
    expect(ok.status).toBe(200);
    expect(await j(ok)).toEqual({ status: 'open' });
    expect(await count()).toBe(before); // no invitation issued by a check
    const unknown = await call('/open/check', { code: 'aaaaaaaaaaaaaaaa' }, { address: '10.5.5.6' });
    expect(unknown.status).toBe(404);
    expect((await j(unknown)).error.code).toBe('invalid_token');
  });
});

describe('rate limits', () => {
  it('stops token guessing per address, without hindering other addresses or valid tokens', async () => {
    let clock = 0;
    const limited = createApp({ db: t.db, survey: { now: () => new Date(), rateLimits: { perAddress: { capacity: 5, refillPerSecond: 0.1 }, global: { capacity: 1000, refillPerSecond: 1 }, now: () => clock } } });
    const guess = (address: string) => limited.request('/survey/session', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ token: randomBytes(16).toString('hex').slice(0, 26).replace(/[0189]/g, 'a') }),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await guess('192.0.2.1')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    const blocked = await guess('192.0.2.1');
    expect(blocked.headers.get('retry-after')).toBe('10');
    expect((await j(blocked)).error.code).toBe('rate_limited');
    expect((await guess('192.0.2.2')).status).toBe(404);
    clock += 10_000; // one failure forgiven
    expect((await guess('192.0.2.1')).status).toBe(404);
    expect((await guess('192.0.2.1')).status).toBe(429);
  });

  it('stops guessing globally across many addresses', async () => {
    const limited = createApp({ db: t.db, survey: { rateLimits: { perAddress: { capacity: 100, refillPerSecond: 1 }, global: { capacity: 20, refillPerSecond: 0.001 } } } });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const res = await limited.request('/survey/session', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
        body: JSON.stringify({ token: 'b'.repeat(26) }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // The buckets live in the database, shared by every app on it: empty them for the next tests.
    await t.db.delete(rateLimitBuckets);
  });
});

describe('security headers', () => {
  it('sends no-referrer, nosniff and no-store on respondent routes', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const res = await call('/session', { token });
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // errors too: an error response is built by the app's error handler, after the route failed
    const refused = await call('/session', { token: 'c'.repeat(26) }, { address: '10.6.6.6' });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
