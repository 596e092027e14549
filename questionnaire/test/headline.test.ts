import { describe, expect, it } from 'vitest';
import { HEADLINE_FIGURES, headlineLabel, werkbeleving } from '../src/index.js';

describe('the headline figures', () => {
  it('are indicators of the reference instrument, each named in both languages', () => {
    const codes = new Set(werkbeleving.indicators.map((i) => i.code));
    for (const h of HEADLINE_FIGURES) {
      expect(codes, h.indicator).toContain(h.indicator);
      expect(headlineLabel('nl', h.indicator, h.option)).toBe(h.label.nl);
      expect(headlineLabel('en', h.indicator, h.option)).toBe(h.label.en);
      expect(h.label.nl.length * h.label.en.length, h.indicator).toBeGreaterThan(0);
    }
    expect(new Set(HEADLINE_FIGURES.map((h) => h.label.en)).size).toBe(HEADLINE_FIGURES.length);
  });

  it('name the response rate too, and nothing else', () => {
    expect(headlineLabel('en', 'response_rate', 'all')).toBe('Response rate');
    expect(headlineLabel('nl', 'response_rate', 'all')).toBe('Respons');
    expect(headlineLabel('en', 'sv_form', 'pesten')).toBeUndefined();
    expect(headlineLabel('en', 'sv_experienced', 'never')).toBeUndefined();
  });
});
