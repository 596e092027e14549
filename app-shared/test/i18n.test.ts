import { describe, expect, it } from 'vitest';
import { createMessages, messageTableProblems, pickLang, type Lang } from '../src/i18n.js';

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

describe('createMessages', () => {
  const { t, translator } = createMessages({
    nl: { 'x.min': 'minstens {k} deelnemers', 'x.plain': 'Welkom' },
    en: { 'x.min': 'at least {k} respondents', 'x.plain': 'Welcome' },
  });

  it('fills placeholders in the chosen language', () => {
    expect(t('en', 'x.min', { k: 10 })).toBe('at least 10 respondents');
    expect(translator('nl')('x.min', { k: 12 })).toBe('minstens 12 deelnemers');
    expect(t('nl', 'x.plain')).toBe('Welkom');
  });

  it('throws when a placeholder has no value, naming the message', () => {
    expect(() => t('nl', 'x.min')).toThrow(/\{k\} in message "x\.min"/);
  });
});

describe('messageTableProblems', () => {
  it('is empty for tables that agree', () => {
    expect(messageTableProblems({ nl: { a: 'A {n}' }, en: { a: 'B {n}' } })).toEqual([]);
  });

  it('names missing, extra and empty keys and differing placeholders', () => {
    expect(messageTableProblems({ nl: { a: 'A {n}', b: 'B', c: ' ' }, en: { a: 'A {m}', c: 'C', d: 'D' } })).toEqual([
      'nl c: empty',
      'en a: placeholders {m} instead of {n}',
      'en b: missing',
      'en d: not in nl',
    ]);
  });
});
