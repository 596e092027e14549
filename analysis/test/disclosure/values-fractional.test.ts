/**
 * A count whose attacker interval has fractional ends (weighted window values, rounded) must be
 * freed by width, not only by reaching an integer next to its true count.
 *
 * Fixture: the small demo's DEF-2025, indicator sv_trust/agree (base all), built after the window
 * 2023-2025 and DEF-2024 with the value check (the dashboard test's history), as
 * `bench/value-profile.ts --dump` wrote the protection's input. One company's age group 35-44
 * (n 9, count 4) lies in [3.29, 4.22] once the protection's sweeps have withdrawn what they
 * withdraw: neither 3 nor 5 is reachable whatever is withdrawn, so certificates for y ± 1 find
 * nothing, yet in the limit the interval is a unit wide. Before the fix the protection stopped
 * with three counts pinned and the release's audit refused DEF-2025 (decision 048 addendum,
 * session 9).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { auditValues, protectIndicator, withdrawalCost, type BlockValues, type CellSpec, type DisclosureGrid, type ExtraSum, type ValueInput } from '../../src/index.js';

interface Fixture {
  grid: DisclosureGrid;
  threshold: number;
  values: [string, BlockValues][];
  published: string[];
  extra: ExtraSum[] | null;
  decimals: number;
  weights: Record<string, number>;
  weightMaps: Record<string, [string, number][]>;
  candidates: ((CellSpec | ExtraSum) & { lastResort: boolean })[];
}

const fx = JSON.parse(gunzipSync(readFileSync(new URL('./fixtures/fractional-window.json.gz', import.meta.url))).toString('utf8')) as Fixture;
const maps = new Map(Object.entries(fx.weightMaps).map(([id, w]) => [Number(id), new Map(w)]));
const input: ValueInput = {
  grid: fx.grid, threshold: fx.threshold, values: new Map(fx.values), published: new Set(fx.published), decimals: fx.decimals,
  ...(fx.extra ? { extra: fx.extra } : {}),
  weights: (c: CellSpec) => (fx.weights[c.id] === undefined ? undefined : maps.get(fx.weights[c.id]!)),
};
const last = new Set(fx.candidates.filter((c) => c.lastResort).map((c) => c.id));
const nOf = (c: { blocks: readonly string[]; column: string }) => c.blocks.reduce((s, b) => s + (input.values.get(b)?.n[c.column] ?? 0), 0);
const TARGET = 'DEF-2025|CLAS-11LMB-12INFBAT-ACIE|age_band:35_44';

describe('a count with fractional attacker bounds (weighted window)', () => {
  it('is freed by width: nothing left pinned, and the audit of the result passes', async () => {
    const p = await protectIndicator(input, { candidates: fx.candidates, cost: (c) => withdrawalCost(c, nOf(c), last.has(c.id)) });
    expect(p.unfreeable).toEqual([]);
    expect(p.remaining).toEqual([]);
    const withdrawn = new Set(p.withdrawn);
    const published = new Set([...input.published].filter((id) => !withdrawn.has(id)));
    const audit = await auditValues({ ...input, published, hints: p.points, ...(fx.extra ? { extra: fx.extra.filter((e) => !withdrawn.has(e.id)) } : {}) }, { exact: true });
    expect(audit.failures).toEqual([]);
    // The company's group is a target, and its exact interval is now at least a unit wide.
    const [lo, hi] = audit.intervals!.get(TARGET)!;
    expect(hi - lo).toBeGreaterThanOrEqual(1 - 1e-6);
  }, 120_000);
});
