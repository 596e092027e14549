import { describe, expect, it } from 'vitest';
import { validateResponse, werkbeleving } from '@vw/questionnaire';
import { generateDemo } from '../../src/demo/index.js';

describe('demo responses against the questionnaire model', () => {
  it('are all valid answers to werkbeleving-sv@1 (small, two seeds)', () => {
    for (const seed of [1, 7]) {
      const data = generateDemo({ size: 'small', seed });
      const bad = data.responses.filter((r) => !validateResponse(werkbeleving, r.answers).ok);
      expect(bad.length, JSON.stringify(bad[0])).toBe(0);
      expect(data.responses.length).toBeGreaterThan(1000);
    }
  });
});
