/**
 * The effect of a plan at the next wave: before → after as the frozen releases hold them, the
 * difference with its 95% interval and p from the statistics library (Newcombe and z/Fisher for
 * shares, Welch for means, as the unit's trend), and a verdict that follows the direction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { compareCounts, comparePublishedRows } from '@vw/analysis';
import { releaseRows } from '../../src/db/schema.js';
import { as, EMAIL, signIn, type Session } from '../auth/fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createPlanFixture, freeze, type PlanFixture } from './fixture.js';

let t: TestDatabase;
let f: PlanFixture;
const s: Record<string, Session> = {};
const rel: Record<string, string> = {};

const mean = (n: number, m: number, sd: number) => ({ n, sum: n * m, sumOfSquares: (n - 1) * sd * sd + n * m * m });

interface Effect {
  baseline: { release: string; value: number | null; ciLow: number | null; ciHigh: number | null; n: number | null; suppressed: boolean };
  followup: { release: string; period: string; value: number | null; ciLow: number | null; ciHigh: number | null; suppressed: boolean } | null;
  diff: number | null; diffCiLow: number | null; diffCiHigh: number | null; p: number | null; verdict: string | null; reason: string | null;
}

async function planEffect(who: string, unit: string, baselinePeriod: string, indicator: string, option: string): Promise<Effect> {
  const res = await f.app.request('/plans', {
    method: 'POST', headers: as(s[who]!, { 'content-type': 'application/json' }),
    body: JSON.stringify({ unit, baselinePeriod, indicator, option, base: 'all', goal: 'goal' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const id = ((await res.json()) as { id: number }).id;
  const read = await f.app.request(`/plans/${id}`, { headers: as(s[who]!) });
  return ((await read.json()) as { effect: Effect }).effect;
}

async function row(release: string, scope: string, indicator: string, option: string) {
  const [r] = await t.db.select().from(releaseRows).where(and(eq(releaseRows.releaseId, release), eq(releaseRows.scope, scope), eq(releaseRows.indicator, indicator), eq(releaseRows.option, option)));
  return r!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  f = await createPlanFixture(t.db);
  // 2022: everyone. 2023: COMP-B not surveyed (BRIG then covers other companies). 2024: COMP-B again.
  rel['2022'] = await freeze(t.db, f.orgId, 'ORG-2022', [
    { scope: 'BRIG', indicator: 'sv_experienced', option: 'any', base: 'all', count: 60, n: 200 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 40, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'often', base: 'all', count: 10, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', count: 50, n: 100 },
    { scope: 'COMP-A', indicator: 'psy_veiligheid', option: 'mean', base: 'all', mean: mean(100, 3.8, 0.6) },
    { scope: 'COMP-B', indicator: 'sv_trust', option: 'agree', base: 'all', count: 50, n: 100 },
    { scope: 'COMP-B', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 },
  ], new Date('2022-05-01T00:00:00Z'));
  rel['2023'] = await freeze(t.db, f.orgId, 'ORG-2023', [
    { scope: 'BRIG', indicator: 'sv_experienced', option: 'any', base: 'all', count: 30, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'often', base: 'all', count: 11, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', suppressed: true },
    { scope: 'COMP-A', indicator: 'psy_veiligheid', option: 'mean', base: 'all', mean: mean(100, 3.4, 0.7) },
  ], new Date('2023-05-01T00:00:00Z'));
  rel['2024'] = await freeze(t.db, f.orgId, 'ORG-2024', [
    { scope: 'BRIG', indicator: 'sv_experienced', option: 'any', base: 'all', count: 50, n: 200 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 25, n: 100 },
    { scope: 'COMP-B', indicator: 'sv_trust', option: 'agree', base: 'all', count: 70, n: 100 },
    { scope: 'COMP-B', indicator: 'sv_experienced', option: 'any', base: 'all', count: 25, n: 100 },
  ], new Date('2024-05-01T00:00:00Z'));
  for (const [who, email] of Object.entries({ commander: EMAIL.commander, otherCommander: EMAIL.otherCommander, brigade: 'brigade@test.example' })) s[who] = await signIn(f.app, email);
}, 120_000);
afterAll(async () => { await t.destroy(); });

describe('effect at the next wave', () => {
  it('improved: a significant fall of a lower-is-better share, values equal to the release rows', async () => {
    const e = await planEffect('commander', 'COMP-A', 'ORG-2022', 'sv_experienced', 'any');
    const before = await row(rel['2022']!, 'COMP-A', 'sv_experienced', 'any');
    const after = await row(rel['2023']!, 'COMP-A', 'sv_experienced', 'any');
    expect(e.baseline).toMatchObject({ release: rel['2022'], value: before.value, ciLow: before.ciLow, ciHigh: before.ciHigh, n: before.n });
    expect(e.followup).toMatchObject({ release: rel['2023'], period: 'ORG-2023', value: after.value, ciLow: after.ciLow, ciHigh: after.ciHigh });
    const lib = compareCounts({ count: 20, n: 100 }, { count: 40, n: 100 })!;
    expect(e.diff).toBe(lib.difference);
    expect(e.diffCiLow).toBe(lib.low);
    expect(e.diffCiHigh).toBe(lib.high);
    expect(e.p).toBe(lib.pValue);
    expect(e.diff).toBeCloseTo(-0.2, 12);
    expect(e.p).toBeLessThan(0.05);
    expect(e.verdict).toBe('improved');
  });

  it('no significant change', async () => {
    const e = await planEffect('commander', 'COMP-A', 'ORG-2022', 'sv_experienced', 'often');
    const lib = compareCounts({ count: 11, n: 100 }, { count: 10, n: 100 })!;
    expect([e.diff, e.diffCiLow, e.diffCiHigh, e.p]).toEqual([lib.difference, lib.low, lib.high, lib.pValue]);
    expect(e.p).toBeGreaterThan(0.05);
    expect(e.verdict).toBe('no_significant_change');
  });

  it('not measurable when the follow-up cell is suppressed, with no numbers for it', async () => {
    const e = await planEffect('commander', 'COMP-A', 'ORG-2022', 'sv_trust', 'agree');
    expect(e.followup).toMatchObject({ release: rel['2023'], suppressed: true, value: null, ciLow: null, ciHigh: null });
    expect([e.diff, e.diffCiLow, e.diffCiHigh, e.p]).toEqual([null, null, null, null]);
    expect(e).toMatchObject({ verdict: 'not_measurable', reason: 'followup_suppressed' });
  });

  it('higher is better: a significant rise improves, a significant fall of a scale mean is worse', async () => {
    const up = await planEffect('otherCommander', 'COMP-B', 'ORG-2022', 'sv_trust', 'agree');
    // COMP-B was not surveyed in 2023: the follow-up is the earliest later wave that surveyed it.
    expect(up.followup!.period).toBe('ORG-2024');
    const lib = compareCounts({ count: 70, n: 100 }, { count: 50, n: 100 })!;
    expect([up.diff, up.diffCiLow, up.diffCiHigh, up.p]).toEqual([lib.difference, lib.low, lib.high, lib.pValue]);
    expect(up.verdict).toBe('improved');

    const down = await planEffect('commander', 'COMP-A', 'ORG-2022', 'psy_veiligheid', 'mean');
    const toPublished = (r: Awaited<ReturnType<typeof row>>) => ({ ...r, n: r.n!, value: r.value!, ciLow: r.ciLow!, ciHigh: r.ciHigh! });
    const m = comparePublishedRows(toPublished(await row(rel['2023']!, 'COMP-A', 'psy_veiligheid', 'mean')), toPublished(await row(rel['2022']!, 'COMP-A', 'psy_veiligheid', 'mean')), true)!;
    expect([down.diff, down.diffCiLow, down.diffCiHigh, down.p]).toEqual([m.difference, m.ciLow, m.ciHigh, m.pValue]);
    expect(down.diff).toBeCloseTo(-0.4, 9);
    expect(down.verdict).toBe('worse');
  });

  it('compares a higher unit only like with like: other companies surveyed → not measurable', async () => {
    const e = await planEffect('brigade', 'BRIG', 'ORG-2022', 'sv_experienced', 'any');
    expect(e.followup!.period).toBe('ORG-2023');
    expect(e).toMatchObject({ verdict: 'not_measurable', reason: 'different_subunits', diff: null, p: null });
  });

  it('has no verdict yet when no later wave release exists', async () => {
    const e = await planEffect('otherCommander', 'COMP-B', 'ORG-2024', 'sv_experienced', 'any');
    expect(e).toMatchObject({ followup: null, verdict: null, reason: 'no_followup_yet' });
  });
});
