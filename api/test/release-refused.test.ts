/**
 * A release the disclosure audit refuses is a 409 over HTTP, not a 500, and the answer names
 * no cell and no number about one: the cells with their counts and intervals are for the
 * operator on the server (its log, `release build`). Before, POST /releases answered 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { csrfTokenFor } from '../src/auth/session.js';
import { queryRows, sql } from '../src/db/client.js';
import { mapError } from '../src/http/error-response.js';
import { configureLog } from '../src/log.js';
import { AuditFailedError, buildRelease } from '../src/services/releases.js';
import { createUser } from '../src/services/users.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { SMALL_ORGANISATION, valueFixture } from './helpers/value-fixture.js';

// The admin API builds with the environment's choice: the value check on, over a history without it.
process.env['VW_VALUE_PROTECTION'] = '1';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const releaseIds = async () => (await queryRows<{ id: string }>(t.db, sql`select id from releases order by id`)).map((r) => r.id);

beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, SMALL_ORGANISATION, { k: 5, kVictims: 3 });
  await createUser(t.db, { email: 'admin@refused.example', password: 'correct horse battery staple', role: 'admin', organisationId: null, scopeUnitId: null });
  await buildRelease(t.db, 'VAL-2024', { valueProtection: false });
  app = createApp({ db: t.db, auth: { secureCookies: false } });
}, 120_000);
afterAll(async () => { await t?.destroy(); });

describe('a release the audit refuses, over HTTP', () => {
  it('answers 409 audit_failed with what and why but no cell or number, and freezes nothing', async () => {
    const login = await app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@refused.example', password: 'correct horse battery staple' }) });
    expect(login.status).toBe(200);
    const cookie = /vw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const logged: string[] = [];
    configureLog({ level: 'warn', sink: (line) => logged.push(line) });
    const res = await app.request('/releases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfTokenFor(cookie.replace(/^vw_session=/, '')) },
      body: JSON.stringify({ period: 'VAL-2024' }),
    });
    expect(res.status).toBe(409);
    configureLog({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('audit_failed');
    expect(error.message).toMatch(/^the release failed its disclosure audit and was not frozen: earlier releases pin counts of sv_experienced\|any\|all that no withdrawal frees; build it without the value check, or use the check from the organisation's first release on \(\d+ cells?; checks: value:(insider|pinned)(, value:pinned)?\)\. The cells are named in the server's log and by `release build` on the server$/);
    expect(error.message).not.toMatch(/VAL-2024\||\[|n \d/);
    expect(await releaseIds()).toEqual(['VAL-2024-r1']);
    // The server's log names the cells and checks, for the operator, and no count or interval.
    const entry = logged.map((l) => JSON.parse(l) as { msg: string; cells?: string[]; detail?: string }).find((l) => l.msg === 'release refused');
    expect(entry?.detail).toBe(error.message);
    expect(entry?.cells?.length).toBeGreaterThan(0);
    for (const c of entry!.cells!) expect(c).toMatch(/^sv_experienced\|any\|all \S*VAL\S*: value:(pinned|insider)$/);
    expect(logged.join('\n')).not.toMatch(/attacker interval|\(n \d|\[\d/);
  }, 120_000);

  it('maps any failed audit alike: the count of cells and the checks, never their intervals', () => {
    const e = new AuditFailedError([
      { grid: 'all', cellId: 'VAL-2024|U1|gender:vrouw', check: 'lp', detail: 'attacker interval [3, 3] narrower than 1' },
      { grid: 'all', cellId: 'VAL-2024|U2|all', check: 'rank', detail: 'derivable from published cells' },
    ]);
    expect(e.message).toContain('VAL-2024|U1|gender:vrouw: lp — attacker interval [3, 3]'); // for the operator
    const mapped = mapError(e);
    expect(mapped?.status).toBe(409);
    expect(mapped?.body.error).toEqual({
      code: 'audit_failed',
      message: 'the release failed its disclosure audit and was not frozen: a suppressed figure could be computed from published ones (2 cells; checks: lp, rank). The cells are named in the server\'s log and by `release build` on the server',
    });
  });
});
