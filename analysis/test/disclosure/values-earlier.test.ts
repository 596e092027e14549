/**
 * Cells of earlier releases whose own value audit passed (decision 084): where no row of this
 * release reaches them, they are not checked again; where one does, they are.
 */
import { describe, expect, it } from 'vitest';
import { auditValues, protectIndicator, type BlockValues, type CellSpec, type DisclosureGrid } from '../../src/disclosure/index.js';

const DIMENSIONS = [{ name: 'gender', groups: ['man', 'vrouw', 'onbekend'] }];
const COLUMNS = ['all', 'gender:man', 'gender:vrouw', 'gender:onbekend'];

/** Per gender group [respondents, yes] of unit U in one wave. */
type Split = Record<'man' | 'vrouw' | 'onbekend', [number, number]>;

const W1: Split = { man: [20, 3], vrouw: [12, 0], onbekend: [3, 0] };
const W2: Split = { man: [25, 4], vrouw: [14, 2], onbekend: [2, 1] };

function block(id: string, s: Split) {
  const counts: Record<string, number> = { all: 0 };
  const n: Record<string, number> = { all: 0 };
  const y: Record<string, number> = { all: 0 };
  for (const [g, [gn, gy]] of Object.entries(s)) {
    counts[`gender:${g}`] = gn; counts.all! += gn;
    n[`gender:${g}`] = gn; n.all! += gn;
    y[`gender:${g}`] = gy; y.all! += gy;
  }
  return { block: { id, counts }, values: { n, y } as BlockValues };
}

/**
 * Release R1 published W1's unit U (all, man, vrouw) and suppressed `onbekend` (3 respondents, 0
 * yes): its published yes-counts pin that cell at 0 — as if R1 had been built without the check.
 * This release publishes W2's U the same way; `window` adds a published cell over both waves.
 */
function input(opts: { window?: boolean; planned?: boolean; copy?: boolean } = {}) {
  const b1 = block('U@W1', W1);
  const b2 = block('U@W2', W2);
  const cells: CellSpec[] = [];
  for (const col of COLUMNS) {
    cells.push({ id: `R1#W1|U|${col}`, column: col, blocks: ['U@W1'], scope: 'U', depth: 0, previous: col === 'gender:onbekend' ? 'suppressed' : 'published' });
    cells.push({ id: `W2|U|${col}`, column: col, blocks: ['U@W2'], scope: 'U', depth: 0 });
  }
  // This release's hidden cell of a window it plans, over exactly R1's `onbekend` counts.
  if (opts.planned) cells.push({ id: 'W1-W2|U|gender:onbekend', column: 'gender:onbekend', blocks: ['U@W1'], scope: 'U', depth: 0, hidden: true, planned: 'W1-W2' });
  if (opts.window) cells.push({ id: 'W1-W2|U|gender:vrouw', column: 'gender:vrouw', blocks: ['U@W1', 'U@W2'], scope: 'U', depth: 0 });
  // A published cell of this release over exactly the counts of R1's published men (a window's
  // cell over one wave's units, decision 003 addendum session 11).
  if (opts.copy) cells.push({ id: 'W1-W2|U|gender:man', column: 'gender:man', blocks: ['U@W1'], scope: 'U', depth: 0 });
  const grid: DisclosureGrid = { dimensions: DIMENSIONS, blocks: [b1.block, b2.block], cells };
  const published = new Set(cells.filter((c) => !c.id.endsWith('onbekend')).map((c) => c.id));
  return { grid, threshold: 10, values: new Map([['U@W1', b1.values], ['U@W2', b2.values]]), published };
}

describe('cells of earlier checked releases', () => {
  it('are not checked again where no row of this release reaches them', async () => {
    const base = input();
    // Without `checked` the audit finds R1's cell pinned at 0 (and W2's `onbekend`, 2 people, 1 yes).
    const plain = await auditValues(base);
    expect(plain.failures.map((f) => f.cellId).sort()).toEqual(['R1#W1|U|gender:onbekend', 'W2|U|gender:onbekend']);
    const report = await auditValues({ ...base, checked: new Set(['R1']) });
    expect(report.earlier).toBe(1);
    expect(report.failures.map((f) => f.cellId)).toEqual(['W2|U|gender:onbekend']);
    // The protection does not spend a withdrawal on it either, and frees this release's own cell.
    const p = await protectIndicator({ ...base, checked: new Set(['R1']) }, { candidates: base.grid.cells.filter((c) => !c.previous && base.published.has(c.id)), cost: () => 1 });
    expect(p.withdrawn.every((id) => id.startsWith('W2|'))).toBe(true);
    expect(p.unfreeable).toEqual([]);
  });

  it('a cell of this release over exactly the same counts is settled with them', async () => {
    const base = input({ planned: true });
    expect((await auditValues(base)).failures.map((f) => f.cellId)).toContain('W1-W2|U|gender:onbekend');
    const report = await auditValues({ ...base, checked: new Set(['R1']) });
    expect(report.earlier).toBe(2);
    expect(report.failures.map((f) => f.cellId)).toEqual(['W2|U|gender:onbekend']);
  });

  it('are not reached by a cell of this release that repeats a published cell of theirs (no row of its own)', async () => {
    const base = input({ copy: true });
    const report = await auditValues({ ...base, checked: new Set(['R1']) });
    expect(report.earlier).toBe(1);
    expect(report.failures.map((f) => f.cellId)).toEqual(['W2|U|gender:onbekend']);
    // Withdrawing the copy would hide nothing: R1 keeps publishing the same count.
    const p = await protectIndicator({ ...base, checked: new Set(['R1']) }, { candidates: base.grid.cells.filter((c) => !c.previous && base.published.has(c.id)), cost: (c) => (c.id.startsWith('W1-W2') ? 0.01 : 1) });
    expect(p.withdrawn).not.toContain('W1-W2|U|gender:man');
    expect(p.unfreeable).toEqual([]);
  });

  it('are checked again when this release publishes a row over their blocks', async () => {
    const base = input({ window: true });
    const report = await auditValues({ ...base, checked: new Set(['R1']) });
    expect(report.earlier).toBe(0);
    expect(report.failures.map((f) => f.cellId)).toContain('R1#W1|U|gender:onbekend');
  });

  it('are checked again when the release that published them is not named as checked', async () => {
    const base = input();
    const report = await auditValues({ ...base, checked: new Set(['R0']) });
    expect(report.earlier).toBe(0);
    expect(report.failures.map((f) => f.cellId)).toContain('R1#W1|U|gender:onbekend');
  });
});
