/**
 * The SQL count tables against an independent computation: the questionnaire's own per-response
 * `measureIndicators` summed in JavaScript over the generated responses (tests only — reporting
 * never loops over responses). Every n, count and mean of every scope × column must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureIndicators, reportingGroups, werkbeleving } from '@vw/questionnaire';
import { proportionEstimate, weightedProportionEstimate } from '@vw/analysis';
import { generateDemo } from '../src/demo/index.js';
import { importPopulation } from '../src/services/import-population.js';
import { importResponses } from '../src/services/import-responses.js';
import { importUnits } from '../src/services/import-units.js';
import { buildPeriodTable, type TableRow } from '../src/tables/build.js';
import { planPeriod } from '../src/tables/periods.js';
import { csvColumns, answersToCsvRow, type Answers } from '@vw/questionnaire';
import { queryRows, sql } from '../src/db/client.js';
import { scaleSumRows } from '../src/repositories/counts.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { demoDatabase } from './helpers/demo.js';

let t: TestDatabase;
const demo = generateDemo({ size: 'small' });
beforeAll(async () => { t = await demoDatabase('small'); }, 300_000);
afterAll(() => t?.destroy());

async function table(period: string): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  await buildPeriodTable(t.db, await planPeriod(t.db, period), (b) => { rows.push(...b); });
  return rows;
}

describe('count tables', () => {
  it('agree with per-response measurement for every scope, column and indicator of a wave', async () => {
    const rows = await table('DEF-2025');
    const parent = new Map(demo.units.map((u) => [u.code, u.parent]));
    const expected = new Map<string, { n: number; count: number; sum: number }>();
    for (const r of demo.responses.filter((x) => x.wave === 'DEF-2025')) {
      const groups = reportingGroups(werkbeleving, r.answers);
      const columns: [string, string][] = [['all', 'all'], ...Object.entries(groups).filter(([d]) => d !== 'all') as [string, string][]];
      const scopes: string[] = [];
      for (let s: string | null | undefined = r.unit; s; s = parent.get(s)) scopes.push(s);
      for (const m of measureIndicators(werkbeleving, r.answers)) {
        if (m.contribution === null || m.base === 'headcount') continue;
        for (const scope of scopes) for (const [dimension, group] of columns) {
          const key = `${scope}|${dimension}|${group}|${m.indicator}|${m.option}|${m.base}`;
          const e = expected.get(key) ?? { n: 0, count: 0, sum: 0 };
          e.n += 1;
          if ('count' in m.contribution) e.count += m.contribution.count;
          else e.sum += m.contribution.value;
          expected.set(key, e);
        }
      }
    }
    let checked = 0;
    for (const row of rows) {
      if (row.base === 'headcount') continue;
      const e = expected.get(`${row.scope}|${row.dimension}|${row.group}|${row.indicator}|${row.option}|${row.base}`);
      if (row.n === 0) {
        // every cell of the structure has a row, answered or not (decision 040)
        expect(e).toBeUndefined();
        expect([row.count ?? 0, row.value, row.ciLow, row.ciHigh]).toEqual([0, 0, 0, 0]);
        continue;
      }
      expect(e, `${row.scope} ${row.dimension}:${row.group} ${row.indicator}/${row.option}/${row.base}`).toBeDefined();
      expect(row.n).toBe(e!.n);
      if (row.count === null) expect(row.value).toBeCloseTo(e!.sum / e!.n, 9);
      else {
        expect(row.count).toBe(e!.count);
        const w = proportionEstimate(e!.count, e!.n);
        expect(row.value).toBeCloseTo(w.value, 12);
      }
      checked++;
    }
    // and nothing expected is missing from the table
    const emitted = rows.filter((r) => r.base !== 'headcount' && r.n > 0).length;
    expect(emitted).toBe([...expected.values()].filter((e) => e.n > 0).length);
    expect(checked).toBeGreaterThan(20_000);
  });

  it('gives response rates against headcount', async () => {
    const rows = await table('DEF-2025');
    const rr = rows.find((r) => r.scope === 'DEF' && r.dimension === 'all' && r.indicator === 'response_rate')!;
    const headcount = demo.population.find((p) => p.unit === 'DEF' && p.period === 'DEF-2025' && p.dimension === 'all')!.headcount;
    expect(rr.n).toBe(headcount);
    expect(rr.count).toBe(demo.responses.filter((r) => r.wave === 'DEF-2025').length);
    expect(rr.ciLow).toBe(rr.value); // a census of the headcount: no sampling error
  });
});

describe('scale sums', () => {
  it('are exact, whatever order the database adds in (a float sum of 0.1, 0.2, 0.3 is 0.6000000000000001)', async () => {
    // A copy of one DEF-2025 response's unit and instrument in a wave of its own, three times,
    // with the scale scores 0.1, 0.2 and 0.3.
    const [w] = await queryRows<{ id: number }>(t.db, sql`
      insert into waves (code, organisation_id, instrument_version_id, kind, opens_at, closes_at)
      select 'SUM-TEST', organisation_id, instrument_version_id, kind, opens_at, closes_at from waves where code = 'DEF-2025'
      returning id`);
    for (const x of ['0.1', '0.2', '0.3']) {
      await t.db.execute(sql`
        insert into responses (id, wave_id, unit_id, instrument_version_id, submitted_on, gender, age_band, personnel_type, rank_group, victim, answers, scores, facts)
        select gen_random_uuid(), ${w!.id}, unit_id, instrument_version_id, submitted_on, gender, age_band, personnel_type, rank_group, victim, answers, ${`{"x": ${x}}`}::jsonb, facts
        from responses where wave_id = (select id from waves where code = 'DEF-2025') order by id limit 1`);
    }
    const rows = (await scaleSumRows(t.db, w!.id)).filter((r) => r.scale === 'x');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect([r.n, r.s, r.ss]).toEqual([3, 0.6, 0.14]);
  });
});

describe('weighting', () => {
  it('weights a pooled window by wave part and a sample wave by unit to headcount; a window scope over one census wave is that wave’s figure', async () => {
    const d = await createTestDatabase();
    try {
      await importUnits(d.db, 'code,parent,name,level,excluded_from_pooling,valid_from,valid_to\nW,,Weighted,organisatie,,,\nW-A,W,A,afdeling,,,\nW-A1,W-A,A1,team,,,\nW-B,W,B,afdeling,,,\nW-X,W,X,afdeling,true,,\n');
      // A: 100 own staff, 20 respond, 10 victims. A1: 100 staff, 10 respond, none. B: 300 staff, 20 respond, 2 victims.
      const cols = csvColumns(werkbeleving);
      const line = (id: string, wave: string, unit: string, victim: boolean) => {
        const answers: Answers = victim
          ? { sv_team_observed: 3, sv_experienced: 3, sv_form: ['pesten'], sv_perpetrator: ['collega'], sv_discussed: ['collega'], sv_reported: 'leidinggevende' }
          : { sv_team_observed: 1, sv_experienced: 1 };
        const rec = answersToCsvRow(werkbeleving, answers);
        return [id, wave, unit, `20${wave.slice(-2)}-03-01`, ...cols.map((c) => rec[c] ?? '')].join(',');
      };
      const header = ['response_id', 'wave', 'unit', 'submitted_on', ...cols].join(',');
      const a = (wave: string) => [
        ...Array.from({ length: 20 }, (_, i) => line(`${wave}-a${i}`, wave, 'W-A', i < 10)),
        ...Array.from({ length: 10 }, (_, i) => line(`${wave}-c${i}`, wave, 'W-A1', false)),
      ];
      const b = (wave: string) => [
        ...Array.from({ length: 20 }, (_, i) => line(`${wave}-b${i}`, wave, 'W-B', i < 2)),
        ...Array.from({ length: 20 }, (_, i) => line(`${wave}-x${i}`, wave, 'W-X', true)),
      ];
      // W-2022 surveys everyone; W-2024 surveys B and X again.
      await importResponses(d.db, [header, ...a('W-2022'), ...b('W-2022')].join('\n'), { wave: 'W-2022' });
      await importResponses(d.db, [header, ...b('W-2024')].join('\n'), { wave: 'W-2024' });
      const pop = ['unit,period,dimension,group,headcount'];
      for (const w of ['W-2022', 'W-2024']) pop.push(`W,${w},all,all,650`, `W-A,${w},all,all,200`, `W-A1,${w},all,all,100`, `W-B,${w},all,all,300`, `W-X,${w},all,all,50`);
      await importPopulation(d.db, pop.join('\n'));
      const rowsOf = async (period: string) => {
        const rows: TableRow[] = [];
        await buildPeriodTable(d.db, await planPeriod(d.db, period), (x) => { rows.push(...x); });
        return (scope: string) => rows.find((r) => r.scope === scope && r.dimension === 'all' && r.indicator === 'sv_experienced' && r.option === 'any')!;
      };
      const window = await rowsOf('2021-2024');
      const org = window('W');
      // W pools A and A1 (2022) with B (2024), one weight per wave part (decision 094): 2022's 30
      // respondents stand for A's and A1's 200 staff (200/30 each, not 5 and 10 per unit), 2024's 20
      // for B's 300 (15); the excluded unit is left out. So W is 2022's 10 of 30 and 2024's 2 of 20,
      // weighted by headcount: (200 · 1/3 + 300 · 0.1) / 500 (per unit it would be 0.16).
      expect(org.n).toBe(50);
      expect(org.count).toBe(12);
      expect(org.value).toBeCloseTo((200 * (10 / 30) + 300 * 0.1) / 500, 12);
      const ref = weightedProportionEstimate([{ n: 30, count: 10, weight: 200 / 30 }, { n: 20, count: 2, weight: 15 }]);
      expect(org.ciLow).toBeCloseTo(ref.low, 12);
      // the excluded unit keeps figures of its own
      expect(window('W-X').value).toBe(1);
      // A's scope holds only 2022's respondents: the figure of the wave W-2022, unweighted (10 of 30, not
      // (100·0.5 + 100·0) / 200) and census-corrected alike (decision 003, session 11)
      const wave2022 = await rowsOf('W-2022');
      expect(window('W-A').value).toBeCloseTo(10 / 30, 12);
      expect([window('W-A').value, window('W-A').ciLow, window('W-A').ciHigh]).toEqual([wave2022('W-A').value, wave2022('W-A').ciLow, wave2022('W-A').ciHigh]);
      expect(window('W-A').ciHigh - window('W-A').ciLow).toBeLessThan(proportionEstimate(10, 30).high - proportionEstimate(10, 30).low);
      // a single wave of a census is not weighted: (10 + 0 + 2) / 50, the excluded unit counted only in
      // its own scope, so that no "wave minus window" difference can isolate it
      const waveOrg = wave2022('W');
      expect(waveOrg.value).toBeCloseTo(12 / 50, 12);
      expect(waveOrg.n).toBe(50);
      const wave: TableRow[] = [];
      await buildPeriodTable(d.db, await planPeriod(d.db, 'W-2022'), (x) => { wave.push(...x); });
      const rr = wave.find((r) => r.scope === 'W' && r.dimension === 'all' && r.indicator === 'response_rate')!;
      expect([rr.n, rr.count]).toEqual([600, 50]);
      // the same wave as a sample (M3-style) is weighted to headcount
      await d.db.execute(sql`update waves set kind = 'sample' where code = 'W-2022'`);
      expect((await rowsOf('W-2022'))('W').value).toBeCloseTo((100 * 0.5 + 100 * 0 + 300 * 0.1) / 500, 12);
    } finally {
      await d.destroy();
    }
  });
});

