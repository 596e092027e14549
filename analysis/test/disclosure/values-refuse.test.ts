/**
 * Decision 049: the protection refuses fast. Counts that an earlier release pins (its published
 * cells are fixed: they are not candidates) cannot be freed by any withdrawal of this release; the
 * protection must say so after a bounded amount of work instead of climbing its structure ladder,
 * one infeasible LP per step, for every such count.
 */
import { describe, expect, it } from 'vitest';
import { auditValues, buildGrid, protectIndicator, suppress, type BlockValues, type CellSpec, type Dimension, type UnitSpec } from '../../src/disclosure/index.js';

const GENDER: Dimension = { name: 'gender', groups: ['man', 'vrouw', 'onbekend'] };
const cost = (c: { depth?: number; blocks: readonly string[] }) => (10 - (c.depth ?? 0)) * 1e6 + c.blocks.length;

/**
 * Organisation O, three branches of four companies. Each company: 20 men (3 + c yes), 12 women (0 yes)
 * and `onbekend` small groups (3 people, 0 or 1 yes): their count is pinned once a company's `all`,
 * `man` and `vrouw` counts are published.
 */
function organisation(unfreeable: boolean) {
  const units: UnitSpec[] = [{ code: 'O', parent: null }];
  const splits: Record<string, Record<string, [number, number]>> = {};
  for (const b of ['B1', 'B2', 'B3']) {
    units.push({ code: b, parent: 'O' });
    for (const c of [1, 2, 3, 4]) {
      units.push({ code: `${b}C${c}`, parent: b });
      splits[`${b}C${c}`] = { man: [20, 3 + c], vrouw: [12, 0], onbekend: [3, c % 2] };
    }
  }
  const counts = Object.entries(splits).map(([unit, s]) => {
    const c: Record<string, number> = { all: 0 };
    for (const [g, [n]] of Object.entries(s)) { c[`gender:${g}`] = n; c.all! += n; }
    return { unit, wave: 'W1', counts: c };
  });
  const own = buildGrid({ period: 'W1', units, dimensions: [GENDER], waves: ['W1'], counts });
  const values = new Map<string, BlockValues>();
  for (const [unit, s] of Object.entries(splits)) {
    const n: Record<string, number> = { all: 0 };
    const y: Record<string, number> = { all: 0 };
    for (const [g, [gn, gy]] of Object.entries(s)) { n[`gender:${g}`] = gn; y[`gender:${g}`] = gy; n.all! += gn; y.all! += gy; }
    values.set(`${unit}@W1`, { n, y });
  }
  const result = suppress(own, { base: 'all', k: 10 });
  const published = new Set(own.cells.filter((c) => !result.byId.get(c.id)!.suppressed).map((c) => c.id));
  // An earlier release of the same wave, built without the value check, published every
  // company's `all`, `man` and `vrouw` counts (or, for the control, only the organisation's total).
  const earlier: CellSpec[] = own.cells
    .filter((c) => published.has(c.id) && (unfreeable ? c.depth === 2 : c.depth === 0 && c.column === 'all'))
    .map((c) => ({ ...c, id: `R1#${c.id}` }));
  for (const c of earlier) published.add(c.id);
  const grid = { ...own, cells: [...own.cells, ...earlier] };
  const input = { grid, threshold: 10, values, published };
  const candidates = own.cells.filter((c) => published.has(c.id) && !(c.depth === 0 && c.column === 'all'));
  return { input, candidates, small: own.cells.filter((c) => c.column === 'gender:onbekend' && c.depth === 2).map((c) => c.id) };
}

