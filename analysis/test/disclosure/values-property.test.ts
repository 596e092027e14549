import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditValues,
  buildGrid,
  planWindows,
  protectIndicator,
  suppress,
  withPrevious,
  type BlockValues,
  type CellSpec,
  type DisclosureGrid,
  type SuppressionResult,
  type UnitSpec,
} from '../../src/disclosure/index.js';
import { prng, propertySeed } from './random.js';
import { SMALL_COLUMNS, SMALL_DIMENSIONS } from './synthetic.js';
import { attackCounts, type InnerValue } from './value-attacker.js';

/**
 * Property: random trees, random demographic mixes, a rare and a common indicator, three waves
 * and a window over the last two. Each release: the shared respondent pattern (suppress), then
 * per-indicator protection, then the value audit; an independent outside attacker (test code,
 * two unknowns per inner cell, item n unknown) must find no pinned count below k over this
 * release and every earlier one. Few runs and a fixed seed keep CI cheap.
 */
const SEED = propertySeed(20261126);
const DIMS = SMALL_DIMENSIONS;
const COLS = SMALL_COLUMNS;
const K = 5;

interface Person { gender: string; age: string; yes: boolean }

function scenario(seed: number, size: number, rate: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const units: UnitSpec[] = [{ code: 'U0', parent: null }];
  for (let i = 1; i < size; i++) units.push({ code: `U${i}`, parent: `U${int(i)}` });
  const people = new Map<string, Person[]>(); // block id -> respondents
  for (const wave of ['W1', 'W2', 'W3']) {
    for (let i = 0; i < size; i++) {
      if (wave !== 'W1' && rnd() < 0.3) continue;
      const r = rnd();
      const n = r < 0.15 ? 0 : r < 0.5 ? 1 + int(K) : K + int(15);
      const list: Person[] = [];
      for (let j = 0; j < n; j++) {
        const g = rnd();
        list.push({ gender: g < 0.75 ? 'man' : g < 0.95 ? 'vrouw' : 'onbekend', age: rnd() < 0.6 ? 'jong' : 'oud', yes: rnd() < rate });
      }
      if (n > 0) people.set(`U${i}@${wave}`, list);
    }
  }
  return { units, people };
}

function countsOf(list: Person[]): { counts: Record<string, number>; values: BlockValues } {
  const counts: Record<string, number> = {};
  const y: Record<string, number> = {};
  for (const c of COLS) { counts[c] = 0; y[c] = 0; }
  for (const p of list) {
    for (const c of ['all', `gender:${p.gender}`, `age_band:${p.age}`]) {
      counts[c]! += 1;
      if (p.yes) y[c]! += 1;
    }
  }
  return { counts, values: { n: counts, y } };
}

interface Built { grid: DisclosureGrid; result: SuppressionResult; published: Set<string> }

/** The releases of the history, oldest first; each wave is planned with the windows it will join (decision 082). */
const HISTORY = [['W1', ['W1']], ['W2', ['W2']], ['W3', ['W3']], ['P23', ['W2', 'W3']]] as const;

function gridOf(period: string, waves: readonly string[], s: ReturnType<typeof scenario>) {
  const counts = [...s.people].filter(([b]) => waves.includes(b.split('@')[1]!)).map(([b, list]) => ({ unit: b.split('@')[0]!, wave: b.split('@')[1]!, counts: countsOf(list).counts }));
  return buildGrid({ period, units: s.units, dimensions: DIMS, waves: [...waves], counts });
}

async function release(period: string, waves: string[], s: ReturnType<typeof scenario>, earlier: Built[], protect = true, largeStructure?: number): Promise<Built> {
  const joins = waves.length === 1 ? HISTORY.filter(([, ws]) => ws.length > 1 && ws.includes(waves[0] as never)) : [];
  const own = planWindows(gridOf(period, waves, s), joins.map(([p, ws]) => ({ period: p, grid: gridOf(p, ws, s) })));
  const previous = earlier.map((e) => ({ grid: { ...e.grid, cells: e.grid.cells.map((c) => ({ ...c, id: `${e.grid.cells[0]!.id.split('|')[0]}#${c.id}` })) }, result: prefixResult(e) }));
  const grid = previous.length ? withPrevious(own, previous) : own;
  const result = suppress(grid, { base: 'all', k: K });
  const values = new Map([...s.people].map(([b, list]) => [b, countsOf(list).values]));
  const published = new Set<string>();
  for (const c of grid.cells) {
    if (c.id.includes('#')) {
      const e = earlier.find((x) => c.id.startsWith(`${x.grid.cells[0]!.id.split('|')[0]}#`))!;
      if (e.published.has(c.id.slice(c.id.indexOf('#') + 1))) published.add(c.id);
    } else if (!result.byId.get(c.id)!.suppressed && !c.hidden) published.add(c.id);
  }
  const input = { grid, threshold: K, values, published };
  if (!protect) return { grid: own, result, published: new Set([...published].filter((id) => !id.includes('#'))) };
  const p = await protectIndicator(input, { candidates: grid.cells.filter((c) => published.has(c.id) && !c.id.includes('#')), cost: (c) => (10 - ((c as CellSpec).depth ?? 0)) * 1000 + c.blocks.length, ...(largeStructure ? { largeStructure } : {}) });
  for (const id of p.withdrawn) published.delete(id);
  // The protection's points (certificates, LP optima) are feasible: within [0, n], "all = sum of
  // groups" per block, and every cell still published at its true count.
  expect(infeasible(p.points, grid, published, values)).toEqual([]);
  const audit = await auditValues({ ...input, published });
  expect(audit.failures).toEqual([]);
  const ownPublished = new Set([...published].filter((id) => !id.includes('#')));
  return { grid: own, result, published: ownPublished };
}

