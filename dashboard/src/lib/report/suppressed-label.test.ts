import { describe, expect, it } from 'vitest';
import { suppressedText } from './format';

describe('one label for every suppressed cell (decision 040)', () => {
  const rules = { k: 10, kv: 10 };
  it('says the same for a small group and for one hidden to protect another', () => {
    expect(suppressedText('en', 'suppressed', rules)).toBe('not published: too few respondents (fewer than 10) or hidden to protect another group');
    expect(suppressedText('nl', 'suppressed', rules)).toContain('minder dan 10');
  });
});
