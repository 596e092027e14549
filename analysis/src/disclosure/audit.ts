import loadHighs, { type Highs } from 'highs';
import type {
  AuditFailure,
  AuditOptions,
  AuditReport,
  CellSpec,
  DisclosureGrid,
  DisclosureRules,
  SuppressionResult,
} from './types.js';

/*
 * The audit deliberately shares no arithmetic with suppress.ts. It works in the raw inner-cell
 * space (one coordinate per block x column, including empty ones), states "all = sum of groups"
 * and "empty cells are 0" as equations, and eliminates over the integers modulo the prime
 * 2^26 - 5 with an ordered echelon form (pivot = highest coordinate), reducing through a heap.
 * The LP check then uses HiGHS on the real-valued relaxation.
 */

const P = 67108859; // 2^26 - 5, prime; products of two residues stay below 2^53

function mod(a: number): number {
  const r = a % P;
  return r < 0 ? r + P : r;
}

function mul(a: number, b: number): number {
  return (a * b) % P;
}

function inverse(a: number): number {
  let [r0, r1] = [P, mod(a)];
  let [t0, t1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1) throw new Error('audit: no inverse');
  return mod(t0);
}

class MaxHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as number) >= x) break;
      a[i] = a[p] as number;
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.a;
    const top = a[0] as number;
    const last = a.pop() as number;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && (a[r] as number) > (a[l] as number) ? r : l;
        if ((a[c] as number) <= last) break;
        a[i] = a[c] as number;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** Ordered echelon basis over GF(P): each row's pivot is its highest coordinate, coefficient 1. */
class ModEchelon {
  private readonly rows = new Map<number, Map<number, number>>();

  /** Reduces in place; `full` also clears lower pivot coordinates (canonical residual). */
  private reduce(x: Map<number, number>, full: boolean): void {
    const heap = new MaxHeap();
    for (const k of x.keys()) heap.push(k);
    let last = Infinity;
    while (heap.size > 0) {
      const k = heap.pop();
      if (k === last) continue;
      last = k;
      const c = x.get(k);
      if (c === undefined) continue;
      const row = this.rows.get(k);
      if (!row) {
        if (!full) return;
        continue;
      }
      for (const [j, v] of row) {
        const w = mod((x.get(j) ?? 0) - mul(c, v));
        if (w === 0) x.delete(j);
        else {
          if (!x.has(j)) heap.push(j);
          x.set(j, w);
        }
      }
    }
  }

  add(v: Map<number, number>): void {
    const x = new Map(v);
    this.reduce(x, false);
    if (x.size === 0) return;
    let top = -1;
    for (const k of x.keys()) if (k > top) top = k;
    const inv = inverse(x.get(top) as number);
    for (const [k, c] of x) x.set(k, mul(c, inv));
    this.rows.set(top, x);
  }

  /** Canonical residual, scaled so its highest coefficient is 1; empty when v is in the span. */
  residual(v: Map<number, number>): Map<number, number> {
    const x = new Map(v);
    this.reduce(x, true);
    let top = -1;
    for (const k of x.keys()) if (k > top) top = k;
    if (top >= 0) {
      const inv = inverse(x.get(top) as number);
      for (const [k, c] of x) x.set(k, mul(c, inv));
    }
    return x;
  }
}

function residualKey(x: Map<number, number>): string {
  return [...x.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, v]) => `${k}:${v}`)
    .join(',');
}

interface AuditCell {
  readonly spec: CellSpec;
  readonly n: number;
  readonly suppressed: boolean;
  readonly protect: boolean;
  /** Single non-empty block when n counts one block only. */
  readonly soleBlock: string | undefined;
}

let highsPromise: Promise<Highs> | undefined;

/**
 * Audits a suppression pattern independently of the code that made it:
 * - rule: every cell failing a threshold, the level rule or the unit-below-k rule is suppressed;
 * - rank: no suppressed non-empty cell is in the row space of the published cells (with the
 *   margins and, by default, the empty inner cells as known equations), modulo a large prime;
 * - insider: no protected cell is in that row space plus one singleton inner cell (a respondent
 *   alone in their block x column), unless it is that respondent's own cell;
 * - lp: for each suppressed non-empty cell, min and max of the cell over non-negative inner cells
 *   satisfying every published equation differ by at least `minWidth` respondents.
 * Hidden own-staff rows and cells of earlier releases are checked only when they are protected.
 */
