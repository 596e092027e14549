import { describe, expect, it } from 'vitest';
import { isVisible, shownAnswers, visibleItems, werkbeleving } from '../src/index.js';

const victimItems = ['sv_form', 'sv_perpetrator', 'sv_discussed', 'sv_reported'];
const alwaysSv = ['sv_team_observed', 'sv_experienced', 'sv_aware_where', 'sv_aware_complaints', 'sv_aware_vp', 'sv_aware_code', 'sv_willing', 'sv_channel', 'sv_trust', 'sv_fear'];

describe('visibleItems on werkbeleving-sv@1', () => {
  it('shows every unconditional item, in definition order, background last', () => {
    const visible = visibleItems(werkbeleving, {});
    expect(visible).toEqual(werkbeleving.items.filter((item) => item.condition === undefined).map((item) => item.code));
    expect(visible.slice(-3)).toEqual(['gender', 'age_band', 'personnel_type']);
    for (const code of alwaysSv) expect(visible).toContain(code);
  });

  it('non-victim path (sv_experienced = 1): no follow-up questions', () => {
    const visible = visibleItems(werkbeleving, { sv_experienced: 1 });
    for (const code of [...victimItems, 'sv_discr_ground', 'sv_not_reported']) expect(visible).not.toContain(code);
  });

  it('victim path (sv_experienced ≥ 2): follow-up questions after sv_experienced', () => {
    for (const level of [2, 3, 4, 5]) {
      const visible = visibleItems(werkbeleving, { sv_experienced: level });
      for (const code of victimItems) expect(visible).toContain(code);
      expect(visible.indexOf('sv_form')).toBe(visible.indexOf('sv_experienced') + 1);
      expect(visible).not.toContain('sv_not_reported');
    }
  });

  it('unanswered sv_experienced hides the victim path', () => {
    expect(visibleItems(werkbeleving, { sv_team_observed: 5 })).not.toContain('sv_form');
  });

  it('discrimination grounds only when discriminatie is chosen', () => {
    expect(isVisible(werkbeleving, 'sv_discr_ground', { sv_experienced: 3, sv_form: ['pesten'] })).toBe(false);
    expect(isVisible(werkbeleving, 'sv_discr_ground', { sv_experienced: 3, sv_form: [] })).toBe(false);
    expect(isVisible(werkbeleving, 'sv_discr_ground', { sv_experienced: 3, sv_form: ['pesten', 'discriminatie'] })).toBe(true);
    // A stale sv_form answer does not count once sv_form itself is hidden.
    expect(isVisible(werkbeleving, 'sv_discr_ground', { sv_experienced: 1, sv_form: ['discriminatie'] })).toBe(false);
  });

  it('reasons for not reporting only after answering nee', () => {
    expect(isVisible(werkbeleving, 'sv_not_reported', { sv_experienced: 2, sv_reported: 'nee' })).toBe(true);
    expect(isVisible(werkbeleving, 'sv_not_reported', { sv_experienced: 2, sv_reported: 'meldpunt' })).toBe(false);
    expect(isVisible(werkbeleving, 'sv_not_reported', { sv_experienced: 1, sv_reported: 'nee' })).toBe(false);
  });

  it('rank for military staff, salary scale for civilians, neither otherwise', () => {
    const shows = (personnel_type?: string) => {
      const visible = visibleItems(werkbeleving, personnel_type === undefined ? {} : { personnel_type });
      return [visible.includes('rank_mil'), visible.includes('scale_civ')];
    };
    expect(shows('militair')).toEqual([true, false]);
    expect(shows('burger')).toEqual([false, true]);
    expect(shows('extern')).toEqual([false, false]);
    expect(shows('zeg_niet')).toEqual([false, false]);
    expect(shows(undefined)).toEqual([false, false]);
  });

  it('isVisible rejects unknown item codes', () => {
    expect(() => isVisible(werkbeleving, 'nope', {})).toThrow(/no item "nope"/);
  });

  it('shownAnswers drops answers to hidden and unknown items', () => {
    expect(shownAnswers(werkbeleving, { sv_experienced: 1, sv_form: ['pesten'], zz: 1, gender: 'man' })).toEqual({ sv_experienced: 1, gender: 'man' });
  });
});
