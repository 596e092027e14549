import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/index.js';
import { childrenOf, depthOf, headcounts, respondentsInSubtree } from './fixtures.js';
import { checkAnswers } from './instrument-check.js';
import { has, share } from './stats.js';

describe('demo waves and responses: defence', () => {
  const d = generateDemo({ size: 'defence', seed: 11 });
  const byCode = new Map(d.units.map((u) => [u.code, u]));
  const depth = depthOf(d.units);
  const kids = childrenOf(d.units);
  const hc = headcounts(d);
  const waveByCode = new Map(d.waves.map((w) => [w.code, w]));

  it('has one census wave per year DEF-2017 ... DEF-2025, open and closed within that year', () => {
    expect(d.waves.map((w) => w.code)).toEqual(Array.from({ length: 9 }, (_, i) => `DEF-${2017 + i}`));
    for (const w of d.waves) {
      const year = w.code.slice(-4);
      expect(w.opens.startsWith(year) && w.closes.startsWith(year)).toBe(true);
      expect(w.opens < w.closes).toBe(true);
      expect(w).toMatchObject({ org: 'DEF', instrument: 'werkbeleving-sv@1', kind: 'census' });
      expect(new Set(w.units).size).toBe(w.units.length);
      for (const code of w.units) expect(byCode.has(code)).toBe(true);
    }
  });

  it('surveys about a third of the units each year and every unit at least once every three years', () => {
    const surveyable = d.units.filter((u) => (depth.get(u.code) ?? 0) >= 3);
    for (const w of d.waves) {
      const share = w.units.length / surveyable.length;
      expect(share).toBeGreaterThan(0.28);
      expect(share).toBeLessThan(0.38);
    }
    const years = d.waves.map((w) => Number(w.code.slice(-4)));
    for (const u of surveyable) {
      const valid = d.waves.filter((w) => (u.validFrom === null || u.validFrom <= w.opens) && (u.validTo === null || u.validTo >= w.opens));
      const surveyed = new Set(d.waves.filter((w) => w.units.includes(u.code)).map((w) => Number(w.code.slice(-4))));
      const validYears = valid.map((w) => Number(w.code.slice(-4)));
      for (const y of validYears) {
        if (!validYears.includes(y + 2)) continue;
        expect([y, y + 1, y + 2].some((x) => surveyed.has(x)), `${u.code} ${y}-${y + 2}`).toBe(true);
      }
      for (const y of surveyed) expect(validYears).toContain(y);
      if (u.validFrom === null && u.validTo === null) expect(surveyed.size).toBe(years.length / 3);
    }
    // Organisation and branches are never surveyed as a whole.
    for (const w of d.waves) for (const code of w.units) expect(depth.get(code) ?? 0).toBeGreaterThanOrEqual(3);
  });

  it('response rate of every unit-wave is 35-75% of headcount, and some unit-waves have fewer than 10 respondents', () => {
    const counted = respondentsInSubtree(d);
    let checked = 0;
    for (const [period, units] of hc) {
      for (const [code, cells] of units) {
        const n = counted.get(`${period}|${code}`) ?? 0;
        const headcount = cells.get('all/all') ?? 0;
        if (headcount === 0) {
          expect(n).toBe(0);
          continue;
        }
        expect(n / headcount, `${period} ${code}`).toBeGreaterThanOrEqual(0.35);
        expect(n / headcount, `${period} ${code}`).toBeLessThanOrEqual(0.75);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1500);
    const own = new Map<string, number>();
    for (const r of d.responses) own.set(`${r.wave}|${r.unit}`, (own.get(`${r.wave}|${r.unit}`) ?? 0) + 1);
    const small = [...own.values()].filter((n) => n < 10).length;
    expect(small).toBeGreaterThanOrEqual(10);
    expect(small / own.size).toBeLessThan(0.1);
  });

  it('every response belongs to a surveyed unit of its wave and was submitted while the wave was open', () => {
    const surveyed = new Map(d.waves.map((w) => [w.code, new Set(w.units)]));
    const wrong: string[] = [];
    for (const r of d.responses) {
      const w = waveByCode.get(r.wave);
      if (!w || !surveyed.get(r.wave)?.has(r.unit) || r.submittedOn < w.opens || r.submittedOn > w.closes) wrong.push(r.id);
    }
    expect(wrong).toEqual([]);
    // Responses of internal units come from their own staff (headquarters).
    expect(d.responses.some((r) => kids.has(r.unit))).toBe(true);
    expect(d.responses.some((r) => r.unit === 'BS-MIVD')).toBe(true);
  });

  it('has about 100,000 responses', () => {
    expect(d.responses.length).toBeGreaterThan(80_000);
    expect(d.responses.length).toBeLessThan(120_000);
  });

  it('every response obeys the instrument: codes, ranges, conditions, exclusive options, non-empty multi answers', () => {
    const problems = new Map<string, number>();
    for (const r of d.responses) for (const p of checkAnswers(r.answers)) problems.set(p, (problems.get(p) ?? 0) + 1);
    expect([...problems.entries()].slice(0, 10)).toEqual([]);
  });

  it('uses the conditional and exclusive answers, and leaves some items unanswered', () => {
    const rs = d.responses;
    expect(rs.some((r) => has(r.answers, 'sv_perpetrator', 'zeg_niet'))).toBe(true);
    expect(rs.some((r) => has(r.answers, 'sv_discussed', 'niemand'))).toBe(true);
    expect(rs.some((r) => r.answers.sv_discr_ground !== undefined)).toBe(true);
    expect(rs.some((r) => r.answers.sv_not_reported !== undefined)).toBe(true);
    expect(rs.some((r) => r.answers.rank_mil !== undefined) && rs.some((r) => r.answers.scale_civ !== undefined)).toBe(true);
    // Item nonresponse: some victims skip sv_form, everyone may skip a scale item.
    const victims = rs.filter((r) => typeof r.answers.sv_experienced === 'number' && r.answers.sv_experienced >= 2);
    expect(victims.some((r) => r.answers.sv_form === undefined)).toBe(true);
    const skippedWl1 = share(rs, (a) => a.wl1 === undefined).p;
    expect(skippedWl1).toBeGreaterThan(0.003);
    expect(skippedWl1).toBeLessThan(0.05);
    const completeSv = share(rs, (a) => a.sv_experienced !== undefined).p;
    expect(completeSv).toBeGreaterThan(0.95);
  });

  it('background: zeg_niet for a few percent on every item, and rank only for the matching personnel type', () => {
    for (const item of ['gender', 'age_band', 'personnel_type']) {
      const p = share(d.responses, (a) => a[item] === 'zeg_niet').p;
      expect(p, item).toBeGreaterThan(0.02);
      expect(p, item).toBeLessThan(0.1);
    }
    const mil = d.responses.filter((r) => r.answers.personnel_type === 'militair');
    const pRank = share(mil, (a) => a.rank_mil === 'zeg_niet').p;
    expect(pRank).toBeGreaterThan(0.005);
    expect(pRank).toBeLessThan(0.1);
    const misplaced = d.responses.filter(
      (r) => (r.answers.personnel_type !== 'militair' && r.answers.rank_mil !== undefined)
        || (r.answers.personnel_type !== 'burger' && r.answers.scale_civ !== undefined),
    );
    expect(misplaced).toEqual([]);
  });
});