export async function auditRelease(
  grid: DisclosureGrid,
  result: SuppressionResult,
  rules: DisclosureRules,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const minWidth = options.minWidth ?? 1;
  const knowEmpty = options.attackerKnowsEmptyCells ?? true;
  const exact = options.exactIntervals ?? false;
  const intervals = new Map<string, readonly [number, number]>();
  const threshold = rules.base === 'victims' ? (rules.kVictims ?? 10) : (rules.k ?? 10);
  const failures: AuditFailure[] = [];

  const blockIndex = new Map(grid.blocks.map((b, i) => [b.id, i]));
  const columns = ['all', ...grid.dimensions.flatMap((d) => d.groups.map((g) => `${d.name}:${g}`))];
  const colIndex = new Map(columns.map((c, i) => [c, i]));
  const nc = columns.length;
  const coord = (block: string, col: string): number =>
    (blockIndex.get(block) as number) * nc + (colIndex.get(col) as number);
  const countAt = (block: string, col: string): number =>
    grid.blocks[blockIndex.get(block) as number]?.counts[col] ?? 0;

  // Independent restatement of the rules.
  const totals = new Map<string, number>();
  const cells: AuditCell[] = grid.cells.map((spec) => {
    const status = result.byId.get(spec.id);
    if (!status) throw new Error(`audit: no status for ${spec.id}`);
    let n = 0;
    const nonEmpty: string[] = [];
    for (const b of spec.blocks) {
      const c = countAt(b, spec.column);
      n += c;
      if (c > 0) nonEmpty.push(b);
    }
    if (spec.column === 'all' && spec.scope !== undefined && !spec.previous && !spec.hidden) totals.set(spec.scope, n);
    const small = n > 0 && n < threshold;
    const protect = status.suppressed && (small || (spec.levelAllowed === false && n > 0 && !spec.previous));
    return { spec, n, suppressed: status.suppressed, protect, soleBlock: nonEmpty.length === 1 ? nonEmpty[0] : undefined };
  });
  for (const c of cells) {
    const s = c.spec;
    if (s.previous === 'published') {
      if (c.suppressed) failures.push({ cellId: s.id, check: 'rule', detail: 'an earlier release published it' });
      continue;
    }
    if (s.previous === 'suppressed') {
      if (!c.suppressed) failures.push({ cellId: s.id, check: 'rule', detail: 'an earlier release suppressed it' });
      continue;
    }
    if (c.suppressed) continue;
    const total = s.scope === undefined ? undefined : totals.get(s.scope);
    let why: string | undefined;
    if (s.hidden) why = 'hidden own-staff row published';
    else if (c.n > 0 && c.n < threshold) why = `n = ${c.n} < ${threshold}`;
    else if (s.levelAllowed === false) why = 'level rule';
    else if (total !== undefined && total < threshold) why = `unit has ${total} < ${threshold}`;
    if (why) failures.push({ cellId: s.id, check: 'rule', detail: why });
  }

  const checked = cells.filter(
    (c) => c.suppressed && c.n > 0 && (c.protect || (!c.spec.hidden && !c.spec.previous)),
  );

  // Rank and insider tests modulo P.
  const rankStart = performance.now();
  const basis = new ModEchelon();
  const cellVector = (spec: CellSpec): Map<number, number> => {
    const v = new Map<number, number>();
    for (const b of spec.blocks) v.set(coord(b, spec.column), 1);
    return v;
  };
  grid.blocks.forEach((b, bi) => {
    if (knowEmpty) {
      for (let ci = 0; ci < nc; ci++) {
        if ((b.counts[columns[ci] as string] ?? 0) === 0) basis.add(new Map([[bi * nc + ci, 1]]));
      }
    }
    for (const d of grid.dimensions) {
      const v = new Map<number, number>([[bi * nc, 1]]);
      for (const g of d.groups) v.set(bi * nc + (colIndex.get(`${d.name}:${g}`) as number), P - 1);
      basis.add(v);
    }
  });
  const published = cells.filter((c) => !c.suppressed).sort((a, b) => a.spec.blocks.length - b.spec.blocks.length);
  for (const c of published) basis.add(cellVector(c.spec));

  const singletonKeys = new Map<string, { block: string; column: string }[]>();
  for (const b of grid.blocks) {
    for (const col of columns) {
      if ((b.counts[col] ?? 0) !== 1) continue;
      const r = basis.residual(new Map([[coord(b.id, col), 1]]));
      if (r.size === 0) continue;
      const key = residualKey(r);
      const list = singletonKeys.get(key) ?? [];
      list.push({ block: b.id, column: col });
      singletonKeys.set(key, list);
    }
  }
  for (const c of checked) {
    const r = basis.residual(cellVector(c.spec));
    if (r.size === 0) {
      failures.push({ cellId: c.spec.id, check: 'rank', detail: 'derivable from published cells' });
      continue;
    }
    if (!c.protect) continue;
    for (const s of singletonKeys.get(residualKey(r)) ?? []) {
      const own =
        c.n === 1 && c.soleBlock === s.block && (c.spec.column === s.column || countAt(s.block, 'all') === 1);
      if (!own) {
        failures.push({
          cellId: c.spec.id,
          check: 'insider',
          detail: `derivable by the single respondent in ${s.block} ${s.column}`,
        });
        break;
      }
    }
  }
  const rankMillis = performance.now() - rankStart;

  // LP attacker intervals.
  const lpStart = performance.now();
  let lpSolves = 0;
  if ((options.lp ?? true) && checked.length > 0) {
    highsPromise ??= loadHighs();
    const highs = await highsPromise;
    const varOf = new Map<number, number>();
    grid.blocks.forEach((b, bi) => {
      for (let ci = 0; ci < nc; ci++) {
        if (!knowEmpty || (b.counts[columns[ci] as string] ?? 0) > 0) varOf.set(bi * nc + ci, varOf.size);
      }
    });
    const rows: { idx: number[]; val: number[]; rhs: number }[] = [];
    grid.blocks.forEach((b, bi) => {
      for (const d of grid.dimensions) {
        const idx: number[] = [];
        const val: number[] = [];
        const all = varOf.get(bi * nc);
        if (all !== undefined) {
          idx.push(all);
          val.push(1);
        }
        for (const g of d.groups) {
          const v = varOf.get(bi * nc + (colIndex.get(`${d.name}:${g}`) as number));
          if (v !== undefined) {
            idx.push(v);
            val.push(-1);
          }
        }
        if (idx.length > 0) rows.push({ idx, val, rhs: 0 });
      }
    });
    const varsOf = (spec: CellSpec): number[] =>
      spec.blocks
        .map((b) => varOf.get(coord(b, spec.column)))
        .filter((v): v is number => v !== undefined)
        .sort((a, b) => a - b);
    for (const c of published) {
      const idx = varsOf(c.spec);
      if (idx.length > 0) rows.push({ idx, val: idx.map(() => 1), rhs: c.n });
    }
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of rows) {
      indices.push(...r.idx);
      values.push(...r.val);
      starts.push(indices.length);
    }
    const numCols = varOf.size;
    const model = highs.createModel({
      numCols,
      numRows: rows.length,
      colCost: new Float64Array(numCols),
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(highs.infinity),
      rowLower: rows.map((r) => r.rhs),
      rowUpper: rows.map((r) => r.rhs),
      matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values },
    });
    try {
      model.options.set({ output_flag: false });
      // Witness points: the true counts are feasible, and so is every LP optimum. A cell whose
      // values over known feasible points already differ by minWidth passes without its own LP;
      // the rest get an exact min and max.
      const targets = checked.map((c) => ({ cell: c, vars: varsOf(c.spec), lo: c.n, hi: c.n }));
      const open = () => targets.filter((t) => t.hi - t.lo < minWidth - 1e-7);
      let costed: number[] = [];
      const setObjective = (weights: Map<number, number>): void => {
        if (costed.length > 0) model.changeColsCost({ kind: 'set', indices: costed }, costed.map(() => 0));
        costed = [...weights.keys()].sort((a, b) => a - b);
        model.changeColsCost({ kind: 'set', indices: costed }, costed.map((k) => weights.get(k) as number));
      };
      const solve = (sense: 'min' | 'max'): number => {
        model.changeObjectiveSense(
          sense === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
        );
        model.run();
        lpSolves++;
        const status = model.getModelStatus();
        if (
          status === highs.constants.modelStatus.unbounded ||
          status === highs.constants.modelStatus.unboundedOrInfeasible
        )
          return sense === 'min' ? -Infinity : Infinity;
        if (status !== highs.constants.modelStatus.optimal) throw new Error(`audit: LP status ${status}`);
        const x = model.getSolution().colValue;
        for (const t of targets) {
          let v = 0;
          for (const k of t.vars) v += x[k] ?? 0;
          if (v < t.lo) t.lo = v;
          if (v > t.hi) t.hi = v;
        }
        return model.getObjectiveValue();
      };
      for (let pass = 0; pass < (exact ? 0 : 6); pass++) {
        const remaining = open();
        if (remaining.length <= 1) break;
        const weights = new Map<number, number>();
        for (const t of remaining) {
          const w = pass % 2 === 0 ? 1 : ((t.cell.spec.id.length * 7919 + pass) % 5) - 2;
          for (const k of t.vars) weights.set(k, (weights.get(k) ?? 0) + w);
        }
        setObjective(weights);
        const before = remaining.length;
        solve('min');
        solve('max');
        if (open().length === before && pass > 0) break;
      }
      for (const t of targets) {
        if (t.hi - t.lo >= minWidth - 1e-7 && !exact) continue;
        setObjective(new Map(t.vars.map((k) => [k, 1])));
        if (exact || t.hi - t.lo < minWidth - 1e-7) t.lo = Math.min(t.lo, solve('min'));
        if (exact || t.hi - t.lo < minWidth - 1e-7) t.hi = Math.max(t.hi, solve('max'));
        if (exact) intervals.set(t.cell.spec.id, [t.lo, t.hi]);
        if (t.hi - t.lo < minWidth - 1e-7) {
          failures.push({
            cellId: t.cell.spec.id,
            check: 'lp',
            detail: `attacker interval [${round(t.lo)}, ${round(t.hi)}] narrower than ${minWidth}`,
          });
        }
      }
    } finally {
      model.dispose();
    }
  }

  return {
    ok: failures.length === 0,
    failures,
    checkedCells: checked.length,
    lpSolves,
    ...(exact ? { intervals } : {}),
    millis: { rank: rankMillis, lp: performance.now() - lpStart },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
