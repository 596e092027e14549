/**
 * The defence-sized demo end to end: ~98,000 responses in 9 waves. The organisation-wide
 * 2018-2021 window must reproduce the generator's parameters, the highlighted brigade's fall must
 * be significant, and releases of a window and a wave must build and pass their audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCounts } from '@vw/analysis';
import { demoParameters } from '../src/demo/index.js';
import { buildRelease, getReleaseComparisons, getReleaseRows } from '../src/services/releases.js';
import { buildPeriodTable, type TableRow } from '../src/tables/build.js';
import { planPeriod } from '../src/tables/periods.js';
import type { TestDatabase } from './helpers/db.js';
import { demoDatabase } from './helpers/demo.js';

let t: TestDatabase;
const params = demoParameters('defence', 1, 1);

async function table(period: string): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  await buildPeriodTable(t.db, await planPeriod(t.db, period), (b) => { rows.push(...b); });
  return rows;
}
const find = (rows: TableRow[], q: Partial<TableRow>) => {
  const r = rows.find((x) => Object.entries(q).every(([k, v]) => x[k as keyof TableRow] === v));
  if (!r) throw new Error(`no row ${JSON.stringify(q)}`);
  return r;
};
const contains = (r: TableRow, v: number) => r.ciLow <= v && v <= r.ciHigh;

beforeAll(async () => { t = await demoDatabase('defence'); }, 900_000);
afterAll(() => t?.destroy());

describe('defence demo: the 2018-2021 window against the generator', () => {
  let rows: TableRow[];
  beforeAll(async () => { rows = await table('2018-2021'); }, 300_000);
  const org = { scope: 'DEF' };

  it('reproduces the prevalence (~7.4%) within its interval', () => {
    const r = find(rows, { ...org, dimension: 'all', indicator: 'sv_experienced', option: 'any', base: 'all' });
    expect(contains(r, params.referencePrevalence), `${r.ciLow}-${r.ciHigh}`).toBe(true);
    const observed = find(rows, { ...org, dimension: 'all', indicator: 'sv_team_observed', option: 'any', base: 'all' });
    expect(observed.value).toBeGreaterThan(r.value);
  });

  it('reproduces gossip as the most frequent form, at its share among victims', () => {
    const forms = rows.filter((x) => x.scope === 'DEF' && x.dimension === 'all' && x.indicator === 'sv_form' && x.base === 'victims');
    const gossip = forms.find((f) => f.option === 'kwaadspreken')!;
    // The generator draws forms independently and re-draws a victim who got none, which lifts every
    // form a little above its parameter: allow that, not more.
    expect(Math.abs(gossip.value - params.forms.kwaadspreken), `${gossip.value}`).toBeLessThan(0.03);
    for (const f of forms) if (f.option !== 'kwaadspreken') expect(f.value).toBeLessThan(gossip.value);
    // roughly 1 in 23 of all employees
    const ofAll = find(rows, { ...org, dimension: 'all', indicator: 'sv_form', option: 'kwaadspreken', base: 'all' });
    expect(1 / ofAll.value).toBeGreaterThan(20);
    expect(1 / ofAll.value).toBeLessThan(27);
  });

  it("reproduces women's sexual harassment share (~2% of all women)", () => {
    const amongVictims = find(rows, { ...org, dimension: 'gender', group: 'vrouw', indicator: 'sv_form', option: 'seksuele_intimidatie', base: 'victims' });
    expect(contains(amongVictims, params.forms.seksuele_intimidatie.vrouw)).toBe(true);
    const ofAll = find(rows, { ...org, dimension: 'gender', group: 'vrouw', indicator: 'sv_form', option: 'seksuele_intimidatie', base: 'all' });
    expect(contains(ofAll, 0.02), `${ofAll.ciLow}-${ofAll.ciHigh}`).toBe(true);
  });

  it('reproduces the gender differences in bullying among victims', () => {
    const b = (group: string) => find(rows, { ...org, dimension: 'gender', group, indicator: 'sv_form', option: 'pesten', base: 'victims' });
    expect(contains(b('man'), params.forms.pesten.man)).toBe(true);
    expect(contains(b('vrouw'), params.forms.pesten.vrouw)).toBe(true);
    expect(contains(b('onbekend'), params.forms.pesten.onbekend)).toBe(true);
    const diff = compareCounts({ count: b('man').count!, n: b('man').n }, { count: b('vrouw').count!, n: b('vrouw').n })!;
    expect(diff.low).toBeGreaterThan(0);
    expect(diff.pValue).toBeLessThan(0.05);
  });

  it('shows women above men and the not-disclosed group highest', () => {
    const g = (group: string) => find(rows, { ...org, dimension: 'gender', group, indicator: 'sv_experienced', option: 'any', base: 'all' }).value;
    expect(g('vrouw')).toBeGreaterThan(g('man'));
    expect(g('onbekend')).toBeGreaterThan(g('vrouw'));
  });
});

describe('defence demo: the brigade that acted on its results', () => {
  it(`flags ${params.trendBrigade.name}'s fall from ~12% to ~3% as significant`, async () => {
    const code = params.trendBrigade.code;
    const first = find(await table('DEF-2018'), { scope: code, dimension: 'all', indicator: 'sv_experienced', option: 'any' });
    const last = find(await table('DEF-2024'), { scope: code, dimension: 'all', indicator: 'sv_experienced', option: 'any' });
    expect(first.value).toBeGreaterThan(0.09);
    expect(last.value).toBeLessThan(0.05);
    const c = compareCounts({ count: last.count!, n: last.n }, { count: first.count!, n: first.n })!;
    expect(c.high).toBeLessThan(0);
    expect(c.pValue).toBeLessThan(0.001);
  }, 300_000);
});

describe('defence demo: releases', () => {
  it('builds and audits the 2018-2021 window and the 2021 wave, brigades and above mostly published', async () => {
    // Without the value check (decision 047, session 8 addendum): this test is about the count
    // pattern at defence size; the value check at defence size is issue 10's open target (hours).
    const w = await buildRelease(t.db, '2018-2021', { valueProtection: false });
    const wave = await buildRelease(t.db, 'DEF-2021', { valueProtection: false });
    for (const s of [w, wave]) {
      expect(s.cells.all.cells).toBeGreaterThan(4000);
      expect(s.cells.all.complementary).toBeGreaterThan(0);
      // depth 0 (organisation) and 1 (branches): almost nothing withheld in the all-respondents base
      const allRows = await getReleaseRows(t.db, s.id);
      // (An all-base row of an item that is also published among victims — the forms — is the same
      // count as its victims-base row and follows it (decision 041): when the victims grid hides a
      // branch's victims cell, its form rows go in both bases. Those are counted apart.)
      const key = (r: (typeof allRows)[number]) => `${r.scope}|${r.dimension}|${r.group}|${r.indicator}|${r.option}`;
      const victims = new Map(allRows.filter((r) => r.base === 'victims').map((r) => [key(r), r]));
      const topRows = allRows.filter((r) => r.base === 'all' && (r.scope === 'DEF' || /^[A-Z]+$/.test(r.scope)) && r.dimension === 'all');
      const top = topRows.filter((r) => !victims.has(key(r)));
      expect(top.filter((r) => r.suppressed).length / top.length).toBeLessThan(0.05);
      for (const r of topRows.filter((x) => victims.has(key(x)) && x.suppressed)) expect(victims.get(key(r))!.suppressed, key(r)).toBe(true);
      expect(allRows.filter((r) => r.scope === 'DEF' && r.dimension === 'all' && r.base === 'all').every((r) => !r.suppressed)).toBe(true);
      expect(s.suppressedShareByDepth['0']).toBeLessThan(0.6);
    }
    // the brigade compared with its previous wave in the 2021 release (2018 release not built: none)
    const cmp = await getReleaseComparisons(t.db, wave.id, [params.trendBrigade.code]);
    expect(cmp.some((c) => c.against === 'parent_rest')).toBe(true);
  }, 900_000);
});
