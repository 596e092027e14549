/**
 * The published patterns of api/src/demo/PARAMETERS.md, measured on the generated defence data the way a release
 * would compute them (unweighted, pooled over the waves of a window). Tolerances allow for
 * sampling noise and for the units surveyed in a year; the seeds below are arbitrary.
 */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/index.js';
import type { DemoResponse } from '../../src/demo/index.js';
import { cronbachAlpha, group, has, inYears, isVictim, prevalence, share } from './stats.js';

const SCALES: Record<string, string[]> = {
  werkdruk: ['wl1', 'wl2', 'wl3'],
  leiding: ['ld1', 'ld2', 'ld3'],
  team: ['tm1', 'tm2', 'tm3'],
  betrokkenheid: ['bt1', 'bt2', 'bt3'],
  psy_veiligheid: ['ps1', 'ps2', 'ps3', 'ps4', 'ps5'],
  vier_v: ['vk1', 'vk2', 'vk3', 'vk4'],
};
const REVERSED = ['wl3', 'ps3', 'ps5'];

describe.each([7, 2025])('demo patterns: defence, seed %i', (seed) => {
  const d = generateDemo({ size: 'defence', seed });
  const rs = d.responses;
  const window = inYears(rs, 2018, 2021);
  const victims = window.filter((r) => isVictim(r.answers));
  const byGroup = (dim: 'gender' | 'rank_group' | 'age_band' | 'personnel_type', g: string): DemoResponse[] =>
    window.filter((r) => group(r.answers, dim) === g);
  const victimShare = (rows: readonly DemoResponse[], item: string, option: string): number =>
    share(rows.filter((r) => isVictim(r.answers)), (a) => has(a, item, option), item).p;

  it('about 7% experienced unwanted behaviour in 2018-2021, lower than 2017-2020 and falling', () => {
    const p = prevalence(window);
    expect(p).toBeGreaterThan(0.06);
    expect(p).toBeLessThan(0.09);
    expect(prevalence(inYears(rs, 2017, 2020))).toBeGreaterThan(p);
    // Full survey cycles hold the same units, so they show the trend without unit composition.
    const cycles = [2017, 2020, 2023].map((y) => prevalence(inYears(rs, y, y + 2)));
    expect(cycles[0] ?? 0).toBeGreaterThan((cycles[1] ?? 0) + 0.005);
    expect(cycles[1] ?? 0).toBeGreaterThan((cycles[2] ?? 0) + 0.005);
  });

  it('gossip/slander is the most frequent form, about 1 in 23 of all employees', () => {
    const forms = ['kwaadspreken', 'pesten', 'intimidatie', 'seksuele_intimidatie', 'agressie_verbaal', 'agressie_fysiek',
      'discriminatie', 'uitsluiting', 'stalking', 'anders'];
    const all = Object.fromEntries(forms.map((f) => [f, share(window, (a) => has(a, 'sv_form', f), 'sv_experienced').p]));
    for (const f of forms.slice(1)) expect(all.kwaadspreken ?? 0).toBeGreaterThan((all[f] ?? 0) * 1.5);
    expect(all.kwaadspreken).toBeGreaterThan(1 / 23 - 0.008);
    expect(all.kwaadspreken).toBeLessThan(1 / 23 + 0.008);
  });

  it('about 2% of all women experienced sexual harassment', () => {
    const women = byGroup('gender', 'vrouw');
    const p = share(women, (a) => has(a, 'sv_form', 'seksuele_intimidatie'), 'sv_experienced').p;
    expect(p).toBeGreaterThan(0.012);
    expect(p).toBeLessThan(0.03);
    const men = share(byGroup('gender', 'man'), (a) => has(a, 'sv_form', 'seksuele_intimidatie'), 'sv_experienced').p;
    expect(men).toBeLessThan(p / 3);
  });

  it('bullying among victims: about 27% of men, 18% of women, 17% of unknown gender', () => {
    const men = victimShare(byGroup('gender', 'man'), 'sv_form', 'pesten');
    const women = victimShare(byGroup('gender', 'vrouw'), 'sv_form', 'pesten');
    const unknown = victimShare(byGroup('gender', 'onbekend'), 'sv_form', 'pesten');
    expect(men).toBeGreaterThan(0.22);
    expect(men).toBeLessThan(0.33);
    expect(women).toBeGreaterThan(0.12);
    expect(women).toBeLessThan(0.24);
    expect(unknown).toBeGreaterThan(0.11);
    expect(unknown).toBeLessThan(0.24);
    expect(men).toBeGreaterThan(women + 0.03);
    expect(men).toBeGreaterThan(unknown + 0.03);
  });

  it('women more than men, lower ranks more than higher, the not-disclosed group the most', () => {
    const p = (dim: 'gender' | 'rank_group' | 'age_band' | 'personnel_type', g: string): number => prevalence(byGroup(dim, g));
    expect(p('gender', 'vrouw')).toBeGreaterThan(p('gender', 'man') * 1.3);
    expect(p('rank_group', 'manschappen')).toBeGreaterThan(p('rank_group', 'onderofficieren'));
    expect(p('rank_group', 'onderofficieren')).toBeGreaterThan(p('rank_group', 'officieren'));
    expect(p('rank_group', 'schaal_1_6')).toBeGreaterThan(p('rank_group', 'schaal_11plus'));
    for (const dim of ['gender', 'age_band', 'personnel_type', 'rank_group'] as const) {
      const groups = new Set(window.map((r) => group(r.answers, dim)));
      const unknown = p(dim, 'onbekend');
      for (const g of groups) {
        if (g === 'onbekend' || byGroup(dim, g).length < 500) continue;
        expect(unknown, `${dim}: onbekend vs ${g}`).toBeGreaterThan(p(dim, g));
      }
    }
  });

  it('perpetrators: mostly colleagues, then the supervisor, then others inside the organisation', () => {
    const s = (o: string): number => share(victims, (a) => has(a, 'sv_perpetrator', o), 'sv_perpetrator').p;
    expect(s('collega')).toBeGreaterThan(s('leidinggevende') + 0.1);
    expect(s('leidinggevende')).toBeGreaterThan(s('intern_anders') + 0.05);
    for (const o of ['hoger_leidinggevende', 'ondergeschikte', 'extern', 'zeg_niet']) expect(s('intern_anders')).toBeGreaterThan(s(o));
  });

  it('discussed about equally often with the perpetrator, a colleague and the supervisor; the confidential adviser rising', () => {
    const s = (rows: readonly DemoResponse[], o: string): number =>
      share(rows.filter((r) => isVictim(r.answers)), (a) => has(a, 'sv_discussed', o), 'sv_discussed').p;
    const three = ['pleger', 'collega', 'leidinggevende'].map((o) => s(window, o));
    expect(Math.max(...three) - Math.min(...three)).toBeLessThan(0.06);
    const early = s(inYears(rs, 2017, 2019), 'vertrouwenspersoon');
    const late = s(inYears(rs, 2023, 2025), 'vertrouwenspersoon');
    expect(late).toBeGreaterThan(early + 0.04);
  });

  it('about 10% do not feel socially safe; team-observed is higher than experienced', () => {
    const unsafe = share(window, (a) => typeof a.sv_safe === 'number' && a.sv_safe <= 2, 'sv_safe').p;
    expect(unsafe).toBeGreaterThan(0.08);
    expect(unsafe).toBeLessThan(0.12);
    const team = share(window, (a) => typeof a.sv_team_observed === 'number' && a.sv_team_observed >= 2, 'sv_team_observed').p;
    expect(team).toBeGreaterThan(prevalence(window) * 1.8);
    expect(team).toBeGreaterThan(prevalence(inYears(rs, 2022, 2025)));
  });

  it('about 80% know the code of conduct and 88% are willing to report', () => {
    const code = share(rs, (a) => a.sv_aware_code === 'ja', 'sv_aware_code').p;
    expect(code).toBeGreaterThan(0.77);
    expect(code).toBeLessThan(0.83);
    const willing = share(rs, (a) => typeof a.sv_willing === 'number' && a.sv_willing >= 4, 'sv_willing').p;
    expect(willing).toBeGreaterThan(0.85);
    expect(willing).toBeLessThan(0.91);
  });

  it('the named brigade falls from about 12% in its first wave to about 3% in its last', () => {
    const { code } = d.parameters.trendBrigade;
    expect(code).toBe('CLAS-13LTBRIG');
    const inBrigade = rs.filter((r) => r.unit === code || r.unit.startsWith(`${code}-`));
    const waves = [...new Set(inBrigade.map((r) => r.wave))].sort();
    expect(waves).toEqual(['DEF-2018', 'DEF-2021', 'DEF-2024']);
    const first = prevalence(inBrigade.filter((r) => r.wave === waves[0]));
    const last = prevalence(inBrigade.filter((r) => r.wave === waves[waves.length - 1]));
    expect(first).toBeGreaterThanOrEqual(0.09);
    expect(last).toBeLessThanOrEqual(0.05);
  });

  it('scale items hang together (Cronbach alpha) and reverse-worded items run the other way', () => {
    const sample = rs.slice(0, 20_000);
    for (const [scale, items] of Object.entries(SCALES)) {
      expect(cronbachAlpha(sample, items, REVERSED), scale).toBeGreaterThan(0.7);
    }
    // Without reverse coding the scales with a reversed item fall apart.
    expect(cronbachAlpha(sample, SCALES.werkdruk ?? [])).toBeLessThan(0.3);
    expect(cronbachAlpha(sample, SCALES.psy_veiligheid ?? [])).toBeLessThan(0.3);
    // Victims score lower on psychological safety and on the four V's.
    const mean = (rows: readonly DemoResponse[], item: string): number => {
      const xs = rows.map((r) => r.answers[item]).filter((v): v is number => typeof v === 'number');
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    const nonVictims = sample.filter((r) => r.answers.sv_experienced === 1);
    const sampleVictims = sample.filter((r) => isVictim(r.answers));
    expect(mean(sampleVictims, 'vk1')).toBeLessThan(mean(nonVictims, 'vk1') - 0.3);
    expect(mean(sampleVictims, 'ps3')).toBeGreaterThan(mean(nonVictims, 'ps3') + 0.2);
  });
});
