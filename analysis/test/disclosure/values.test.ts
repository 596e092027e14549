import { describe, expect, it } from 'vitest';
import {
  auditValues,
  buildGrid,
  protectIndicator,
  suppress,
  type BlockValues,
  type CellSpec,
  type DisclosureGrid,
  type Dimension,
  type SuppressionResult,
  type UnitSpec,
} from '../../src/disclosure/index.js';
import { attackCounts, type InnerValue } from './value-attacker.js';

const GENDER: Dimension = { name: 'gender', groups: ['man', 'vrouw', 'onbekend'] };

/** One unit per entry: per gender group [respondents, yes]. */
type Split = Record<string, [number, number]>;

function release(units: UnitSpec[], splits: Record<string, Split>, base: 'all' | 'victims', k = 10) {
  const counts = Object.entries(splits).map(([unit, s]) => {
    const c: Record<string, number> = { all: 0 };
    for (const [g, [n]] of Object.entries(s)) { c[`gender:${g}`] = n; c.all! += n; }
    return { unit, wave: 'W1', counts: c };
  });
  const grid = buildGrid({ period: 'W1', units, dimensions: [GENDER], waves: ['W1'], counts });
  const values = new Map<string, BlockValues>();
  for (const [unit, s] of Object.entries(splits)) {
    const n: Record<string, number> = { all: 0 };
    const y: Record<string, number> = { all: 0 };
    for (const [g, [gn, gy]] of Object.entries(s)) { n[`gender:${g}`] = gn; y[`gender:${g}`] = gy; n.all! += gn; y.all! += gy; }
    values.set(`${unit}@W1`, { n, y });
  }
  const result = suppress(grid, base === 'all' ? { base, k } : { base, kVictims: k });
  return { grid, values, result, threshold: k };
}

const publishedOf = (grid: DisclosureGrid, result: SuppressionResult) =>
  new Set(grid.cells.filter((c) => !result.byId.get(c.id)!.suppressed).map((c) => c.id));

function innerOf(values: Map<string, BlockValues>): InnerValue[] {
  const out: InnerValue[] = [];
  for (const [block, v] of values) for (const col of Object.keys(v.n)) out.push({ block, column: col, n: v.n[col]!, y: v.y[col] ?? 0 });
  return out;
}

async function outsider(grid: DisclosureGrid, values: Map<string, BlockValues>, published: Set<string>, k: number) {
  const n = (c: CellSpec) => c.blocks.reduce((s, b) => s + (values.get(b)?.n[c.column] ?? 0), 0);
  return attackCounts({
    inner: innerOf(values),
    dimensions: [GENDER.groups.map((g) => `gender:${g}`)],
    published: grid.cells.filter((c) => published.has(c.id)),
    targets: grid.cells.filter((c) => !published.has(c.id) && n(c) > 0 && n(c) < k),
  });
}

const cost = (c: CellSpec) => (10 - (c.depth ?? 0)) * 1e6 + c.blocks.length;

async function protect(r: ReturnType<typeof release>) {
  const published = publishedOf(r.grid, r.result);
  const input = { grid: r.grid, threshold: r.threshold, values: r.values, published };
  const p = await protectIndicator(input, { candidates: r.grid.cells.filter((c) => published.has(c.id)), cost });
  for (const id of p.withdrawn) published.delete(id);
  return { published, p, report: await auditValues({ ...input, published }, { exact: true }) };
}

