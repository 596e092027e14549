import { describe, expect, it } from 'vitest';
import { LANGS, messages, pickLang, t, type Lang } from './index';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('message files', () => {
  const [first, ...others] = LANGS;
  const reference = Object.keys(messages[first]).sort();

  it.each(others)('%s has exactly the keys of the first language', (lang) => {
    expect(Object.keys(messages[lang]).sort()).toEqual(reference);
  });

  it.each(LANGS)('%s has no empty texts', (lang) => {
    const empty = Object.entries(messages[lang]).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in every language', () => {
    for (const key of reference) {
      const expected = placeholders((messages[first] as Record<string, string>)[key] ?? '');
      for (const lang of others) {
        expect(placeholders((messages[lang] as Record<string, string>)[key] ?? ''), `${lang} ${key}`).toEqual(expected);
      }
    }
  });
});

describe('pickLang', () => {
  it.each<[string | null, string | undefined, Lang]>([
    [null, undefined, 'nl'],
    ['en', undefined, 'en'],
    [null, 'en', 'en'],
    ['nl', 'en', 'nl'],
    ['fr', 'en', 'en'],
    ['fr', 'de', 'nl'],
    ['EN', undefined, 'nl'],
  ])('query %s, cookie %s gives %s', (query, cookie, expected) => {
    expect(pickLang(query, cookie)).toBe(expected);
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'home.minGroupSize', { minGroupSize: 10 })).toContain('at least 10 respondents');
    expect(t('nl', 'home.minGroupSize', { minGroupSize: 12 })).toContain('minstens 12 deelnemers');
  });

  it('throws when a placeholder has no value', () => {
    expect(() => t('nl', 'home.minGroupSize')).toThrow(/minGroupSize/);
  });
});
