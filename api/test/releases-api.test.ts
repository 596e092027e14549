import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import { parseCsv } from '../src/csv/parse.js';
import { auditLog, units, users, waves } from '../src/db/schema.js';
import { DEMO_USERS, loadDemo } from '../src/services/load-demo.js';
import { buildRelease } from '../src/services/releases.js';
import { createWave } from '../src/repositories/waves.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { csrfTokenFor } from '../src/auth/session.js';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let releaseId: string;
const sessions: Record<string, string> = {};
let company = '';
let sibling = '';
let brigade = '';
let otherBrigade = '';

async function signIn(email: string, password: string): Promise<string> {
  const res = await app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return /vw_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}
const get = (who: string | null, path: string) => app.request(path, { headers: who ? { cookie: sessions[who]! } : {} });

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemo(t.db, { size: 'small' });
  releaseId = (await buildRelease(t.db, 'DEF-2024')).id;
  app = createApp({ db: t.db, auth: { secureCookies: false } });
  for (const u of DEMO_USERS) sessions[u.scopeLevel ?? u.role] = await signIn(u.email, u.password);
  const all = await t.db.select().from(units);
  const byId = new Map(all.map((u) => [u.id, u]));
  const [companyCommander] = await t.db.select().from(users).where(eq(users.email, 'compagnie@demo.example'));
  const [brigadeCommander] = await t.db.select().from(users).where(eq(users.email, 'brigade@demo.example'));
  const c = byId.get(companyCommander!.scopeUnitId!)!;
  company = c.code;
  sibling = all.find((u) => u.parentId === c.parentId && u.id !== c.id)!.code;
  brigade = byId.get(brigadeCommander!.scopeUnitId!)!.code;
  otherBrigade = all.find((u) => u.level === 'brigade' && u.code !== brigade)!.code;
}, 300_000);
afterAll(async () => { await t.destroy(); });