/** What a point (count per `block\u0000column`, the rest at the true counts) violates. */
function infeasible(points: readonly ReadonlyMap<string, number>[], grid: DisclosureGrid, published: ReadonlySet<string>, values: ReadonlyMap<string, BlockValues>): string[] {
  const out: string[] = [];
  const tol = 1e-6;
  points.forEach((pt, i) => {
    const at = (b: string, c: string) => pt.get(`${b}\u0000${c}`) ?? values.get(b)?.y[c] ?? 0;
    for (const [key, v] of pt) {
      const [b, c] = key.split('\u0000') as [string, string];
      if (v < -tol || v > (values.get(b)?.n[c] ?? 0) + tol) out.push(`point ${i}: ${key} = ${v} outside [0, n]`);
    }
    for (const b of values.keys()) for (const d of DIMS) {
      const sum = d.groups.reduce((t, g) => t + at(b, `${d.name}:${g}`), 0);
      if (Math.abs(sum - at(b, 'all')) > tol) out.push(`point ${i}: ${b} ${d.name} groups ${sum} ≠ all ${at(b, 'all')}`);
    }
    for (const c of grid.cells) {
      if (!published.has(c.id)) continue;
      const moved = c.blocks.reduce((t, b) => t + at(b, c.column), 0);
      const truth = c.blocks.reduce((t, b) => t + (values.get(b)?.y[c.column] ?? 0), 0);
      if (Math.abs(moved - truth) > tol) out.push(`point ${i}: published ${c.id} ${moved} ≠ ${truth}`);
    }
  });
  return out;
}

function prefixResult(e: Built): SuppressionResult {
  const prefix = `${e.grid.cells[0]!.id.split('|')[0]}#`;
  const cells = e.grid.cells.map((c) => ({ id: prefix + c.id, n: 0, suppressed: !e.result.byId.get(c.id)?.suppressed ? false : true, reason: null, protected: false }));
  return { cells, byId: new Map(cells.map((c) => [c.id, c])), stats: e.result.stats };
}

/** The outside attacker over every release so far: no suppressed count below k is pinned. */
async function outsider(s: ReturnType<typeof scenario>, releases: Built[]): Promise<string[]> {
  const inner: InnerValue[] = [];
  for (const [block, list] of s.people) {
    const { values } = countsOf(list);
    for (const c of COLS) inner.push({ block, column: c, n: values.n[c]!, y: values.y[c]! });
  }
  const published = releases.flatMap((r) => r.grid.cells.filter((c) => r.published.has(c.id)));
  const n = (c: CellSpec) => c.blocks.reduce((sum, b) => sum + (inner.find((x) => x.block === b && x.column === c.column)?.n ?? 0), 0);
  // A 0 (or 100%) that published cells state of every member is not a leak (decisions 040, 042):
  // each member (non-empty inner cell) lies in a published cell of its column or `all` that says 0
  // or 100%. That is information about the larger group; the value audit exempts it the same way.
  const inn = (b: string, col: string) => inner.find((x) => x.block === b && x.column === col);
  const stating = published.filter((p) => {
    const list = p.blocks.map((b) => inn(b, p.column)).filter((x) => x !== undefined);
    const y = list.reduce((a, x) => a + x.y, 0);
    const nn = list.reduce((a, x) => a + x.n, 0);
    return y === 0 || y === nn;
  });
  const stated = (c: CellSpec) => c.blocks.filter((b) => (inn(b, c.column)?.n ?? 0) > 0)
    .every((b) => stating.some((p) => (p.column === c.column || p.column === 'all') && p.blocks.includes(b)));
  const targets = releases.flatMap((r) => r.grid.cells.filter((c) => !r.published.has(c.id) && n(c) > 0 && n(c) < K && !stated(c)));
  const result = await attackCounts({ inner, dimensions: DIMS.map((d) => d.groups.map((g) => `${d.name}:${g}`)), published, targets });
  return result.filter((r) => r.pinned).map((r) => `${r.id} yes ${r.yes} no ${r.no}`);
}

describe('property: per-indicator protection over three waves and a window', () => {
  it('an independent outside attacker finds no pinned count below k (rare and common indicators)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 6 }), fc.constantFrom(0.04, 0.3), async (seed, size, rate) => {
        const s = scenario(seed, size, rate);
        const built: Built[] = [];
        for (const [period, waves] of HISTORY) {
          built.push(await release(period, [...waves], s, built));
        }
        expect(await outsider(s, built)).toEqual([]);
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 6), seed: SEED },
    );
  }, 120_000);

  it('the same with every certificate solved in the shared model of large structures (decision 048, session 15)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 6 }), fc.constantFrom(0.04, 0.3), async (seed, size, rate) => {
        const s = scenario(seed, size, rate);
        const built: Built[] = [];
        for (const [period, waves] of HISTORY) built.push(await release(period, [...waves], s, built, true, 1));
        expect(await outsider(s, built)).toEqual([]);
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 6), seed: SEED },
    );
  }, 120_000);

  it('the check can fail: with the respondent pattern alone the attacker pins counts', async () => {
    let pinned = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 6 }), async (seed, size) => {
        const s = scenario(seed, size, 0.04);
        const built: Built[] = [];
        for (const [period, waves] of [['W1', ['W1']], ['W2', ['W2']]] as const) built.push(await release(period, [...waves], s, built, false));
        pinned += (await outsider(s, built)).length;
      }),
      { numRuns: 4, seed: SEED },
    );
    expect(pinned).toBeGreaterThan(0);
  }, 120_000);
});
