/**
 * The operational log of a whole session of use — sign-ins right and wrong, a respondent's
 * session, draft and submission, guesses, admin actions, and an internal error whose failed query
 * carried a token hash and answers — grepped for what must never be in it: a token, an answer, a
 * password, a session cookie, a client address. And what must: JSON lines, a request id on every
 * request line, the error with its stack.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { queryRows, sql } from '../src/db/client.js';
import { configureLog } from '../src/log.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { EMAIL, PASSWORD, as, createFixture, signIn, type Fixture } from './auth/fixture.js';
import { completeAnswers, createOpenWave, createOrganisation, tokens } from './survey/factories.js';

let database: TestDatabase;
let broken: TestDatabase;
let f: Fixture;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  broken = await createTestDatabase();
  f = await createFixture(database.db);
  await createOrganisation(database.db);
  await createOpenWave(database.db);
  await createOrganisation(broken.db);
  await createOpenWave(broken.db);
  configureLog({ level: 'debug', sink: (line) => lines.push(line) });
}, 120_000);
afterAll(async () => {
  configureLog({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
  await database.destroy();
  await broken.destroy();
});

describe('operational logs', () => {
  it('hold no token, answer, password, cookie or address, and carry request ids and stacks', async () => {
    const secrets: string[] = [PASSWORD];
    const address = '198.51.100.231';
    const wrongPassword = `wrong-${randomBytes(6).toString('hex')}`;
    secrets.push(wrongPassword, address);
    const json = { 'content-type': 'application/json', 'x-forwarded-for': address };

    // Dashboard users.
    const admin = await signIn(f.app, EMAIL.admin);
    secrets.push(admin.cookie.split('=')[1]!, admin.csrf);
    await f.app.request('/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ email: EMAIL.researcher, password: wrongPassword }) });
    await f.app.request('/admin/users', { headers: as(admin) });
    await f.app.request('/admin/organisations/ORG', { method: 'PATCH', headers: as(admin, { 'content-type': 'application/json' }), body: JSON.stringify({ name: 'Renamed' }) });
    const invite = await f.app.request('/waves/TST-W1/invitations', { method: 'POST', headers: as(admin, { 'content-type': 'application/json' }), body: JSON.stringify({ unit: 'TST-B', count: 2 }) });
    for (const i of ((await invite.json()) as { invitations: { link: string }[] }).invitations) secrets.push(i.link.split('/t/')[1]!);

    // A respondent: session, draft, submission, a retry, and guesses.
    const [token] = (await tokens(database.db, 'TST-W1', 'TST-A', 1)) as [string];
    secrets.push(token);
    const answers = completeAnswers(true);
    const key = randomBytes(18).toString('base64url');
    secrets.push(key);
    await f.app.request('/survey/session', { method: 'POST', headers: json, body: JSON.stringify({ token }) });
    await f.app.request('/survey/draft', { method: 'PUT', headers: json, body: JSON.stringify({ token, answers: { wl1: 2, sv_form: ['pesten'] } }) });
    expect((await f.app.request('/survey/submit', { method: 'POST', headers: json, body: JSON.stringify({ token, answers, key }) })).status).toBe(200);
    await f.app.request('/survey/submit', { method: 'POST', headers: json, body: JSON.stringify({ token, answers, key }) });
    for (let i = 0; i < 3; i++) {
      const guess = randomBytes(13).toString('hex');
      secrets.push(guess);
      await f.app.request('/survey/session', { method: 'POST', headers: json, body: JSON.stringify({ token: guess }) });
    }

    // An internal error: the drafts table is gone, so the draft's INSERT fails with its
    // parameters (the token's hash and the answers) in the driver's error.
    const brokenApp = createApp({ db: broken.db });
    const [brokenToken] = (await tokens(broken.db, 'TST-W1', 'TST-A', 1)) as [string];
    secrets.push(brokenToken);
    await queryRows(broken.db, sql`drop table drafts cascade`);
    const failed = await brokenApp.request('/survey/draft', { method: 'PUT', headers: json, body: JSON.stringify({ token: brokenToken, answers: { wl1: 3, sv_experienced: 3, sv_form: ['discriminatie'] } }) });
    expect(failed.status).toBe(500);
    const failedBody = await failed.text();
    expect(failedBody).toBe('{"error":{"code":"internal","message":"internal error"}}');

    const log = lines.join('\n');
    for (const s of secrets) expect(log, `a secret (${s.slice(0, 4)}…) is in the log`).not.toContain(s);
    for (const answer of ['pesten', '"wl1"', 'sv_form', 'discriminatie']) expect(log).not.toContain(answer);
    expect(log).not.toMatch(/198\.51\.100/);

    const parsed = lines.map((l) => JSON.parse(l) as { level: string; msg: string; requestId?: string; route?: string; err?: { message: string; stack?: string } });
    const requests = parsed.filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.every((l) => typeof l.requestId === 'string' && l.requestId.length >= 8)).toBe(true);
    expect(new Set(requests.map((l) => l.requestId)).size).toBe(requests.length);
    expect(requests.map((l) => l.route)).toContain('/survey/submit');
    const errors = parsed.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.err!.stack).toMatch(/\n\s+at /);
    expect(errors[0]!.err!.message).toContain('params: [not logged]');
    expect(JSON.stringify(errors[0]!.err)).toMatch(/drafts/);
    expect(errors[0]!.requestId).toBe(failed.headers.get('x-request-id'));
  });
});
