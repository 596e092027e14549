import { describe, expect, it } from 'vitest';
import { messageTableProblems } from '@vw/app-shared/i18n';
import { formatPercent, messages, t } from './index';

// The runtime (languages, pickLang, placeholders) is tested in app-shared; here: this app's tables.
describe('message files', () => {
  it('have the same keys and placeholders in every language and no empty texts', () => {
    expect(messageTableProblems(messages)).toEqual([]);
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'home.roleCommander', { minGroupSize: 10 })).toContain('at least 10 respondents');
    expect(t('nl', 'home.roleCommander', { minGroupSize: 12 })).toContain('minstens 12 deelnemers');
  });

  it('throws when a placeholder has no value', () => {
    expect(() => t('nl', 'home.roleCommander')).toThrow(/minGroupSize/);
  });
});

describe('formatPercent', () => {
  it('uses the decimal separator of the language', () => {
    expect(formatPercent('nl', 12.5)).toBe('12,5%');
    expect(formatPercent('en', 12.5)).toBe('12.5%');
    expect(formatPercent('en', 40)).toBe('40%');
  });
});
