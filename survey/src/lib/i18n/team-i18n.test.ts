import { describe, expect, it } from 'vitest';
import { LANGS } from './index';
import { figureText, indicatorLabel, teamMessages } from './team';

describe('team summary texts', () => {
  it('have the same keys and placeholders in every language, none empty', () => {
    const keys = Object.keys(teamMessages.nl).sort();
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of LANGS) {
      expect(Object.keys(teamMessages[lang]).sort()).toEqual(keys);
      for (const k of keys) {
        const text = (teamMessages[lang] as Record<string, string>)[k]!;
        expect(text.trim()).not.toBe('');
        expect(ph(text)).toEqual(ph((teamMessages.nl as Record<string, string>)[k]!));
      }
    }
  });

  it('write figures in the reader notation', () => {
    expect(figureText('nl', 'any', 0.4)).toBe('40%');
    expect(figureText('nl', 'mean', 3.8)).toBe('3,8');
    expect(indicatorLabel('en', 'sv_trust', 'agree')).toBe('Trusts that reports are handled well');
  });
});
