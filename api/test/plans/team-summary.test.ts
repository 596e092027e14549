/**
 * "You said, we did": the team summary holds only published figures of the release (tested
 * against its rows), is published by the unit's commander only, and reaches respondents of that
 * unit through their invitation or the unit's survey code without signing in — only the summary
 * published before their wave opened, and only their unit's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { releaseRows, teamSummaries } from '../../src/db/schema.js';
import { getInstrumentVersion } from '../../src/services/instruments.js';
import { createInvitations, createOpenLinks } from '../../src/services/invitations.js';
import { createWave } from '../../src/repositories/waves.js';
import { as, EMAIL, signIn, type Session } from '../auth/fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createPlanFixture, freeze, type PlanFixture } from './fixture.js';

let t: TestDatabase;
let f: PlanFixture;
const s: Record<string, Session> = {};
let release = '';

const post = (who: string | null, path: string, body: unknown) => f.app.request(path, {
  method: 'POST', headers: as(who ? s[who]! : null, { 'content-type': 'application/json' }), body: JSON.stringify(body),
});

interface Summary { release: string; publishedAt: string; figures: { indicator: string; option: string; base: string; value: number; ciLow: number; ciHigh: number; n: number }[]; focusAreas: { indicator: string; value: number | null; actions: { text: string }[] }[] }

beforeAll(async () => {
  t = await createTestDatabase();
  f = await createPlanFixture(t.db);
  release = await freeze(t.db, f.orgId, 'ORG-2024', [
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 40, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'often', base: 'all', suppressed: true },
    { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', suppressed: true },
    { scope: 'COMP-A', indicator: 'sv_fear', option: 'agree', base: 'all', count: 30, n: 90 },
    { scope: 'COMP-A', indicator: 'psy_veiligheid', option: 'mean', base: 'all', mean: { n: 100, sum: 380, sumOfSquares: 1479.64 } },
    { scope: 'COMP-B', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 },
  ], new Date('2024-05-01T00:00:00Z'));
  for (const who of ['commander', 'otherCommander', 'researcher'] as const) s[who] = await signIn(f.app, EMAIL[who]);
  s.brigade = await signIn(f.app, 'brigade@test.example');
}, 120_000);
afterAll(async () => { await t.destroy(); });

describe('team summary', () => {
  let summary: Summary;

  it('is published by the commander of the unit only, once focus areas are chosen', async () => {
    expect((await post('commander', '/plans/team-summary', { unit: 'COMP-A' })).status).toBe(422);
    for (const option of ['any', 'often']) {
      const p = await post('commander', '/plans', { unit: 'COMP-A', baselinePeriod: 'ORG-2024', indicator: 'sv_experienced', option, base: 'all', goal: `Goal ${option}` });
      expect(p.status).toBe(201);
      const id = ((await p.json()) as { id: number }).id;
      expect((await post('commander', `/plans/${id}/actions`, { text: `Action ${option}`, type: 'team_dialogue', owner: 'commander', due: '2025-01-01' })).status).toBe(201);
    }
    for (const who of ['otherCommander', 'brigade', 'researcher']) expect((await post(who, '/plans/team-summary', { unit: 'COMP-A' })).status, who).toBe(403);
    const res = await post('commander', '/plans/team-summary', { unit: 'COMP-A' });
    expect(res.status).toBe(201);
    summary = (await res.json()) as Summary;
    expect(summary.release).toBe(release);
    expect(summary.focusAreas.map((a) => [a.indicator, a.value, a.actions.map((x) => x.text)])).toEqual([
      ['sv_experienced', 0.4, ['Action any']],
      // The suppressed baseline is not shown as a number.
      ['sv_experienced', null, ['Action often']],
    ]);
  });

  it('never contains a suppressed figure: every figure is a published row of the release, every published headline row is there', async () => {
    const rows = await t.db.select().from(releaseRows).where(and(eq(releaseRows.releaseId, release), eq(releaseRows.scope, 'COMP-A')));
    const key = (r: { indicator: string; option: string; base: string }) => `${r.indicator}|${r.option}|${r.base}`;
    const byKey = new Map(rows.map((r) => [key(r), r]));
    for (const fig of summary.figures) {
      const r = byKey.get(key(fig))!;
      expect(r.suppressed, key(fig)).toBe(false);
      expect([fig.value, fig.ciLow, fig.ciHigh, fig.n]).toEqual([r.value, r.ciLow, r.ciHigh, r.n]);
    }
    expect(summary.figures.map(key).sort()).toEqual(rows.filter((r) => !r.suppressed).map(key).sort());
    const text = JSON.stringify(summary);
    for (const r of rows.filter((x) => x.suppressed)) expect(summary.figures.some((x) => key(x) === key(r))).toBe(false);
    expect(text).not.toContain('COMP-B');
  });

  it('reaches respondents of that unit only, through the invitation or the survey code, without signing in', async () => {
    const version = await getInstrumentVersion(t.db, 'werkbeleving-sv@1');
    const now = Date.now();
    await createWave(t.db, {
      code: 'ORG-2025', organisationId: f.orgId, instrumentVersionId: version.id, unitIds: ['COMP-A', 'COMP-B'].map((c) => f.units.get(c)!.id),
      opensAt: new Date(now - 3_600_000), closesAt: new Date(now + 30 * 86_400_000), kind: 'census',
    });
    const [a] = await createInvitations(t.db, 'ORG-2025', { unit: 'COMP-A', count: 1 });
    const [b] = await createInvitations(t.db, 'ORG-2025', { unit: 'COMP-B', count: 1 });
    const [code] = await createOpenLinks(t.db, 'ORG-2025', 'COMP-A');
    const read = async (body: unknown) => {
      const r = await post(null, '/plans/team-summary/respondent', body);
      return { status: r.status, body: (await r.json()) as { summary: Summary | null } };
    };
    // Published after the wave opened: not shown while it is open.
    expect((await read({ token: a!.token })).body.summary).toBeNull();
    // As if it had been published before the wave opened.
    await t.db.update(teamSummaries).set({ publishedAt: new Date(now - 7_200_000) });
    const viaToken = await read({ token: a!.token });
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.summary).toEqual({ ...summary, publishedAt: viaToken.body.summary!.publishedAt });
    expect((await read({ code: code!.token })).body.summary!.release).toBe(release);
    // Another unit's respondent sees their own unit's (none), never this one.
    expect((await read({ token: b!.token })).body.summary).toBeNull();
    expect((await read({ token: 'a'.repeat(26) })).status).toBe(404);
    expect((await read({ token: a!.token, code: code!.token })).status).toBe(422);
  });
});
