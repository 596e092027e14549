import { describe, expect, it } from 'vitest';
import { indicatorCells, indicatorDirection, measureIndicator, measureIndicators, parseDefinition, werkbeleving } from '../src/index.js';
import type { IndicatorCell } from '../src/index.js';

function cell(indicator: string, option: string, base: string): IndicatorCell {
  const found = indicatorCells(werkbeleving).find((c) => c.indicator === indicator && c.option === option && c.base === base);
  if (found === undefined) throw new Error(`no cell ${indicator}/${option}/${base}`);
  return found;
}

describe('indicatorCells', () => {
  it('lists the release-table rows of docs/instrument.md', () => {
    const summary = new Map<string, string[]>();
    for (const c of indicatorCells(werkbeleving)) {
      const key = `${c.indicator}|${c.base}|${c.kind}`;
      summary.set(key, [...(summary.get(key) ?? []), c.option]);
    }
    const optionsOf = (item: string) => {
      const found = werkbeleving.items.find((i) => i.code === item);
      return found !== undefined && 'options' in found ? found.options.map((o) => o.code) : [];
    };
    expect(Object.fromEntries(summary)).toEqual({
      'sv_team_observed|all|proportion': ['any', 'often'],
      'sv_experienced|all|proportion': ['any', 'often'],
      'sv_form|victims|proportion': optionsOf('sv_form'),
      'sv_form|all|proportion': optionsOf('sv_form'),
      'sv_discr_ground|victims|proportion': optionsOf('sv_discr_ground'),
      'sv_perpetrator|victims|proportion': optionsOf('sv_perpetrator'),
      'sv_discussed|victims|proportion': optionsOf('sv_discussed'),
      'sv_reported|victims|proportion': ['nee', 'leidinggevende', 'meldpunt', 'klacht', 'anders'],
      'sv_not_reported|victims|proportion': optionsOf('sv_not_reported'),
      'sv_aware_where|all|proportion': ['ja'],
      'sv_aware_complaints|all|proportion': ['ja'],
      'sv_aware_vp|all|proportion': ['ja'],
      'sv_aware_code|all|proportion': ['ja'],
      'sv_willing|all|proportion': ['agree'],
      'sv_trust|all|proportion': ['agree'],
      'sv_fear|all|proportion': ['agree'],
      'sv_channel|all|proportion': ['leidinggevende', 'vertrouwenspersoon', 'meldpunt', 'klachtencommissie', 'anders', 'weet_niet'],
      'sv_unsafe|all|proportion': ['yes'],
      'werkdruk|all|mean': ['mean'],
      'leiding|all|mean': ['mean'],
      'team|all|mean': ['mean'],
      'betrokkenheid|all|mean': ['mean'],
      'psy_veiligheid|all|mean': ['mean'],
      'vier_v|all|mean': ['mean'],
      'sat|all|mean': ['mean'],
      'response_rate|headcount|proportion': ['all'],
    });
  });
});

