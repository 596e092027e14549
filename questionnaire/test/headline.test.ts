import { describe, expect, it } from 'vitest';
import { HEADLINE_FIGURES, HEADLINE_LABELS, headlineLabel, werkbeleving } from '../src/index.js';

describe('the headline figures', () => {
  it('are indicators of the reference instrument, each named in both languages', () => {
    const codes = new Set(werkbeleving.indicators.map((i) => i.code));
    for (const h of HEADLINE_FIGURES) {
      expect(codes, h.indicator).toContain(h.indicator);
      expect(headlineLabel('nl', h.indicator, h.option), h.indicator).toMatch(/\S/);
      expect(headlineLabel('en', h.indicator, h.option), h.indicator).toMatch(/\S/);
    }
    expect(new Set(HEADLINE_FIGURES.map((h) => headlineLabel('en', h.indicator, h.option))).size).toBe(HEADLINE_FIGURES.length);
    // both tables name the same rows: the headline figures and the response rate
    expect(Object.keys(HEADLINE_LABELS.nl).sort()).toEqual(Object.keys(HEADLINE_LABELS.en).sort());
    expect(Object.keys(HEADLINE_LABELS.en)).toHaveLength(HEADLINE_FIGURES.length + 1);
  });

  it('name the response rate too, and nothing else', () => {
    expect(headlineLabel('en', 'response_rate', 'all')).toBe('Response rate');
    expect(headlineLabel('nl', 'response_rate', 'all')).toBe('Respons');
    expect(headlineLabel('en', 'sv_form', 'pesten')).toBeUndefined();
    expect(headlineLabel('en', 'sv_experienced', 'never')).toBeUndefined();
  });
});