describe('release API: who reads what', () => {
  it('refuses every route without a session', async () => {
    for (const path of ['/releases', `/releases/${releaseId}`, `/releases/${releaseId}/rows`, `/releases/${releaseId}/comparisons`, `/reports/unit/${company}`]) {
      expect((await get(null, path)).status, path).toBe(401);
    }
  });

  it('lets a company commander read their company and nothing beside or above it', async () => {
    expect((await get('compagnie', `/reports/unit/${company}`)).status).toBe(200);
    for (const code of [sibling, brigade, otherBrigade, 'DEF', company.toLowerCase(), encodeURIComponent(` ${sibling}`), `${company}/../${sibling}`.replace(/\//g, '%2F'), 'NOPE']) {
      expect((await get('compagnie', `/reports/unit/${code}`)).status, code).toBe(403);
      expect((await get('compagnie', `/releases/${releaseId}/rows?scope=${code}`)).status, code).toBe(403);
      expect((await get('compagnie', `/releases/${releaseId}/comparisons?scope=${code}`)).status, code).toBe(403);
      expect((await get('compagnie', `/releases/${releaseId}/rows?scope=${company},${code}`)).status, code).toBe(403);
    }
    // without a scope: only their own subtree comes back
    const rows = (await (await get('compagnie', `/releases/${releaseId}/rows`)).json()) as { scope: string }[];
    expect(rows.length).toBeGreaterThan(0);
    const allowed = new Set([company, ...(await t.db.select().from(units)).filter((u) => u.code.startsWith(`${company}-`)).map((u) => u.code)]);
    for (const r of rows) expect(allowed.has(r.scope), r.scope).toBe(true);
    const meta = (await (await get('compagnie', `/releases/${releaseId}`)).json()) as { scopes: { code: string }[] };
    for (const s of meta.scopes) expect(allowed.has(s.code)).toBe(true);
  });

  it('answers which release a unit report shows only to those who may read it, and audits it', async () => {
    const before = (await t.db.select().from(auditLog)).length;
    const res = await get('compagnie', `/reports/unit/${company}/release`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { release: string }).release).toBe(releaseId);
    expect((await get('compagnie', `/reports/unit/${sibling}/release`)).status).toBe(403);
    expect((await get(null, `/reports/unit/${company}/release`)).status).toBe(401);
    expect((await t.db.select().from(auditLog)).length).toBe(before + 1);
  });

  it('lists the disclosure summary to admins and researchers only, without cell numbers (decisions 040, 041)', async () => {
    type Listed = { id: string; disclosure?: { rules: { k: number; decimals: number }; rowsByReason: Record<string, number>; perIndicator: { enabled: boolean }; audit: { passed: boolean } } | null };
    for (const who of ['admin', 'researcher']) {
      const list = (await (await get(who, '/releases')).json()) as Listed[];
      const d = list.find((r) => r.id === releaseId)!.disclosure!;
      expect(d.audit.passed, who).toBe(true);
      expect(d.rules).toMatchObject({ k: 10, decimals: 3 });
      expect(Object.keys(d).sort()).toEqual(['audit', 'perIndicator', 'rowsByReason', 'rules'].sort());
    }
    const own = (await (await get('compagnie', '/releases')).json()) as Listed[];
    expect(own.length).toBeGreaterThan(0);
    for (const r of own) expect(r.disclosure).toBeUndefined();
  });

  it('lets a brigade commander read the companies below, not another brigade', async () => {
    expect((await get('brigade', `/reports/unit/${company}`)).status).toBe(200);
    expect((await get('brigade', `/reports/unit/${brigade}`)).status).toBe(200);
    expect((await get('brigade', `/reports/unit/${otherBrigade}`)).status).toBe(403);
    expect((await get('brigade', `/releases/${releaseId}/rows?scope=DEF`)).status).toBe(403);
  });

  it('lets a researcher read the whole organisation', async () => {
    const rows = (await (await get('researcher', `/releases/${releaseId}/rows`)).json()) as { scope: string }[];
    expect(new Set(rows.map((r) => r.scope)).has('DEF')).toBe(true);
    expect((await get('researcher', `/reports/unit/${otherBrigade}`)).status).toBe(200);
  });
});

describe('release API: suppressed cells carry no numbers', () => {
  it('in JSON', async () => {
    const rows = (await (await get('researcher', `/releases/${releaseId}/rows`)).json()) as Record<string, unknown>[];
    const suppressed = rows.filter((r) => r.suppressed === true);
    expect(suppressed.length).toBeGreaterThan(100);
    for (const r of suppressed) {
      expect([r.n, r.count, r.value, r.ciLow, r.ciHigh]).toEqual([null, null, null, null, null]);
      expect(typeof r.reason).toBe('string');
    }
  });

  it('in CSV', async () => {
    const res = await get('researcher', `/releases/${releaseId}/rows?format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [, ...body] = parseCsv(await res.text());
    let suppressed = 0;
    for (const r of body) if (r.values[13] === 'true') { suppressed++; expect(r.values.slice(8, 13)).toEqual(['', '', '', '', '']); }
    expect(suppressed).toBeGreaterThan(100);
  });

  it('in a unit report, including its benchmarks and trend', async () => {
    const report = (await (await get('compagnie', `/reports/unit/${company}`)).json()) as {
      rows: Record<string, unknown>[]; benchmarks: { parent: Record<string, unknown>[]; organisation: Record<string, unknown>[] }; trend: { rows: Record<string, unknown>[] }[];
    };
    for (const r of [...report.rows, ...report.trend.flatMap((x) => x.rows)].filter((x) => x.suppressed)) expect([r.n, r.count, r.value]).toEqual([null, null, null]);
    for (const r of [...report.benchmarks.parent, ...report.benchmarks.organisation]) {
      expect(r.suppressed).toBe(false);
      expect(r.dimension).toBe('all');
    }
    expect(report.benchmarks.organisation.length).toBeGreaterThan(0);
  });
});

describe('release API: frozen releases only', () => {
  it('has no release for an open wave and no route that computes figures', async () => {
    const [w] = await t.db.select().from(waves).where(eq(waves.code, 'DEF-2025'));
    const [u] = await t.db.select().from(units).where(eq(units.code, company));
    await createWave(t.db, {
      code: 'DEF-LIVE', organisationId: w!.organisationId, instrumentVersionId: w!.instrumentVersionId, unitIds: [u!.id],
      opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000), kind: 'census',
    });
    expect(await (await get('researcher', '/releases?period=DEF-LIVE')).json()).toEqual([]);
    expect((await get('researcher', '/reports/unit/DEF?release=DEF-LIVE-r1')).status).toBe(404);
    for (const path of ['/results', '/tables', '/figures', `/units/${company}/figures`]) expect((await get('researcher', path)).status).toBe(404);
  });

  it('writes every read to the audit log', async () => {
    const before = (await t.db.select().from(auditLog)).length;
    await get('compagnie', `/reports/unit/${company}`);
    await get('researcher', `/releases/${releaseId}/rows?format=csv`);
    const after = await t.db.select().from(auditLog);
    expect(after.length).toBe(before + 2);
    expect(after.slice(-2).map((a) => a.action)).toEqual(['report.unit', 'export.release.csv']);
    expect(after.every((a) => a.userId !== null)).toBe(true);
  });
});

describe('release API: dashboard additions (decision 030)', () => {
  const post = async (who: string | null, path: string, body: unknown, csrf = true) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (who) {
      headers['cookie'] = sessions[who]!;
      if (csrf) headers['x-csrf-token'] = csrfTokenFor(sessions[who]!.replace(/^vw_session=/, ''));
    }
    return app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
  };

  it('builds a release only for an admin with the CSRF token', async () => {
    expect((await post(null, '/releases', { period: 'DEF-2023' })).status).toBe(401);
    for (const who of ['researcher', 'compagnie', 'brigade']) expect((await post(who, '/releases', { period: 'DEF-2023' })).status, who).toBe(403);
    expect((await post('admin', '/releases', { period: 'DEF-2023' }, false)).status).toBe(403);
    expect((await post('admin', '/releases', { period: 'DEF-2023', extra: 1 })).status).toBe(422);
    const res = await post('admin', '/releases', { period: 'DEF-2023', org: 'DEF' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; rows: number };
    expect(body.id).toMatch(/^DEF-2023-r\d+$/);
    expect(body.rows).toBeGreaterThan(0);
  }, 120_000);

  it('serves the overview of one dimension within the reader\'s scope, with comparisons', async () => {
    const all = (await (await get('researcher', `/releases/${releaseId}/overview?dimension=all&indicator=sv_experienced`)).json()) as { rows: { scope: string; indicator: string; dimension: string }[]; comparisons: { indicator: string }[] };
    expect(all.rows.length).toBeGreaterThan(10);
    expect(all.rows.every((r) => r.indicator === 'sv_experienced' && r.dimension === 'all')).toBe(true);
    expect(all.comparisons.every((c) => c.indicator === 'sv_experienced')).toBe(true);
    const own = (await (await get('compagnie', `/releases/${releaseId}/overview?dimension=all`)).json()) as { rows: { scope: string }[] };
    expect(new Set(own.rows.map((r) => r.scope))).toEqual(new Set([company]));
    expect((await get('compagnie', `/releases/${releaseId}/overview?scope=${sibling}`)).status).toBe(403);
    expect((await get(null, `/releases/${releaseId}/overview`)).status).toBe(401);
  });

  it('filters the overview by an indicator list and a comparison kind in SQL; repeated reads give the same answer', async () => {
    type Overview = { rows: { scope: string; indicator: string; dimension: string }[]; comparisons: { indicator: string; against: string }[] };
    const path = `/releases/${releaseId}/overview?dimension=all&indicator=sv_trust,werkdruk&against=organisation_rest`;
    const first = (await (await get('researcher', path)).json()) as Overview;
    expect(new Set(first.rows.map((r) => r.indicator))).toEqual(new Set(['sv_trust', 'werkdruk']));
    expect(first.comparisons.length).toBeGreaterThan(0);
    expect(first.comparisons.every((c) => c.against === 'organisation_rest' && ['sv_trust', 'werkdruk'].includes(c.indicator))).toBe(true);
    // The second read comes from the per-release cache and must be the same.
    expect(await (await get('researcher', path)).json()).toEqual(first);
    // A commander's read of the same slice is still limited to their scope.
    const own = (await (await get('compagnie', path)).json()) as Overview;
    expect(new Set(own.rows.map((r) => r.scope))).toEqual(new Set([company]));
    expect((await get('researcher', `/releases/${releaseId}/overview?against=everyone`)).status).toBe(422);
    expect((await get('researcher', `/releases/${releaseId}/overview?indicator=${'x,'.repeat(60)}`)).status).toBe(422);
  });

  it('tells each user where their reports start and lists waves to admins and researchers only', async () => {
    expect(await (await get('compagnie', '/units/scope')).json()).toEqual({ units: [expect.objectContaining({ code: company })] });
    expect(await (await get('researcher', '/units/scope')).json()).toEqual({ units: [expect.objectContaining({ code: 'DEF' })] });
    const periods = (await (await get('admin', '/periods')).json()) as { waves: { code: string; state: string; units: number; invitations: number }[] };
    expect(periods.waves.find((w) => w.code === 'DEF-2024')?.state).toBe('closed');
    // Units covered and invitations issued are counted for the admin's waves table.
    expect(periods.waves.find((w) => w.code === 'DEF-2024')?.units).toBeGreaterThan(0);
    expect(periods.waves.every((w) => Number.isInteger(w.invitations) && w.invitations >= 0)).toBe(true);
    expect((await get('compagnie', '/periods')).status).toBe(403);
    expect((await get(null, '/periods')).status).toBe(401);
  });
});
