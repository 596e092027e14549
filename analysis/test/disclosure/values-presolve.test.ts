import fc from 'fast-check';
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import {
  auditValues,
  buildGrid,
  indicatorEquations,
  propagatedBounds,
  suppress,
  type BlockValues,
  type UnitSpec,
  type ValueInput,
} from '../../src/disclosure/index.js';
import { prng, propertySeed } from './random.js';
import { SMALL_COLUMNS, SMALL_DIMENSIONS } from './synthetic.js';

/**
 * The value check decides most targets without an LP of the whole indicator: bound propagation
 * first, then small LPs per component of the free variables. On random instances (trees, mixes,
 * rare and common indicators, with and without a weighted value) this compares it with ONE LP
 * over all of the indicator's equations, solved here per target:
 * - propagation is sound: every target's LP interval lies within its propagated interval, so
 *   anything propagation pins, the LP pins too;
 * - the engine's exact intervals are the full LP's intervals, so it finds exactly its pins.
 */
const SEED = propertySeed(20261126);
const DIMS = SMALL_DIMENSIONS;
const COLS = SMALL_COLUMNS;
const K = 5;

function instance(seed: number, size: number, rate: number, weighted: boolean): ValueInput {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const units: UnitSpec[] = [{ code: 'U0', parent: null }];
  for (let i = 1; i < size; i++) units.push({ code: `U${i}`, parent: `U${int(i)}` });
  const counts: { unit: string; wave: string; counts: Record<string, number> }[] = [];
  const values = new Map<string, BlockValues>();
  for (const wave of ['W1', 'W2']) {
    for (let i = 0; i < size; i++) {
      const r = rnd();
      const n = r < 0.15 ? 0 : r < 0.5 ? 1 + int(K) : K + int(15);
      if (n === 0) continue;
      const c: Record<string, number> = {};
      const y: Record<string, number> = {};
      for (const col of COLS) { c[col] = 0; y[col] = 0; }
      for (let j = 0; j < n; j++) {
        const g = rnd();
        const yes = rnd() < rate;
        for (const col of ['all', `gender:${g < 0.75 ? 'man' : g < 0.95 ? 'vrouw' : 'onbekend'}`, `age_band:${rnd() < 0.6 ? 'jong' : 'oud'}`]) {
          c[col]! += 1;
          if (yes) y[col]! += 1;
        }
      }
      counts.push({ unit: `U${i}`, wave, counts: c });
      values.set(`U${i}@${wave}`, { n: c, y });
    }
  }
  const grid = buildGrid({ period: 'P', units, dimensions: DIMS, waves: ['W1', 'W2'], counts });
  const result = suppress(grid, { base: 'all', k: K });
  const published = new Set(grid.cells.filter((c) => !result.byId.get(c.id)!.suppressed && !c.hidden).map((c) => c.id));
  const weights = new Map([...values.keys()].map((b, i) => [b, 1 + ((i * 7) % 5) / 3]));
  return { grid, threshold: K, values, published, ...(weighted ? { weights: () => weights, decimals: 2 } : {}) };
}

/** One LP over every equation of the indicator: each target's exact [min, max]. */
async function fullLp(input: ValueInput): Promise<Map<string, [number, number]>> {
  const highs = await loadHighs();
  const eq = indicatorEquations(input);
  const n = eq.upper.length;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of eq.rows) {
    const order = [...r.idx].map((k, i) => [k, r.val[i]!] as const).sort((a, b) => a[0] - b[0]);
    for (const [k, v] of order) { indices.push(k); values.push(v); }
    starts.push(indices.length);
  }
  const model = highs.createModel({
    numCols: n, numRows: eq.rows.length, colCost: new Float64Array(n), colLower: new Float64Array(n), colUpper: eq.upper,
    rowLower: eq.rows.map((r) => r.lo), rowUpper: eq.rows.map((r) => r.hi),
    matrix: { format: 'csr', numRows: eq.rows.length, numCols: n, starts, indices, values },
  });
  model.options.set({ output_flag: false });
  const out = new Map<string, [number, number]>();
  let costed: number[] = [];
  try {
    for (const t of eq.targets) {
      if (costed.length) model.changeColsCost({ kind: 'set', indices: costed }, costed.map(() => 0));
      costed = [...t.vars].sort((a, b) => a - b);
      model.changeColsCost({ kind: 'set', indices: costed }, costed.map(() => 1));
      const ends: number[] = [];
      for (const sense of [highs.constants.objectiveSense.minimize, highs.constants.objectiveSense.maximize]) {
        model.changeObjectiveSense(sense);
        model.run();
        expect(model.getModelStatus()).toBe(highs.constants.modelStatus.optimal);
        ends.push(model.getObjectiveValue());
      }
      out.set(t.id, [ends[0]!, ends[1]!]);
    }
  } finally {
    model.dispose();
  }
  return out;
}

describe('value check: presolve and components against one LP over all equations', () => {
  it('propagation is sound and the engine finds exactly the full LP\'s intervals (random instances)', async () => {
    let pinnedByPropagation = 0;
    let pinnedByLp = 0;
    let targets = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 8 }), fc.constantFrom(0.03, 0.3, 0.9), fc.boolean(), async (seed, size, rate, weighted) => {
        const input = instance(seed, size, rate, weighted);
        const eq = indicatorEquations(input);
        const lp = await fullLp(input);
        const { lo, hi } = propagatedBounds(eq);
        const report = await auditValues(input, { exact: true });
        for (const t of eq.targets) {
          targets++;
          const [min, max] = lp.get(t.id)!;
          const outerLo = t.vars.reduce((s, k) => s + lo[k]!, 0);
          const outerHi = t.vars.reduce((s, k) => s + hi[k]!, 0);
          expect(min, t.id).toBeGreaterThanOrEqual(outerLo - 1e-6);
          expect(max, t.id).toBeLessThanOrEqual(outerHi + 1e-6);
          if (outerHi - outerLo < 1 - 1e-6) pinnedByPropagation++;
          if (max - min < 1 - 1e-6) pinnedByLp++;
          const [elo, ehi] = report.intervals!.get(t.id)!;
          expect(elo, t.id).toBeCloseTo(min, 2);
          expect(ehi, t.id).toBeCloseTo(max, 2);
        }
      }),
      { numRuns: 25, seed: SEED },
    );
    // The instances do hold pins, most of them found by propagation alone.
    expect(targets).toBeGreaterThan(100);
    expect(pinnedByLp).toBeGreaterThan(0);
    expect(pinnedByPropagation).toBeGreaterThan(0);
    expect(pinnedByPropagation).toBeLessThanOrEqual(pinnedByLp);
  }, 120_000);
});