describe('measureIndicator', () => {
  it('collapses freq5 answers into any (2–5) and often (4–5)', () => {
    const any = cell('sv_experienced', 'any', 'all');
    const often = cell('sv_experienced', 'often', 'all');
    expect([1, 2, 3, 4, 5].map((v) => measureIndicator(werkbeleving, any, { sv_experienced: v }))).toEqual([0, 1, 1, 1, 1].map((count) => ({ count })));
    expect([1, 2, 3, 4, 5].map((v) => measureIndicator(werkbeleving, often, { sv_experienced: v }))).toEqual([0, 0, 0, 1, 1].map((count) => ({ count })));
    expect(measureIndicator(werkbeleving, any, {})).toBeNull();
  });

  it('sv_unsafe counts sv_safe 1–2; agree counts 4–5', () => {
    const unsafe = cell('sv_unsafe', 'yes', 'all');
    expect([1, 2, 3].map((v) => measureIndicator(werkbeleving, unsafe, { sv_safe: v }))).toEqual([{ count: 1 }, { count: 1 }, { count: 0 }]);
    expect(measureIndicator(werkbeleving, cell('sv_fear', 'agree', 'all'), { sv_fear: 4 })).toEqual({ count: 1 });
  });

  it('sv_form among victims leaves non-victims out of n', () => {
    const pesten = cell('sv_form', 'pesten', 'victims');
    expect(measureIndicator(werkbeleving, pesten, { sv_experienced: 1 })).toBeNull();
    expect(measureIndicator(werkbeleving, pesten, { sv_experienced: 2 })).toBeNull();
    expect(measureIndicator(werkbeleving, pesten, { sv_experienced: 2, sv_form: ['pesten'] })).toEqual({ count: 1 });
    expect(measureIndicator(werkbeleving, pesten, { sv_experienced: 2, sv_form: [] })).toEqual({ count: 0 });
  });

  it('sv_form among all respondents has n as for sv_experienced', () => {
    const pesten = cell('sv_form', 'pesten', 'all');
    expect(measureIndicator(werkbeleving, pesten, { sv_experienced: 1 })).toEqual({ count: 0 });
    expect(measureIndicator(werkbeleving, pesten, { sv_experienced: 3, sv_form: ['pesten'] })).toEqual({ count: 1 });
    expect(measureIndicator(werkbeleving, pesten, {})).toBeNull();
  });

  it('single-choice and yesno shares', () => {
    expect(measureIndicator(werkbeleving, cell('sv_reported', 'nee', 'victims'), { sv_experienced: 2, sv_reported: 'nee' })).toEqual({ count: 1 });
    expect(measureIndicator(werkbeleving, cell('sv_aware_vp', 'ja', 'all'), { sv_aware_vp: 'nee' })).toEqual({ count: 0 });
  });

  it('means of scales and of the mark', () => {
    expect(measureIndicator(werkbeleving, cell('werkdruk', 'mean', 'all'), { wl1: 4, wl3: 4 })).toEqual({ value: 3 });
    expect(measureIndicator(werkbeleving, cell('werkdruk', 'mean', 'all'), { wl1: 4 })).toBeNull();
    expect(measureIndicator(werkbeleving, cell('sat', 'mean', 'all'), { sat: 8 })).toEqual({ value: 8 });
    expect(measureIndicator(werkbeleving, cell('response_rate', 'all', 'headcount'), {})).toEqual({ count: 1 });
  });

  it('measureIndicators aligns with indicatorCells', () => {
    const all = measureIndicators(werkbeleving, { sv_experienced: 4 });
    expect(all.map(({ indicator, option, base }) => `${indicator}/${option}/${base}`)).toEqual(indicatorCells(werkbeleving).map((c) => `${c.indicator}/${c.option}/${c.base}`));
    expect(all.find((m) => m.indicator === 'sv_experienced' && m.option === 'often')?.contribution).toEqual({ count: 1 });
  });
});

describe('indicatorDirection', () => {
  it('says which way each headline indicator is good', () => {
    expect(indicatorDirection(werkbeleving, 'sv_trust')).toBe('higher');
    expect(indicatorDirection(werkbeleving, 'sv_aware_code')).toBe('higher');
    expect(indicatorDirection(werkbeleving, 'werkdruk')).toBe('higher');
    expect(indicatorDirection(werkbeleving, 'sv_experienced')).toBe('lower');
    expect(indicatorDirection(werkbeleving, 'sv_fear')).toBe('lower');
    expect(indicatorDirection(werkbeleving, 'sv_unsafe')).toBe('lower');
    expect(indicatorDirection(werkbeleving, 'sv_form')).toBe('neutral');
    expect(indicatorDirection(werkbeleving, 'no_such_code')).toBe('neutral');
  });

  it('reads a definition stored before directions existed as neutral', () => {
    const old = JSON.parse(JSON.stringify(werkbeleving)) as { indicators: Record<string, unknown>[] };
    for (const i of old.indicators) delete i['direction'];
    const parsed = parseDefinition(old);
    expect(parsed.indicators.map((i) => indicatorDirection(parsed, i.code)).every((d) => d === 'neutral')).toBe(true);
  });
});
