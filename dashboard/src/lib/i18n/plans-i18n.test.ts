import { describe, expect, it } from 'vitest';
import { LANGS } from './index';
import { plansMessages, pt } from './plans';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('follow-up texts', () => {
  it('have the same keys, no empty text and the same placeholders in every language', () => {
    const keys = Object.keys(plansMessages.nl).sort();
    for (const lang of LANGS) {
      expect(Object.keys(plansMessages[lang]).sort()).toEqual(keys);
      for (const key of keys) {
        const text = (plansMessages[lang] as Record<string, string>)[key]!;
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders((plansMessages.nl as Record<string, string>)[key]!));
      }
    }
  });

  it('fill placeholders and refuse a missing one', () => {
    expect(pt('en', 'plans.title', { unit: 'Company A' })).toBe('Follow-up: Company A');
    expect(() => pt('nl', 'plans.title')).toThrow(/unit/);
  });
});
