import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateDemo, generateDemoFrame, generateResponses } from '../../src/demo/index.js';
import { checkAnswers } from './instrument-check.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('demo generator: determinism and ids', () => {
  const a = generateDemo({ size: 'small', seed: 42 });

  it('gives identical output for the same seed', () => {
    expect(generateDemo({ size: 'small', seed: 42 })).toEqual(a);
  });

  it('gives different output for a different seed, with the same unit codes', () => {
    const b = generateDemo({ size: 'small', seed: 43 });
    expect(b.units.map((u) => u.code)).toEqual(a.units.map((u) => u.code));
    expect(b.responses.length).not.toBe(a.responses.length);
    expect(b.responses[0]?.id).not.toBe(a.responses[0]?.id);
    expect(b.population).not.toEqual(a.population);
  });

  it('defaults to the small size and seed 1', () => {
    const d = generateDemoFrame();
    expect(d.parameters.size).toBe('small');
    expect(d.parameters.seed).toBe(1);
    expect(d.population).toEqual(generateDemoFrame({ size: 'small', seed: 1 }).population);
  });

  it('streams exactly the responses of generateDemo, in batches that never mix waves', () => {
    const streamed = [];
    for (const batch of generateResponses({ size: 'small', seed: 42 }, 500)) {
      expect(new Set(batch.map((r) => r.wave)).size).toBe(1);
      streamed.push(...batch);
    }
    expect(streamed).toEqual(a.responses);
  });

  it('the frame equals generateDemo without responses', () => {
    const { responses: _responses, ...rest } = a;
    expect(generateDemoFrame({ size: 'small', seed: 42 })).toEqual(rest);
  });

  it('defence is deterministic too (frame and first batches)', () => {
    const f1 = generateDemoFrame({ size: 'defence', seed: 5 });
    const f2 = generateDemoFrame({ size: 'defence', seed: 5 });
    expect(f2).toEqual(f1);
    const first = (): unknown[] => {
      const out: unknown[] = [];
      for (const batch of generateResponses({ size: 'defence', seed: 5 }, 2000)) {
        out.push(batch);
        if (out.length === 2) break;
      }
      return out;
    };
    expect(first()).toEqual(first());
  });

  it('response ids are unique random UUID v4 that do not follow generation order', () => {
    const ids = a.responses.map((r) => r.id);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
    const sorted = [...ids].sort();
    expect(sorted).not.toEqual(ids);
    // Successive ids rise about as often as they fall: no trace of insertion order.
    let ascending = 0;
    for (let i = 1; i < ids.length; i++) if ((ids[i] ?? '') > (ids[i - 1] ?? '')) ascending++;
    expect(ascending / (ids.length - 1)).toBeGreaterThan(0.45);
    expect(ascending / (ids.length - 1)).toBeLessThan(0.55);
  });

  it('scale multiplies staff and responses', () => {
    const base = generateDemoFrame({ size: 'small', seed: 3 });
    const big = generateDemoFrame({ size: 'small', seed: 3, scale: 4 });
    const staff = (d: typeof base): number =>
      d.population.filter((r) => r.unit === 'DEF' && r.dimension === 'all').reduce((s, r) => s + r.headcount, 0);
    expect(staff(big) / staff(base)).toBeGreaterThan(3.8);
    expect(staff(big) / staff(base)).toBeLessThan(4.2);
    let n = 0;
    for (const batch of generateResponses({ size: 'small', seed: 3, scale: 4 })) n += batch.length;
    const ratio = n / generateDemo({ size: 'small', seed: 3 }).responses.length;
    expect(ratio).toBeGreaterThan(3.7);
    expect(ratio).toBeLessThan(4.3);
  });

  it('rejects bad options', () => {
    expect(() => generateDemo({ size: 'huge' as 'small' })).toThrow(/size/);
    expect(() => generateDemo({ seed: 1.5 })).toThrow(/seed/);
    expect(() => generateDemo({ scale: 0 })).toThrow(/scale/);
  });

  it('any seed gives valid responses and consistent headcounts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (seed) => {
        const d = generateDemo({ size: 'small', seed });
        for (const r of d.responses) expect(checkAnswers(r.answers)).toEqual([]);
        const root = d.population.filter((r) => r.unit === 'DEF' && r.dimension === 'all');
        expect(root).toHaveLength(3);
        const counted = new Map<string, number>();
        for (const r of d.responses) counted.set(r.wave, (counted.get(r.wave) ?? 0) + 1);
        for (const row of root) {
          const rate = (counted.get(row.period) ?? 0) / row.headcount;
          expect(rate).toBeGreaterThanOrEqual(0.35);
          expect(rate).toBeLessThanOrEqual(0.75);
        }
      }),
      { numRuns: 6 },
    );
  });
});
