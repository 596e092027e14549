import { describe, expect, it } from 'vitest';
import { messageTableProblems } from '@vw/app-shared/i18n';
import { messages, t } from './index';

// The runtime (languages, pickLang, placeholders) is tested in app-shared; here: this app's tables.
describe('message files', () => {
  it('have the same keys and placeholders in every language and no empty texts', () => {
    expect(messageTableProblems(messages)).toEqual([]);
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