describe('value protection: counts no withdrawal frees', () => {
  it('are named as unfreeable after a bounded number of LPs, nothing else is tried', async () => {
    const { input, candidates, small } = organisation(true);
    // The audit of what is published: the 12 companies' `onbekend` counts are pinned.
    const before = await auditValues(input);
    expect(before.failures.map((f) => f.cellId).sort()).toEqual([...small].sort());
    const p = await protectIndicator(input, { candidates, cost });
    // Bounded work: no certificate LP for counts that cannot move (the structure ladder took one
    // infeasible LP per step and side for each of the 12: 96 LPs here before decision 049).
    expect(p.lpSolves).toBeLessThanOrEqual(6);
    expect(p.stats!.certificates).toBe(0);
    // Every count no withdrawal frees is named, with its interval when everything this release may
    // withdraw is withdrawn: the even companies' (0 yes) stay at [0, 0]; the odd ones (1 yes) at
    // [0, 1] once the branches' published 0 women go, which an insider who said yes reads as 1.
    expect(p.unfreeable.map((f) => f.cellId).sort()).toEqual([...small].sort());
    for (const f of p.unfreeable) expect([f.lo, f.hi, f.check]).toEqual(f.count === 0 ? [0, 0, 'pinned'] : [0, 1, 'insider']);
    // The refusal is right: withdrawing every candidate leaves them pinned.
    const all = new Set([...input.published].filter((id) => id.includes('#') || !candidates.some((c) => c.id === id)));
    const audit = await auditValues({ ...input, published: all });
    expect(audit.failures.map((f) => f.cellId).sort()).toEqual([...small].sort());
  });

  it('do not stop a protection that can free its counts (control: the earlier release published only the total)', async () => {
    const { input, candidates } = organisation(false);
    expect((await auditValues(input)).ok).toBe(false);
    const p = await protectIndicator(input, { candidates, cost });
    expect(p.unfreeable).toEqual([]);
    expect(p.withdrawn.length).toBeGreaterThan(0);
    const published = new Set(input.published);
    for (const id of p.withdrawn) published.delete(id);
    expect((await auditValues({ ...input, published })).ok).toBe(true);
  });

  it('that only an LP shows pinned: the ladder walks to the global step, and the protection stops at the first', async () => {
    // O → X → M → (B1: C1, C2; B2: C3, C4); X → B3 (C5, C6); O → Y (C7, C8). Every company has 3
    // respondents, all `onbekend` (C1..C4 with 1, 2, 2, 1 yes). Sums fixed elsewhere (not this
    // release's to withdraw): C1 + C3 = 3, C2 + C4 = 3, C3 + C4 = 3. So C1 + C2 = 3 and C3 + C4 = 3:
    // the branches' counts are pinned, which propagation (bounds per variable) cannot see.
    const units: UnitSpec[] = [
      { code: 'O', parent: null }, { code: 'X', parent: 'O' }, { code: 'Y', parent: 'O' }, { code: 'M', parent: 'X' },
      { code: 'B1', parent: 'M' }, { code: 'B2', parent: 'M' }, { code: 'B3', parent: 'X' },
    ];
    const yes: Record<string, number> = { C1: 1, C2: 2, C3: 2, C4: 1, C5: 1, C6: 2, C7: 0, C8: 3 };
    const parent: Record<string, string> = { C1: 'B1', C2: 'B1', C3: 'B2', C4: 'B2', C5: 'B3', C6: 'B3', C7: 'Y', C8: 'Y' };
    for (const [c, p] of Object.entries(parent)) units.push({ code: c, parent: p });
    const counts = Object.keys(yes).map((unit) => ({ unit, wave: 'W1', counts: { all: 3, 'gender:onbekend': 3 } }));
    const grid = buildGrid({ period: 'W1', units, dimensions: [GENDER], waves: ['W1'], counts });
    const values = new Map<string, BlockValues>(Object.entries(yes).map(([u, y]) => [`${u}@W1`, { n: { all: 3, 'gender:onbekend': 3 }, y: { all: y, 'gender:onbekend': y } }]));
    const result = suppress(grid, { base: 'all', k: 10 });
    const published = new Set(grid.cells.filter((c) => !result.byId.get(c.id)!.suppressed).map((c) => c.id));
    const extra = [['C1', 'C3'], ['C2', 'C4'], ['C3', 'C4']].map((pair) => ({ id: `E:${pair.join('+')}`, blocks: pair.map((u) => `${u}@W1`), column: 'gender:onbekend' }));
    const input = { grid, threshold: 10, values, published, extra };
    const pinned = ['W1|B1|all', 'W1|B1|gender:onbekend', 'W1|B2|all', 'W1|B2|gender:onbekend'];
    const exact = await auditValues(input, { exact: true });
    expect(exact.failures.map((f) => f.cellId).sort()).toEqual(pinned);
    const candidates = grid.cells.filter((c) => published.has(c.id) && !(c.depth === 0 && c.column === 'all'));
    const p = await protectIndicator(input, { candidates, cost });
    // The first branch count tried is named (pinned at 3, with every candidate withdrawn) and the
    // protection stops: its certificates took the structures M, X and the global step per side
    // (the limit's propagation cannot exclude either level, so no LP is saved by it), the third
    // plan reused the proven infeasibility, and two LPs over the limit decided. Before decision
    // 049: 92 LPs (72 of them certificates) and no answer; with the jump from M straight to the
    // global step (decision 049, until session 10): 4 certificates.
    expect(p.unfreeable).toHaveLength(1);
    expect(pinned).toContain(p.unfreeable[0]!.cellId);
    expect(p.unfreeable[0]).toMatchObject({ lo: 3, hi: 3, check: 'pinned' });
    expect(p.stats!.certificates).toBeLessThanOrEqual(6);
    expect(p.stats!.limitCuts).toBe(0);
    expect(p.stats!.limitSolves).toBe(2);
    expect(p.lpSolves).toBeLessThanOrEqual(exact.lpSolves + 8);
  });

  it('a level outside the limit\'s propagated bounds costs no LP: the certificate goes the other way', async () => {
    // O → C1 (4 respondents, 2 yes), C2 (3, none), C3 (3, all yes); nothing of the grid published.
    // Sums published elsewhere: C1 + C2 = 2 (fixed: not this release's; so C1 ≤ 2 whatever is
    // withdrawn) and C1 + C3 = 5 (this release's: with C3 ≤ 3 it gives C1 ≥ 2). C1 is pinned at 2.
    // Its first plan, "up to 3", is out of reach even in the limit, where propagation bounds C1 by
    // [0, 2]; the protection takes "down to 1" (withdrawing C1 + C3) without spending certificate
    // LPs on the ladder for "up".
    const units: UnitSpec[] = [{ code: 'O', parent: null }, { code: 'C1', parent: 'O' }, { code: 'C2', parent: 'O' }, { code: 'C3', parent: 'O' }];
    const people: Record<string, [number, number]> = { C1: [4, 2], C2: [3, 0], C3: [3, 3] };
    const counts = Object.entries(people).map(([unit, [n]]) => ({ unit, wave: 'W1', counts: { all: n, 'gender:onbekend': n } }));
    const grid = buildGrid({ period: 'W1', units, dimensions: [GENDER], waves: ['W1'], counts });
    const values = new Map<string, BlockValues>(Object.entries(people).map(([u, [n, y]]) => [`${u}@W1`, { n: { all: n, 'gender:onbekend': n }, y: { all: y, 'gender:onbekend': y } }]));
    const fixed = { id: 'E:C1+C2', blocks: ['C1@W1', 'C2@W1'], column: 'all' };
    const own = { id: 'E:C1+C3', blocks: ['C1@W1', 'C3@W1'], column: 'all' };
    const input = { grid, threshold: 10, values, published: new Set<string>(), extra: [fixed, own] };
    const before = await auditValues(input, { exact: true });
    expect(before.failures.map((f) => f.cellId)).toContain('W1|C1|all');
    expect(before.failures[0]).toMatchObject({ cellId: 'W1|C1|all', lo: 2, hi: 2 });
    const p = await protectIndicator(input, { candidates: [own as unknown as CellSpec], cost: () => 1 });
    expect(p.unfreeable).toEqual([]);
    expect(p.withdrawn).toEqual(['E:C1+C3']);
    expect(p.stats!.limitCuts).toBeGreaterThanOrEqual(1);
    expect(p.stats!.certificates).toBeLessThanOrEqual(2);
    const after = await auditValues({ ...input, extra: [fixed] }, { exact: true });
    expect(after.ok).toBe(true);
    expect(after.intervals!.get('W1|C1|all')).toEqual([0, 2]);
  });
});