describe('value-aware check of indicator counts', () => {
  it('a unit whose published groups account for all its yes answers: the small group is not pinned at 0', async () => {
    const r = release([{ code: 'U', parent: null }], { U: { man: [20, 3], vrouw: [12, 0], onbekend: [3, 0] } }, 'all');
    expect(r.result.byId.get('W1|U|gender:onbekend')!.suppressed).toBe(true);
    const before = publishedOf(r.grid, r.result);
    // The respondent pattern alone: the outsider pins the 3 `onbekend` at 0 yes, and so does the audit.
    const attack = await outsider(r.grid, r.values, before, 10);
    expect(attack.find((a) => a.id === 'W1|U|gender:onbekend')).toMatchObject({ pinned: true, yes: [0, 0] });
    const audit = await auditValues({ grid: r.grid, threshold: 10, values: r.values, published: before });
    expect(audit.failures.map((f) => `${f.cellId}:${f.check}`)).toEqual(['W1|U|gender:onbekend:pinned']);
    const { published, p, report } = await protect(r);
    expect(p.withdrawn.length).toBe(1);
    expect(report.failures).toEqual([]);
    expect(report.intervals!.get('W1|U|gender:onbekend')![1]).toBeGreaterThanOrEqual(1);
    expect((await outsider(r.grid, r.values, published, 10)).filter((a) => a.pinned)).toEqual([]);
  });

  it('the audit verifies proposed points (hints) and does not trust them', async () => {
    const r = release([{ code: 'U', parent: null }], { U: { man: [20, 3], vrouw: [12, 0], onbekend: [3, 0] } }, 'all');
    const before = publishedOf(r.grid, r.result);
    const input = { grid: r.grid, threshold: 10, values: r.values, published: before };
    // Points that break a published count or "all = sum of groups" do not widen anything.
    const bad = [
      new Map([['U@W1\u0000gender:onbekend', 1]]),
      new Map([['U@W1\u0000gender:onbekend', 1], ['U@W1\u0000all', 4]]),
      new Map([['U@W1\u0000gender:onbekend', 1], ['U@W1\u0000gender:man', 2]]),
      new Map([['U@W1\u0000gender:onbekend', 4]]),
    ];
    for (const hint of bad) {
      const a = await auditValues({ ...input, hints: [hint] });
      expect(a.failures.map((f) => f.cellId)).toEqual(['W1|U|gender:onbekend']);
    }
    // The protection's certificates are feasible points of what it leaves published: the audit
    // accepts them and needs fewer LPs than without.
    const published = new Set(before);
    const p = await protectIndicator(input, { candidates: r.grid.cells.filter((c) => before.has(c.id)), cost });
    for (const id of p.withdrawn) published.delete(id);
    expect(p.points.length).toBeGreaterThan(0);
    const plain = await auditValues({ ...input, published });
    const hinted = await auditValues({ ...input, published, hints: p.points });
    expect(plain.ok && hinted.ok).toBe(true);
    expect(hinted.lpSolves).toBeLessThanOrEqual(plain.lpSolves);
    // … and the same certificates do not pass for the release before the withdrawals.
    expect((await auditValues({ ...input, hints: p.points })).ok).toBe(false);
  });

  it('all of a small group said yes: not pinned at n', async () => {
    const r = release([{ code: 'U', parent: null }], { U: { man: [20, 5], vrouw: [12, 12], onbekend: [3, 3] } }, 'all');
    const before = publishedOf(r.grid, r.result);
    const attack = await outsider(r.grid, r.values, before, 10);
    expect(attack.find((a) => a.id === 'W1|U|gender:onbekend')).toMatchObject({ pinned: true, no: [0, 0] });
    const { published, report } = await protect(r);
    expect(report.failures).toEqual([]);
    expect((await outsider(r.grid, r.values, published, 10)).filter((a) => a.pinned)).toEqual([]);
  });

  it('a zero that a published larger group states is not a leak (no extra suppression)', async () => {
    const r = release([{ code: 'U', parent: null }], { U: { man: [20, 0], vrouw: [12, 0], onbekend: [3, 0] } }, 'all');
    const { p, report } = await protect(r);
    expect(p.withdrawn).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('a victims-base perpetrator option: a small company is not pinned through its battalion', async () => {
    const units = [{ code: 'BAT', parent: null }, { code: 'A', parent: 'BAT' }, { code: 'B', parent: 'BAT' }, { code: 'C', parent: 'BAT' }];
    const r = release(units, {
      A: { man: [11, 3], vrouw: [4, 1], onbekend: [0, 0] },
      B: { man: [9, 0], vrouw: [3, 0], onbekend: [0, 0] },
      C: { man: [3, 0], vrouw: [1, 0], onbekend: [0, 0] },
    }, 'victims');
    expect(r.result.byId.get('W1|C|all')!.suppressed).toBe(true);
    const before = publishedOf(r.grid, r.result);
    const audit = await auditValues({ grid: r.grid, threshold: 10, values: r.values, published: before });
    expect(audit.ok).toBe(false);
    expect(audit.failures.map((f) => f.cellId)).toContain('W1|C|all');
    const { published, report } = await protect(r);
    expect(report.failures).toEqual([]);
    expect((await outsider(r.grid, r.values, published, 10)).filter((a) => a.pinned)).toEqual([]);
  });

  it('an insider in a group of two: the other member\'s answer stays open', async () => {
    // Outsiders see the two `onbekend` hold 0 or 1 yes; the one who said yes would learn the other said no.
    const r = release([{ code: 'U', parent: null }], { U: { man: [20, 2], vrouw: [10, 0], onbekend: [2, 1] } }, 'all');
    const before = publishedOf(r.grid, r.result);
    const out = await outsider(r.grid, r.values, before, 10);
    expect(out.find((a) => a.id === 'W1|U|gender:onbekend')!.pinned).toBe(false);
    const inner = { inner: innerOf(r.values), dimensions: [GENDER.groups.map((g) => `gender:${g}`)], targets: r.grid.cells.filter((c) => c.id === 'W1|U|gender:onbekend') };
    const insider = { target: 'W1|U|gender:onbekend', block: 'U@W1', column: 'gender:onbekend', answer: 'yes' as const };
    const leaked = await attackCounts({ ...inner, published: r.grid.cells.filter((c) => before.has(c.id)) }, insider);
    expect(leaked[0]).toMatchObject({ pinned: true, yes: [1, 1] });
    const audit = await auditValues({ grid: r.grid, threshold: 10, values: r.values, published: before });
    expect(audit.failures.map((f) => `${f.cellId}:${f.check}`)).toEqual(['W1|U|gender:onbekend:insider']);
    const { published, report } = await protect(r);
    expect(report.failures).toEqual([]);
    const after = await attackCounts({ ...inner, published: r.grid.cells.filter((c) => published.has(c.id)) }, insider);
    expect(after[0]!.pinned).toBe(false);
  });

  it('weighted values at full precision would pin counts; rounded ones are given to the audit as intervals', async () => {
    const units = [{ code: 'P', parent: null }, { code: 'A', parent: 'P' }, { code: 'B', parent: 'P' }];
    const r = release(units, { A: { man: [6, 1], vrouw: [0, 0], onbekend: [0, 0] }, B: { man: [7, 3], vrouw: [0, 0], onbekend: [0, 0] } }, 'all');
    const published = publishedOf(r.grid, r.result);
    expect(published.has('W1|P|all')).toBe(true);
    const weights = new Map([['A@W1', 1.37], ['B@W1', 2.91]]);
    const input = { grid: r.grid, threshold: 10, values: r.values, published, weights: () => weights };
    // Nine decimals: one equation more, and A and B are pinned outright. One decimal leaves them
    // open to an outsider (the insider of A still learns too much, and the audit says so).
    const checks = async (decimals: number) => (await auditValues({ ...input, decimals })).failures.map((f) => `${f.cellId}:${f.check}`).sort();
    expect(await checks(9)).toEqual(['W1|A|all:pinned', 'W1|A|gender:man:pinned', 'W1|B|all:pinned', 'W1|B|gender:man:pinned']);
    expect(await checks(1)).toEqual(['W1|A|all:insider', 'W1|A|gender:man:insider']);
  });
});

describe('value check: members a published 0 states', () => {
  it('leave the insider test: a cell of two whose one member is in a published zero is not refused', async () => {
    // X@W1: one member, said no, and W1|X|all publishes that 0 (stated of everyone in it).
    // The pooled cell over X@W1 and X@W2 (one yes) is [0, 1]: the member who said yes learns
    // nothing the published zero has not already said about the other member.
    const grid: DisclosureGrid = {
      dimensions: [],
      blocks: [{ id: 'X@W1', counts: { all: 1 } }, { id: 'X@W2', counts: { all: 1 } }],
      cells: [
        { id: 'W1|X|all', column: 'all', blocks: ['X@W1'] },
        { id: 'W2|X|all', column: 'all', blocks: ['X@W2'] },
        { id: 'P|X|all', column: 'all', blocks: ['X@W1', 'X@W2'] },
      ],
    };
    const values = new Map<string, BlockValues>([['X@W1', { n: { all: 1 }, y: { all: 0 } }], ['X@W2', { n: { all: 1 }, y: { all: 1 } }]]);
    const stated = await auditValues({ grid, threshold: 10, values, published: new Set(['W1|X|all']) }, { exact: true });
    expect(stated.failures).toEqual([]);
    expect(stated.intervals!.get('P|X|all')).toEqual([0, 1]);
  });
});
