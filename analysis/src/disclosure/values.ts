/**
 * Value-aware check of one published indicator (decision 040).
 *
 * The respondent-count pattern (suppress.ts, audit.ts) makes sure no suppressed cell is an exact
 * linear combination of published cells. Bounds depend on the values: a count lies in [0, n], so
 * when the published yes-counts of a unit's other groups add up to its published total, every
 * suppressed group's yes-count is pinned to 0 (and to n when the no-counts add up). This module
 * checks, per indicator (one option of one item in one base), what an attacker who sees every
 * published count of that indicator can conclude about each suppressed cell, and adds the fewest
 * per-indicator suppressions it can find where a count would be pinned.
 *
 * Attacker model (stronger than the real one, so a pass is sound for the LP relaxation):
 * - knows the item n (number who answered) of every inner cell (block x column) exactly: the
 *   count y of an inner cell lies in [0, n]; n - y is then known once y is;
 * - knows every published count of the indicator (Σ y over the cell's blocks), every equation of
 *   another grid on the same numerator (`extra`: victims counts are the numerator of
 *   sv_experienced/any), and "all = sum of a dimension's groups" per block;
 * - for weighted published values, knows each block's weight and the value to its rounding
 *   interval: Σ w·y ∈ [(v - h)·Σ w·n, (v + h)·Σ w·n].
 * A suppressed cell about fewer than `threshold` people (respondents of the base, or item n) must
 * keep an LP interval of width ≥ 1 for its count (with n known, the same holds for n - count), and
 * for the insider rule: a member who answered yes knows count ≥ 1, so the interval must stay ≥ 1
 * wide above max(lo, 1); one who answered no knows count ≤ n - 1, so below min(hi, n - 1).
 * (That insider step intersects the interval instead of re-solving with the insider's own inner
 * cell fixed: a limitation written down in decision 040.)
 *
 * Pure apart from the HiGHS WebAssembly solver; no I/O.
 */
import loadHighs, { type Highs } from 'highs';
import { columnsOf } from './rules.js';
import type { CellSpec, DisclosureGrid } from './types.js';

/** Item n and count of one indicator in one block, per column (`all`, `dimension:group`). */
export interface BlockValues {
  readonly n: Readonly<Record<string, number>>;
  readonly y: Readonly<Record<string, number>>;
}

export interface ValueInput {
  /** The base's grid (cells and blocks; block counts are the base's respondent counts). */
  readonly grid: DisclosureGrid;
  /** k (base `all`) or k_victims (base `victims`). */
  readonly threshold: number;
  /** Per block id; a missing block or column is 0. */
  readonly values: ReadonlyMap<string, BlockValues>;
  /** Ids of the cells whose count of this indicator is published (this and earlier releases). */
  readonly published: ReadonlySet<string>;
  /**
   * Further published sums of the same numerator over the same blocks, from other grids (the
   * victims count is the numerator of sv_experienced/any). Ids must differ from the grid's cell
   * ids; `protectIndicator` may withdraw them like cells.
   */
  readonly extra?: readonly ExtraSum[];
  /**
   * Weighted releases: the block weights a published cell's value was computed with (undefined
   * for an unweighted cell, whose value adds nothing to its count and n). The value is then
   * published rounded to `decimals`: Σ w·y / Σ w·n within half a unit of the last decimal.
   */
  readonly weights?: (cell: CellSpec) => ReadonlyMap<string, number> | undefined;
  /** Decimals the weighted value is published with (default 3). */
  readonly decimals?: number;
  /**
   * Feasible points proposed by the protection (count per inner cell, keyed `block\u0000column`;
   * cells not named keep their true count). Never trusted: each is checked against every
   * equation and bound first, and only a point that satisfies them all widens an interval.
   */
  readonly hints?: readonly ReadonlyMap<string, number>[];
  /**
   * Earlier releases (the part of a cell id before `#`) whose own value audit passed under the
   * same thresholds and rounding. A cell of theirs whose variables lie only where no row of this
   * release reaches (components of rows that all come from such releases) keeps the interval that
   * audit proved wide enough: the latest of those releases audited every one of those rows
   * together, and this release adds none (decision 084). Such cells are not checked again.
   */
  readonly checked?: ReadonlySet<string>;
}

export interface ExtraSum {
  readonly id: string;
  readonly blocks: readonly string[];
  readonly column: string;
  readonly depth?: number;
}

export interface ValueFailure {
  readonly cellId: string;
  /** Respondents of the base in the cell, and item n / count. */
  readonly respondents: number;
  readonly n: number;
  readonly count: number;
  readonly lo: number;
  readonly hi: number;
  readonly check: 'pinned' | 'insider';
}

export interface ValueReport {
  readonly ok: boolean;
  readonly failures: readonly ValueFailure[];
  readonly targets: number;
  /** Of those, cells of earlier checked releases that no row of this release reaches (`checked`). */
  readonly earlier?: number;
  readonly lpSolves: number;
  /** Exact [lo, hi] per target, with `exact`. */
  readonly intervals?: ReadonlyMap<string, readonly [number, number]>;
}

let highsPromise: Promise<Highs> | undefined;

/**
 * Benchmarks only (bench/value-profile.ts): called with every `protectIndicator` input, so a
 * release's indicator LPs can be replayed without a database. Unset in the product.
 */
export const valueTrace: { onProtect?: (input: ValueInput, opts: ProtectOptions) => void } = {};
const EPS = 1e-6;

interface Target {
  /** Its position in the model's `targets`. */
  readonly index: number;
  readonly cell: CellSpec;
  readonly vars: number[];
  /** Its variables as a string: targets over the same counts share it. */
  readonly key: string;
  readonly respondents: number;
  readonly n: number;
  readonly y: number;
  /** Lowest and highest count seen at feasible points (or proven by the LP / propagation). */
  lo: number;
  hi: number;
  /** Proven wide enough: stays so when cells are withdrawn (that only relaxes the equations). */
  settled: boolean;
  /** A cell of an earlier checked release that no row of this release reaches (see `checked`). */
  earlier?: boolean;
  /** Item n and count of the members a published cell states the answer of (see `verdict`). */
  sn: number;
  sy: number;
}

/** One equation or interval row: lo ≤ Σ val·y[idx] ≤ hi. */
export interface Row {
  readonly idx: Int32Array;
  readonly val: Float64Array;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Whether an interval [lo, hi] of a target is wide enough (pinned and insider tests). Members
 * whose answer a published cell states of all its members (a 0 or 100%, `sn` of them with `sy`
 * yes) are known to everyone: the tests apply to the rest of the cell.
 */
function verdict(t: Target, lo: number, hi: number): 'pinned' | 'insider' | null {
  if (hi - lo < 1 - EPS) return 'pinned';
  const n = t.n - t.sn;
  const y = t.y - t.sy;
  const l = lo - t.sy;
  const h = hi - t.sy;
  if (n >= 2) {
    if (y >= 1 && h - Math.max(l, 1) < 1 - EPS) return 'insider';
    if (n - y >= 1 && Math.min(h, n - 1) - l < 1 - EPS) return 'insider';
  }
  return null;
}

/** A variable whose propagated interval is narrower than this is fixed at its true value. */
const FIXED = 1e-9;
/** Bound changes smaller than this do not wake the rows of the variable again. */
const TIGHTEN = 1e-7;
/** Work cap of a propagation, in passes over the active rows' entries (see `propagateBounds`). */
const PROPAGATION_WORK = 20;

/**
 * Bound propagation (the attacker's cheapest reasoning): for every active row
 * lo ≤ Σ a_i·y_i ≤ hi and box bounds on y, tighten each y_i from the others' extremes; repeat
 * until nothing moves by more than TIGHTEN (or a work cap is hit: any stopping point is sound,
 * the bounds only ever contain the LP's). Returns outer bounds of every variable over the
 * feasible set of the LP relaxation.
 *
 * The cap is PROPAGATION_WORK row entries per entry of the active rows. Weighted rows (rounded
 * window values) make the tightening converge slowly: on the defence window 2017–2020 every
 * propagation ran into a cap of 200 (~600 passes, 255 ms each), while 20 already finds 98% of the
 * counts that 200 pins (12,031 of 12,266 for sv_experienced/any); what it misses goes to the LPs.
 */
function propagateBounds(rows: readonly Row[], active: Uint8Array, upper: Float64Array, rowsOfVar: readonly (readonly number[])[]): Bounds {
  const n = upper.length;
  const lo = new Float64Array(n);
  const hi = Float64Array.from(upper);
  const queued = new Uint8Array(rows.length);
  let queue: number[] = [];
  let nnz = 0;
  for (let r = 0; r < rows.length; r++) {
    if (!active[r]) continue;
    queue.push(r);
    queued[r] = 1;
    nnz += rows[r]!.idx.length;
  }
  let work = 0;
  const cap = PROPAGATION_WORK * nnz + 1000;
  while (queue.length > 0 && work < cap) {
    const next: number[] = [];
    for (const r of queue) {
      queued[r] = 0;
      const row = rows[r]!;
      const { idx, val } = row;
      let minAct = 0;
      let maxAct = 0;
      for (let i = 0; i < idx.length; i++) {
        const a = val[i]!;
        const k = idx[i]!;
        if (a > 0) { minAct += a * lo[k]!; maxAct += a * hi[k]!; } else { minAct += a * hi[k]!; maxAct += a * lo[k]!; }
      }
      work += idx.length;
      for (let i = 0; i < idx.length; i++) {
        const a = val[i]!;
        const k = idx[i]!;
        let newLo: number;
        let newHi: number;
        if (a > 0) {
          newHi = (row.hi - (minAct - a * lo[k]!)) / a;
          newLo = (row.lo - (maxAct - a * hi[k]!)) / a;
        } else {
          newLo = (row.hi - (minAct - a * hi[k]!)) / a;
          newHi = (row.lo - (maxAct - a * lo[k]!)) / a;
        }
        let moved = false;
        if (newHi < hi[k]! - TIGHTEN) { hi[k] = Math.max(newHi, lo[k]!); moved = true; }
        if (newLo > lo[k]! + TIGHTEN) { lo[k] = Math.min(newLo, hi[k]!); moved = true; }
        if (moved) for (const r2 of rowsOfVar[k]!) if (r2 !== r && active[r2] && !queued[r2]) { queued[r2] = 1; next.push(r2); }
      }
    }
    queue = next;
  }
  return { lo, hi };
}

interface Bounds {
  lo: Float64Array;
  hi: Float64Array;
}

/** Union-find over variables (a few lines; no library needed for it). */
function unionFind(n: number) {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; }
    return x;
  };
  return { find, union: (a: number, b: number) => { const ra = find(a); const rb = find(b); if (ra !== rb) parent[ra] = rb; } };
}

/** A target's share of one component: the sum of its variables there, with the extremes seen. */
interface Portion {
  readonly t: Target;
  readonly vars: number[];
  min: number;
  max: number;
  exact: boolean;
}

/** Free variables linked by equations: solved as one small LP. */
class Component {
  readonly vars: number[] = [];
  readonly rows: number[] = [];
  readonly portions: Portion[] = [];
  private model: ReturnType<Highs['createModel']> | undefined;
  private local = new Map<number, number>();
  private costed: number[] = [];
  private solved = false;

  constructor(
    private readonly owner: IndicatorModel,
    private readonly bounds: { lo: Float64Array; hi: Float64Array },
  ) {}

  private sig: string | undefined;

  signature(): string {
    this.sig ??= `${this.vars.join(',')}/${this.rows.join(',')}`;
    return this.sig;
  }

  private ensure(): ReturnType<Highs['createModel']> {
    if (this.model) return this.model;
    const o = this.owner;
    this.vars.forEach((k, i) => this.local.set(k, i));
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    for (const r of this.rows) {
      const row = o.rows[r]!;
      let constant = 0;
      const entries: [number, number][] = [];
      for (let i = 0; i < row.idx.length; i++) {
        const k = row.idx[i]!;
        const l = this.local.get(k);
        if (l === undefined) constant += row.val[i]! * o.trueY[k]!;
        else entries.push([l, row.val[i]!]);
      }
      entries.sort((a, b) => a[0] - b[0]);
      for (const [l, v] of entries) { indices.push(l); values.push(v); }
      starts.push(indices.length);
      rowLower.push(row.lo - constant);
      rowUpper.push(row.hi - constant);
    }
    const numCols = this.vars.length;
    this.model = o.highs.createModel({
      numCols,
      numRows: this.rows.length,
      colCost: new Float64Array(numCols),
      // Propagated bounds are implied by the rows: valid, and they shorten the simplex.
      colLower: Float64Array.from(this.vars.map((k) => Math.max(0, this.bounds.lo[k]! - FIXED))),
      colUpper: Float64Array.from(this.vars.map((k) => Math.min(o.upper[k]!, this.bounds.hi[k]! + FIXED))),
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows: this.rows.length, numCols, starts, indices, values },
    });
    this.model.options.set({ output_flag: false, presolve: 'off' });
    return this.model;
  }

  /** Optimises Σ weight·y over the component; every portion records the point; returns the optimum. */
  solve(weights: Map<number, number>, sense: 'min' | 'max'): number {
    const m = this.ensure();
    const h = this.owner.highs;
    if (this.costed.length > 0) m.changeColsCost({ kind: 'set', indices: this.costed }, this.costed.map(() => 0));
    const entries = [...weights].map(([k, w]) => [this.local.get(k)!, w] as const).sort((a, b) => a[0] - b[0]);
    this.costed = entries.map(([l]) => l);
    m.changeColsCost({ kind: 'set', indices: this.costed }, entries.map(([, w]) => w));
    m.changeObjectiveSense(sense === 'min' ? h.constants.objectiveSense.minimize : h.constants.objectiveSense.maximize);
    const t0 = this.solved ? 0 : performance.now();
    m.run();
    if (!this.solved) { this.owner.millis.componentFirst += performance.now() - t0; this.solved = true; }
    this.owner.lpSolves++;
    const status = m.getModelStatus();
    if (status !== h.constants.modelStatus.optimal) throw new Error(`value audit: LP status ${status}`);
    const solution = m.getSolution();
    const x = solution.colValue;
    if (this.owner.onPoint) {
      // The optimum with every other variable at its true count (fixed ones are) is a feasible
      // point of the whole LP: the caller may keep it (the protection's certificates).
      const point = new Map<number, number>();
      this.vars.forEach((k, i) => { const d = (x[i] ?? 0) - this.owner.trueY[k]!; if (Math.abs(d) > 1e-9) point.set(k, d); });
      if (point.size > 0) this.owner.onPoint(point);
    }
    for (const p of this.portions) {
      let v = 0;
      for (const k of p.vars) v += x[this.local.get(k)!] ?? 0;
      if (v < p.min) p.min = v;
      if (v > p.max) p.max = v;
    }
    return m.getObjectiveValue();
  }

  dispose(): void {
    this.model?.dispose();
  }
}

/**
 * What the equations need of a grid whatever the indicator, computed once per grid (every
 * indicator of a base shares its grid): block and column positions, and per cell a signature that
 * cells over the same blocks and column share (a wave's cell and a window's copy of it, the planned
 * cells of later windows), with its respondents. Building an indicator's equations then looks up
 * each distinct signature once, by position, instead of each cell's blocks by name (on the defence
 * window 2017–2020: 98,164 cells, 369,336 block references, 22,572 signatures).
 */
interface GridIndex {
  readonly columns: readonly string[];
  readonly blockIndex: ReadonlyMap<string, number>;
  /** Column positions of each dimension's groups, in the grid's order. */
  readonly dimensionColumns: readonly (readonly number[])[];
  /** Per cell (the grid's order): its signature. */
  readonly cellSig: Int32Array;
  /** Per signature: block positions (−1: a block the grid does not have), as listed, and column. */
  readonly sigBlocks: readonly Int32Array[];
  readonly sigColumn: Int32Array;
  /** Per cell: respondents of the base (the blocks' counts in its column). */
  readonly cellRespondents: Float64Array;
  /** Cell positions, earlier releases' cells (ids with `#`) first, each part in the grid's order. */
  readonly earlierFirst: Int32Array;
  /** Per cell: 1 for a cell of an earlier release. */
  readonly earlier: Uint8Array;
}

const gridIndexes = new WeakMap<DisclosureGrid, GridIndex>();

function gridIndexOf(grid: DisclosureGrid): GridIndex {
  const cached = gridIndexes.get(grid);
  if (cached) return cached;
  const columns = columnsOf(grid);
  const colIndex = new Map(columns.map((c, i) => [c, i]));
  const blockIndex = new Map(grid.blocks.map((b, i) => [b.id, i]));
  const dimensionColumns = grid.dimensions.map((d) => d.groups.map((g) => colIndex.get(`${d.name}:${g}`)!));
  const cellSig = new Int32Array(grid.cells.length);
  const cellRespondents = new Float64Array(grid.cells.length);
  const sigBlocks: Int32Array[] = [];
  const sigColumns: number[] = [];
  const sigOf = new Map<string, number>();
  grid.cells.forEach((c, i) => {
    const col = colIndex.get(c.column) ?? -1;
    const at = Int32Array.from(c.blocks, (b) => blockIndex.get(b) ?? -1);
    let respondents = 0;
    for (const bi of at) if (bi >= 0) respondents += grid.blocks[bi]!.counts[c.column] ?? 0;
    cellRespondents[i] = respondents;
    const key = `${c.column}|${[...at].sort((a, b) => a - b).join(',')}`;
    let sig = sigOf.get(key);
    if (sig === undefined) {
      sig = sigBlocks.length;
      sigOf.set(key, sig);
      sigBlocks.push(at);
      sigColumns.push(col);
    }
    cellSig[i] = sig;
  });
  const earlier = Uint8Array.from(grid.cells, (c) => (c.id.includes('#') ? 1 : 0));
  const earlierFirst = new Int32Array(grid.cells.length);
  let at = 0;
  for (const part of [1, 0]) for (let i = 0; i < grid.cells.length; i++) if (earlier[i] === part) earlierFirst[at++] = i;
  const index: GridIndex = { columns, blockIndex, dimensionColumns, cellSig, sigBlocks, sigColumn: Int32Array.from(sigColumns), cellRespondents, earlierFirst, earlier };
  gridIndexes.set(grid, index);
  return index;
}

/**
 * One indicator's equations over its inner cells. `check` decides every target in three steps:
 * bound propagation (a target whose outer interval is already too narrow fails without an LP),
 * decomposition of the remaining free variables into components, and small LPs per component:
 * a few shared objectives first (their optima and the true counts are feasible points; a target
 * they already show wide enough is settled), then each undecided target's own min and max.
 * Components are independent, so a target's interval is the sum of its portions' intervals.
 */
class IndicatorModel {
  readonly targets: Target[] = [];
  readonly rows: Row[] = [];
  active = new Uint8Array(0);
  rowsOfVar: number[][] = [];
  upper = new Float64Array(0);
  trueY = new Float64Array(0);
  /** Inner cell per variable: block id and column. */
  varBlock: string[] = [];
  varColumn: string[] = [];
  readonly varOf = new Map<string, number>();
  readonly cellRow = new Map<string, number[]>();
  /** Published cells whose count is 0 (or n): they state it of every member. */
  private readonly stating = new Map<string, { vars: readonly number[]; zero: boolean }>();
  /** Exact portion extremes of components already solved, by component signature. */
  private readonly exactCache = new Map<string, [number, number]>();
  lpSolves = 0;
  /** Called with every component optimum as a feasible point (differences from the true counts). */
  onPoint?: (point: Map<number, number>) => void;
  propagations = 0;
  /** Where the time went (benchmarks): `componentFirst` is the first solve of each component model (cold). */
  millis = { propagate: 0, lp: 0, build: 0, componentFirst: 0 };

  constructor(
    readonly highs: Highs,
    readonly input: ValueInput,
  ) {}

  /** The grid's positions (see `GridIndex`), and the variable of each (block, column) position or −1. */
  private index: GridIndex | undefined;
  private varAt = new Int32Array(0);
  /** Per signature: its variables (sorted), and their list as a string (the same counts, the same key). */
  private sigVars: (number[] | undefined)[] = [];
  private sigKeys: (string | undefined)[] = [];

  private varAtOf(bi: number, ci: number): number {
    return bi < 0 || ci < 0 ? -1 : this.varAt[bi * this.index!.columns.length + ci]!;
  }

  varsOf(blocks: readonly string[], column: string): number[] {
    const ix = this.index!;
    const ci = ix.columns.indexOf(column);
    const out: number[] = [];
    for (const b of blocks) {
      const k = this.varAtOf(ix.blockIndex.get(b) ?? -1, ci);
      if (k >= 0) out.push(k);
    }
    return out.sort((a, b) => a - b);
  }

  /** The variables of a signature (shared: callers that keep them take a copy). */
  private sigVarsOf(sig: number): number[] {
    let vars = this.sigVars[sig];
    if (!vars) {
      const ix = this.index!;
      const ci = ix.sigColumn[sig]!;
      vars = [];
      for (const bi of ix.sigBlocks[sig]!) {
        const k = this.varAtOf(bi, ci);
        if (k >= 0) vars.push(k);
      }
      vars.sort((a, b) => a - b);
      this.sigVars[sig] = vars;
    }
    return vars;
  }

  private sigKeyOf(sig: number): string {
    return (this.sigKeys[sig] ??= this.sigVarsOf(sig).join(','));
  }

  /** Targets of earlier checked releases that no row of this release reaches (see `checked`). */
  earlierSettled = 0;
  /**
   * With `checked`: 1 for a variable that a row of this release (or of an unchecked one) reaches.
   * The check solves those components first: a target with a portion elsewhere is often settled
   * by its reached portion alone, and the rest then carries fewer portions.
   */
  reached: Uint8Array | undefined;

  /**
   * Marks as settled the targets of earlier checked releases whose variables lie in components
   * (over every row) without a row of this release or of an unchecked one (see `checked`).
   */
  private settleEarlier(): void {
    const checked = this.input.checked;
    if (!checked || checked.size === 0) return;
    const releaseOf = (id: string) => {
      const bare = id.startsWith('v:') ? id.slice(2) : id;
      const at = bare.indexOf('#');
      return at < 0 ? undefined : bare.slice(0, at);
    };
    const uf = unionFind(this.upper.length);
    for (const r of this.rows) for (let i = 1; i < r.idx.length; i++) uf.union(r.idx[0]!, r.idx[i]!);
    const fresh = new Set<number>();
    for (const [id, rowIds] of this.cellRow) {
      const rel = releaseOf(id);
      if (rel !== undefined && checked.has(rel)) continue;
      for (const r of rowIds) { const idx = this.rows[r]!.idx; if (idx.length > 0) fresh.add(uf.find(idx[0]!)); }
    }
    this.reached = new Uint8Array(this.upper.length);
    for (let k = 0; k < this.upper.length; k++) if (fresh.has(uf.find(k))) this.reached[k] = 1;
    for (const t of this.targets) {
      const rel = releaseOf(t.cell.id);
      if (rel === undefined || !checked.has(rel)) continue;
      if (t.vars.some((k) => this.reached![k])) continue;
      t.settled = true;
      t.earlier = true;
      this.earlierSettled++;
    }
    // A cell of this release over exactly the same counts as such a cell (a window's cell that an
    // earlier wave planned, decision 082) has the same interval.
    const same = new Set(this.targets.filter((t) => t.earlier).map((t) => t.key));
    for (const t of this.targets) {
      if (t.earlier || !same.has(t.key)) continue;
      t.settled = true;
      t.earlier = true;
      this.earlierSettled++;
    }
  }

  /** Builds the equations; returns false when there is nothing to check. */
  build(): boolean {
    const t0 = performance.now();
    try {
      return this.buildEquations();
    } finally {
      this.millis.build += performance.now() - t0;
    }
  }

  private buildEquations(): boolean {
    const { grid, values, threshold, published } = this.input;
    const ix = gridIndexOf(grid);
    this.index = ix;
    const { columns } = ix;
    const nc = columns.length;
    const varOf = this.varOf;
    const upper: number[] = [];
    const trueY: number[] = [];
    const varAt = new Int32Array(grid.blocks.length * nc).fill(-1);
    this.varAt = varAt;
    grid.blocks.forEach((b, bi) => {
      const v = values.get(b.id);
      if (!v) return;
      columns.forEach((c, ci) => {
        const n = v.n[c] ?? 0;
        if (n > 0) {
          varAt[bi * nc + ci] = upper.length;
          varOf.set(`${b.id}\u0000${c}`, upper.length);
          upper.push(n);
          trueY.push(v.y[c] ?? 0);
          this.varBlock.push(b.id);
          this.varColumn.push(c);
        }
      });
    });
    this.upper = Float64Array.from(upper);
    this.trueY = Float64Array.from(trueY);
    this.sigVars = new Array(ix.sigBlocks.length);
    this.sigKeys = new Array(ix.sigBlocks.length);
    const rows = this.rows;
    const push = (idx: number[], val: number[], lo: number, hi: number) => {
      rows.push({ idx: Int32Array.from(idx), val: Float64Array.from(val), lo, hi });
      return rows.length - 1;
    };
    for (let bi = 0; bi < grid.blocks.length; bi++) {
      for (const groupCols of ix.dimensionColumns) {
        const all = varAt[bi * nc]!;
        const idx: number[] = [];
        const val: number[] = [];
        if (all >= 0) {
          idx.push(all);
          val.push(1);
        }
        for (const ci of groupCols) {
          const k = varAt[bi * nc + ci]!;
          if (k >= 0) {
            idx.push(k);
            val.push(-1);
          }
        }
        if (idx.length > 1) push(idx, val, 0, 0);
      }
    }
    const sumOf = (idx: readonly number[]) => idx.reduce((s, k) => s + trueY[k]!, 0);
    // Per signature: Σ y and Σ n over its counts (NaN until asked), its variables as a row's
    // entries (shared by the rows of cells over the same counts: rows are never changed).
    const sigY = new Float64Array(ix.sigBlocks.length).fill(NaN);
    const sigN = new Float64Array(ix.sigBlocks.length);
    const sums = (sig: number) => {
      if (Number.isNaN(sigY[sig]!)) {
        let y = 0;
        let n = 0;
        for (const k of this.sigVarsOf(sig)) { y += trueY[k]!; n += upper[k]!; }
        sigY[sig] = y;
        sigN[sig] = n;
      }
    };
    const sigIdx: (Int32Array | undefined)[] = new Array(ix.sigBlocks.length);
    const ones = new Map<number, Float64Array>();
    const onesOf = (n: number) => { let o = ones.get(n); if (!o) { o = new Float64Array(n).fill(1); ones.set(n, o); } return o; };
    /**
     * A published cell (or extra sum) whose count is 0 (or its n) states it of its members: `vars`
     * gives them (every column of its blocks for `all`), asked only then.
     */
    const markStating = (id: string, y: number, n: number, vars: () => readonly number[]) => {
      if (y === 0 || y === n) this.stating.set(id, { vars: vars(), zero: y === 0 });
    };
    const decimals = this.input.decimals ?? 3;
    const half = 0.5 * 10 ** -decimals;
    // Earlier releases' cells first: their rows stay whatever this release withdraws, so a cell of
    // this release over the same counts (a window's cell over one wave's units, published by that
    // wave too) adds no count row of its own, and withdrawing it would hide nothing.
    // (Counts of earlier published cells, by their variables: cells over other blocks may have the
    // same variables when the blocks they add hold nobody in the column.)
    const frozen = new Set<string>();
    // Which cells are published, by position (one lookup per cell).
    const pub = new Uint8Array(grid.cells.length);
    grid.cells.forEach((c, i) => { if (published.has(c.id)) pub[i] = 1; });
    for (const i of ix.earlierFirst) {
      const c = grid.cells[i]!;
      if (!pub[i]) continue;
      const sig = ix.cellSig[i]!;
      const idx = this.sigVarsOf(sig);
      if (idx.length === 0) continue;
      const rowIds: number[] = [];
      // A published 0 (or 100%) states it of every member: such members are no target.
      sums(sig);
      const s = sigY[sig]!;
      markStating(c.id, s, sigN[sig]!, () => {
        if (columns[ix.sigColumn[sig]!] !== 'all') return idx;
        const all: number[] = [];
        for (const bi of ix.sigBlocks[sig]!) for (let col = 0; col < nc; col++) { const k = this.varAtOf(bi, col); if (k >= 0) all.push(k); }
        return all;
      });
      const earlier = ix.earlier[i] === 1;
      const key = this.sigKeyOf(sig);
      if (earlier) frozen.add(key);
      if (earlier || !frozen.has(key)) {
        rows.push({ idx: (sigIdx[sig] ??= Int32Array.from(idx)), val: onesOf(idx.length), lo: s, hi: s });
        rowIds.push(rows.length - 1);
      }
      const weights = this.input.weights?.(c);
      if (weights) {
        // Σ w·y / Σ w·n, published rounded to `decimals`.
        const ci = ix.sigColumn[sig]!;
        const w = c.blocks.flatMap((b) => {
          const k = this.varAtOf(ix.blockIndex.get(b) ?? -1, ci);
          return k < 0 ? [] : [[k, weights.get(b) ?? 1] as const];
        });
        let wn = 0;
        let wy = 0;
        for (const [k, wk] of w) {
          wn += wk * upper[k]!;
          wy += wk * trueY[k]!;
        }
        if (wn > 0) {
          const v = Math.round((wy / wn) * 10 ** decimals) / 10 ** decimals;
          const sorted = [...w].sort((a, b) => a[0] - b[0]);
          rowIds.push(push(sorted.map(([k]) => k), sorted.map(([, wk]) => wk), (v - half) * wn, (v + half) * wn));
        }
      }
      this.cellRow.set(c.id, rowIds);
    }
    for (const e of this.input.extra ?? []) {
      const idx = this.varsOf(e.blocks, e.column);
      if (idx.length === 0) continue;
      const s = sumOf(idx);
      markStating(e.id, s, idx.reduce((t, k) => t + upper[k]!, 0), () => {
        const ci = columns.indexOf(e.column);
        const vars: number[] = [];
        for (const b of e.blocks) {
          const bi = ix.blockIndex.get(b) ?? -1;
          if (e.column === 'all') for (let col = 0; col < nc; col++) { const k = this.varAtOf(bi, col); if (k >= 0) vars.push(k); }
          else { const k = this.varAtOf(bi, ci); if (k >= 0) vars.push(k); }
        }
        return vars;
      });
      this.cellRow.set(e.id, [push(idx, idx.map(() => 1), s, s)]);
    }
    this.active = new Uint8Array(rows.length).fill(1);
    this.rowsOfVar = Array.from({ length: upper.length }, () => [] as number[]);
    rows.forEach((r, i) => { for (const k of r.idx) this.rowsOfVar[k]!.push(i); });
    // Targets: not published, about fewer than `threshold` people, not empty.
    grid.cells.forEach((c, i) => {
      if (pub[i]) return;
      const respondents = ix.cellRespondents[i]!;
      const sig = ix.cellSig[i]!;
      sums(sig);
      const n = sigN[sig]!;
      const y = sigY[sig]!;
      if (n === 0) return;
      const shared = this.sigVarsOf(sig);
      if (!((respondents > 0 && respondents < threshold) || n < threshold)) return;
      this.targets.push({ index: this.targets.length, cell: c, vars: shared.slice(), key: this.sigKeyOf(sig), respondents, n, y, lo: y, hi: y, settled: false, sn: 0, sy: 0 });
    });
    this.settleEarlier();
    return this.targets.length > 0;
  }

  /** Stops publishing a cell's count (its rows are dropped). */
  unpublish(cellId: string): void {
    const r = this.cellRow.get(cellId);
    if (!r) return;
    for (const i of r) this.active[i] = 0;
    this.cellRow.delete(cellId);
    this.stating.delete(cellId);
  }

  /**
   * Targets whose count a published larger group already states (0 or 100% of every member);
   * for the others, the members stated so (their n and count go to `verdict`).
   */
  private exempt(): Set<Target> {
    const zero = new Set<number>();
    const full = new Set<number>();
    for (const st of this.stating.values()) for (const k of st.vars) (st.zero ? zero : full).add(k);
    const out = new Set<Target>();
    for (const t of this.targets) {
      const [sn, sy] = [t.sn, t.sy];
      t.sn = 0;
      t.sy = 0;
      for (const k of t.vars) {
        if (zero.has(k)) t.sn += this.upper[k]!;
        else if (full.has(k)) { t.sn += this.upper[k]!; t.sy += this.upper[k]!; }
      }
      // A target settled while some of its members were stated must be decided again once the
      // cell that stated them is withdrawn: the insider test then covers them too.
      if (t.settled && (t.sn !== sn || t.sy !== sy)) t.settled = false;
      if (t.sn === t.n) out.add(t);
    }
    return out;
  }

  /**
   * Targets that verified feasible points (`hints`) already show wide enough are settled. A point
   * is verified against every active row and box bound touching a variable it changes (the true
   * counts satisfy all the others).
   */
  private settleByHints(exempt: Set<Target>): void {
    const hints = this.input.hints;
    if (!hints || hints.length === 0) return;
    const open = this.targets.filter((t) => !t.settled && !exempt.has(t));
    if (open.length === 0) return;
    const nv = this.upper.length;
    // The open targets of each variable, as one list per variable (offsets `first`).
    const first = new Int32Array(nv + 1);
    for (const t of open) for (const k of t.vars) first[k + 1]!++;
    for (let k = 0; k < nv; k++) first[k + 1]! += first[k]!;
    const fill = first.slice(0, nv);
    const targetsOf = new Int32Array(first[nv]!);
    open.forEach((t, i) => { for (const k of t.vars) targetsOf[fill[k]!++] = i; });
    const lo = Float64Array.from(open, (t) => t.y);
    const hi = Float64Array.from(open, (t) => t.y);
    const seen = new Uint8Array(open.length);
    // Rows and targets already looked at for the current hint carry its number.
    const rowMark = new Int32Array(this.rows.length);
    const targetMark = new Int32Array(open.length);
    // The point being verified, dense: the true counts with the hint's entries written over them
    // (and written back after each hint).
    const x = Float64Array.from(this.trueY);
    const ks: number[] = [];
    let mark = 0;
    for (const hint of hints) {
      mark++;
      let ok = true;
      ks.length = 0;
      for (const [key, v] of hint) {
        const k = this.varOf.get(key);
        if (k === undefined || !(v >= -1e-7 && v <= this.upper[k]! + 1e-7)) { ok = false; break; }
        ks.push(k);
        x[k] = v;
      }
      try {
        if (!ok) continue;
        // Every active row touching a changed count must hold (the true counts satisfy the rest).
        for (let a = 0; a < ks.length && ok; a++) {
          for (const r of this.rowsOfVar[ks[a]!]!) {
            if (!this.active[r] || rowMark[r] === mark) continue;
            rowMark[r] = mark;
            const row = this.rows[r]!;
            let act = 0;
            for (let i = 0; i < row.idx.length; i++) act += row.val[i]! * x[row.idx[i]!]!;
            const tol = 1e-6 * Math.max(1, Math.abs(row.lo), Math.abs(row.hi));
            if (act < row.lo - tol || act > row.hi + tol) { ok = false; break; }
          }
        }
        if (!ok) continue;
        for (const k of ks) {
          for (let j = first[k]!; j < first[k + 1]!; j++) {
            const i = targetsOf[j]!;
            if (targetMark[i] === mark) continue;
            targetMark[i] = mark;
            let v = 0;
            for (const q of open[i]!.vars) v += x[q]!;
            if (v < lo[i]!) lo[i] = v;
            if (v > hi[i]!) hi[i] = v;
            seen[i] = 1;
          }
        }
      } finally {
        for (const k of ks) x[k] = this.trueY[k]!;
      }
    }
    open.forEach((t, i) => { if (seen[i] && verdict(t, lo[i]!, hi[i]!) === null) { t.settled = true; this.hintSettled++; } });
  }
  /** Targets settled by `hints` (benchmarks). */
  hintSettled = 0;

  /**
   * Checks every target not yet settled. `exact`: every target gets its exact LP interval
   * (reported in `intervals`); otherwise feasible points settle what they can and only the rest
   * is solved exactly. Failures are exact either way: an LP optimum or a propagated bound.
   * With `undecided`, targets the shared objectives leave open go there (with the extremes seen
   * in `lo`/`hi`) instead of getting their own LPs; without `shared` as well, no LP runs at all:
   * every target propagation does not fail goes there (a sweep between certificates only needs to
   * know which counts are still pinned).
   */
  check(exact = false, undecided?: Target[], shared = true): ValueFailure[] {
    const exempt = this.exempt();
    this.settleByHints(exempt);
    // (`exact` also gives the intervals of exempt targets; they never fail.)
    const todo = this.targets.filter((t) => (exact || (!exempt.has(t) && !t.settled && !t.earlier)));
    const failures: ValueFailure[] = [];
    if (todo.length === 0) return failures;
    const t0 = performance.now();
    const { lo, hi } = propagateBounds(this.rows, this.active, this.upper, this.rowsOfVar);
    this.propagations++;
    const t1 = performance.now();
    this.millis.propagate += t1 - t0;
    const fail = (t: Target, check: 'pinned' | 'insider') => exempt.has(t) ? undefined :
      failures.push({ cellId: t.cell.id, respondents: t.respondents, n: t.n, count: t.y, lo: round(t.lo), hi: round(t.hi), check });
    const fixed = (k: number) => hi[k]! - lo[k]! <= FIXED;
    const open: Target[] = [];
    for (const t of todo) {
      t.lo = t.y;
      t.hi = t.y;
      let outerLo = 0;
      let outerHi = 0;
      for (const k of t.vars) { outerLo += lo[k]!; outerHi += hi[k]!; }
      const v = verdict(t, outerLo, outerHi);
      if (v !== null && !exact) {
        // Propagation is sound: the LP's interval lies within [outerLo, outerHi].
        t.lo = outerLo;
        t.hi = outerHi;
        fail(t, v);
      } else open.push(t);
    }
    if (open.length === 0) return failures;
    if (!shared && undecided && !exact) {
      for (const t of open) undecided.push(t);
      return failures;
    }
    // Components of the free variables, over the rows that hold at least two of them.
    const uf = unionFind(this.upper.length);
    for (let r = 0; r < this.rows.length; r++) {
      if (!this.active[r]) continue;
      let first = -1;
      for (const k of this.rows[r]!.idx) {
        if (fixed(k)) continue;
        if (first < 0) first = k;
        else uf.union(first, k);
      }
    }
    const comps = new Map<number, Component>();
    const compOf = (k: number) => {
      const root = uf.find(k);
      let c = comps.get(root);
      if (!c) { c = new Component(this, { lo, hi }); comps.set(root, c); }
      return c;
    };
    const portionsOf = new Map<Target, Portion[]>();
    for (const t of open) {
      const parts = new Map<Component, number[]>();
      for (const k of t.vars) {
        if (fixed(k)) continue;
        const c = compOf(k);
        const list = parts.get(c);
        if (list) list.push(k);
        else parts.set(c, [k]);
      }
      const list: Portion[] = [];
      for (const [c, vars] of parts) {
        const v = vars.reduce((s, k) => s + this.trueY[k]!, 0);
        const p: Portion = { t, vars, min: v, max: v, exact: false };
        c.portions.push(p);
        list.push(p);
      }
      portionsOf.set(t, list);
    }
    if (comps.size === 0) {
      for (const t of open) { const v = verdict(t, t.lo, t.hi); if (v !== null) fail(t, v); else t.settled = true; }
      return failures;
    }
    const roots = new Set(comps.keys());
    for (let k = 0; k < this.upper.length; k++) if (!fixed(k)) { const root = uf.find(k); if (roots.has(root)) comps.get(root)!.vars.push(k); }
    for (let r = 0; r < this.rows.length; r++) {
      if (!this.active[r]) continue;
      for (const k of this.rows[r]!.idx) {
        if (fixed(k)) continue;
        const root = uf.find(k);
        if (roots.has(root)) comps.get(root)!.rows.push(r);
        break;
      }
    }
    const observed = (t: Target) => {
      let l = t.y;
      let h = t.y;
      for (const p of portionsOf.get(t)!) { const v = p.vars.reduce((s, k) => s + this.trueY[k]!, 0); l += p.min - v; h += p.max - v; }
      t.lo = l;
      t.hi = h;
      return verdict(t, l, h);
    };
    const t2 = performance.now();
    try {
      const reached = this.reached;
      const order = reached ? [...comps.values()].sort((a, b) => (reached[b.vars[0]!]! - reached[a.vars[0]!]!)) : [...comps.values()];
      for (const c of order) {
        const sig = c.signature();
        // A component of one variable: its propagated bounds are exact (every row that holds it
        // holds no other free variable).
        for (const p of c.portions) {
          const cached = this.exactCache.get(`${sig}|${p.vars.join(',')}`);
          if (c.vars.length === 1) { p.min = lo[c.vars[0]!]!; p.max = hi[c.vars[0]!]!; p.exact = true; } else if (cached) { [p.min, p.max] = cached; p.exact = true; }
        }
        if (exact) continue;
        // Shared objectives over the portions of targets still open.
        let before = Infinity;
        for (let pass = 0; pass < 10; pass++) {
          const live = c.portions.filter((p) => !p.exact && observed(p.t) !== null);
          if (live.length <= 1) break; // one portion: its own min and max below are as cheap
          // Another pass only while the last one still settled a tenth of what was open.
          if (pass >= 2 && live.length > 0.9 * before) break;
          before = live.length;
          const weights = new Map<number, number>();
          for (const p of live) {
            const w = pass === 0 ? 1 : pass % 2 === 1 ? (hash(p.t.cell.id, pass) % 5) - 2 : 1 + (hash(p.t.cell.id, pass) % 5);
            for (const k of p.vars) weights.set(k, (weights.get(k) ?? 0) + w);
          }
          c.solve(weights, 'min');
          c.solve(weights, 'max');
        }
      }
      for (const t of open) {
        if (!exact && observed(t) === null) { t.settled = true; continue; }
        // The caller decides the rest itself (it has cheaper ways to show a count can move).
        if (undecided) { undecided.push(t); continue; }
        for (const p of portionsOf.get(t)!) {
          if (p.exact) continue;
          const c = comps.get(uf.find(p.vars[0]!))!;
          const w = new Map(p.vars.map((k) => [k, 1]));
          // A side already at its propagated bound is exact without an LP; the side with less
          // room is solved first (a count pinned at 0 needs only its max).
          let outerLo = 0;
          let outerHi = 0;
          for (const k of p.vars) { outerLo += lo[k]!; outerHi += hi[k]!; }
          let minDone = p.min <= outerLo + FIXED;
          let maxDone = p.max >= outerHi - FIXED;
          const sides: ('min' | 'max')[] = p.max - p.t.y < p.t.y - p.min ? ['max', 'min'] : ['min', 'max'];
          for (const side of sides) {
            if (side === 'min' && !minDone) { p.min = Math.min(p.min, c.solve(w, 'min')); minDone = true; }
            if (side === 'max' && !maxDone) { p.max = Math.max(p.max, c.solve(w, 'max')); maxDone = true; }
            if (!exact && observed(t) === null) break;
          }
          p.exact = minDone && maxDone;
          if (p.exact) this.exactCache.set(`${c.signature()}|${p.vars.join(',')}`, [p.min, p.max]);
          if (!exact && observed(t) === null) break;
        }
        const v = observed(t);
        if (v === null) t.settled = true;
        else fail(t, v);
      }
    } finally {
      for (const c of comps.values()) c.dispose();
      this.millis.lp += performance.now() - t2;
    }
    return failures;
  }
}

function hash(id: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The equations of one indicator as the check builds them (tests compare the presolve with one
 * LP over all of them): rows lo ≤ Σ val·y ≤ hi, each variable's upper bound (item n) and true
 * count, and each target's variables.
 */
export function indicatorEquations(input: ValueInput): { rows: readonly Row[]; upper: Float64Array; trueY: Float64Array; targets: { id: string; vars: number[] }[] } {
  const m = new IndicatorModel(undefined as unknown as Highs, input);
  m.build();
  return { rows: m.rows, upper: m.upper, trueY: m.trueY, targets: m.targets.map((t) => ({ id: t.cell.id, vars: t.vars })) };
}

/** Outer bounds of every variable by bound propagation over all rows (see `propagateBounds`). */
export function propagatedBounds(eq: ReturnType<typeof indicatorEquations>): Bounds {
  const rowsOfVar = Array.from({ length: eq.upper.length }, () => [] as number[]);
  eq.rows.forEach((r, i) => { for (const k of r.idx) rowsOfVar[k]!.push(i); });
  return propagateBounds(eq.rows, new Uint8Array(eq.rows.length).fill(1), eq.upper, rowsOfVar);
}

/**
 * Audits one indicator: every suppressed cell about fewer than `threshold` people keeps an
 * attacker interval of width ≥ 1 for its count, also for an insider.
 */
export async function auditValues(input: ValueInput, opts: { exact?: boolean } = {}): Promise<ValueReport> {
  highsPromise ??= loadHighs();
  const lp = new IndicatorModel(await highsPromise, input);
  if (!lp.build()) return { ok: true, failures: [], targets: 0, lpSolves: 0 };
  const failures = lp.check(opts.exact ?? false);
  return {
    ok: failures.length === 0,
    failures,
    targets: lp.targets.length,
    earlier: lp.earlierSettled,
    lpSolves: lp.lpSolves,
    ...(opts.exact ? { intervals: new Map(lp.targets.map((t) => [t.cell.id, [round(t.lo), round(t.hi)] as const])) } : {}),
  };
}

export interface ProtectOptions {
  /** Cells (or extra sums) that may be withdrawn for this indicator (the release's own). */
  readonly candidates: readonly (CellSpec | ExtraSum)[];
  /**
   * What withdrawing a cell costs (relative loss; the protection minimises the sum over the cells
   * it withdraws). Keep it within about 1..1e6: it is an LP objective. `withdrawalCost` is the
   * product's choice.
   */
  readonly cost: (cell: CellSpec | ExtraSum) => number;
  /** Safety stop: passes of check → certificates (default 6). */
  readonly maxPasses?: number;
  /** Structures of at least this many counts share one certificate model (default LARGE_STRUCTURE; tests: 1). */
  readonly largeStructure?: number;
}

export interface ProtectResult {
  /** Cells withdrawn for this indicator, in the order chosen. */
  readonly withdrawn: readonly string[];
  /** Passes of check → certificates. */
  readonly rounds: number;
  readonly lpSolves: number;
  /** Failures that remain (no withdrawal of candidates frees them). */
  readonly remaining: readonly ValueFailure[];
  /**
   * Counts no withdrawal can free (decision 049): pinned (or open to an insider) even with every
   * candidate withdrawn (`lo`/`hi`: their interval then, an outer bound of any outcome's).
   * Non-empty means the protection stopped there: the indicator's audit cannot pass, whatever
   * else is withdrawn.
   */
  readonly unfreeable: readonly ValueFailure[];
  /** The certificates, as `hints` for the audit (which verifies them). */
  readonly points: readonly ReadonlyMap<string, number>[];
  /** Where the time went (benchmarks). */
  readonly stats?: {
    propagations: number; propagateMs: number; lpMs: number; certificates: number; certificateMs: number; settledByPoints: number; settledByHints: number; limitSolves: number; limitCuts: number;
    /** Building the equations; the first (cold) solve of each component model of the check. */
    buildMs: number; componentFirstMs: number;
    /** Certificates over structures of at least LARGE_STRUCTURE counts, their time, and the first solve of each structure's model. */
    largeCertificates: number; largeCertificateMs: number; structureFirstMs: number;
  };
}

/**
 * The product's cost of withdrawing one cell for one indicator: the organisation's and branches'
 * figures are read first (a cell at depth d costs 2^(4−d), deeper ones 1), a unit's `all` column
 * more than one group, a victims count (which hides every victims row of its cell) ten times
 * more, larger groups a little more than small ones; `lastResort` cells (the organisation's own
 * total) a thousand times more.
 */
export function withdrawalCost(cell: { readonly id: string; readonly column: string; readonly depth?: number }, n: number, lastResort = false): number {
  const depth = Math.min(cell.depth ?? 0, 4);
  return 4 ** (4 - depth) * (cell.column === 'all' ? 3 : 1) * (cell.id.startsWith('v:') ? 10 : 1) * (lastResort ? 1000 : 1) * (1 + Math.log2(1 + n) / 4);
}

/**
 * Structures of at least this many counts share one certificate model (the whole indicator's, with
 * the counts outside the structure held at their true values) instead of one each; `stats` counts
 * their certificates apart.
 */
const LARGE_STRUCTURE = 4096;

/** Certificates that withdraw something before the protection sweeps for what they freed. */
const SWEEP_AFTER = 20;

/** A feasible point of the LP relaxation, as its differences from the true counts. */
type Point = Map<number, number>;

/**
 * Per-indicator suppression by certificates (decision 048). The exact check names the targets
 * whose count is pinned (or open to an insider). For each, the protection decides which way the
 * count must be able to move (up to y + 1 and/or down to y − 1: together these satisfy the pinned
 * and the insider test) and solves one small LP that finds the cheapest way to get there: the
 * counts of the cells around the target are free within [0, n], every structural equation and
 * every published cell that may not be withdrawn holds exactly, and every candidate cell may
 * deviate from its published count at its cost per unit of deviation. The cells that deviate at
 * the optimum are withdrawn; the LP's solution is then a feasible point of the attacker's LP in
 * which the target has moved: a certificate that stays valid, since later withdrawals only relax
 * the equations. Certificates settle other targets too. "Around" is the smallest published
 * structure that contains the target (its parent's blocks, every column), widened to the next
 * larger one when no point exists there; fixing the counts outside at their true values only
 * restricts the LP, so a point found there is a point of the whole. The exact check runs again on
 * what certificates did not settle; the audit (`auditValues`) re-checks everything from scratch.
 */
export async function protectIndicator(input: ValueInput, opts: ProtectOptions): Promise<ProtectResult> {
  valueTrace.onProtect?.(input, opts);
  highsPromise ??= loadHighs();
  const highs = await highsPromise;
  const lp = new IndicatorModel(highs, input);
  const withdrawn: string[] = [];
  if (!lp.build()) return { withdrawn, rounds: 0, lpSolves: 0, remaining: [], unfreeable: [], points: [] };
  const published = new Set([...input.published, ...(input.extra ?? []).map((e) => e.id)]);
  const points: Point[] = [];
  const cands = opts.candidates.filter((c) => published.has(c.id));
  const candOfRow = new Map<number, number>();
  cands.forEach((c, i) => { for (const r of lp.cellRow.get(c.id) ?? []) candOfRow.set(r, i); });
  const candCost = cands.map((c) => Math.max(1e-3, opts.cost(c)));
  // Blocks of each variable, variables of each block, and the structures (block sets of the
  // grid's cells) that contain a block, smallest first.
  const blockVars = new Map<string, number[]>();
  lp.varBlock.forEach((b, k) => { const l = blockVars.get(b); if (l) l.push(k); else blockVars.set(b, [k]); });
  const containing = new Map<string, (readonly string[])[]>();
  const seenSets = new Set<string>();
  for (const c of input.grid.cells) {
    if (c.column !== 'all') continue;
    const key = [...c.blocks].sort().join(',');
    if (seenSets.has(key)) continue;
    seenSets.add(key);
    for (const b of c.blocks) { const l = containing.get(b); if (l) l.push(c.blocks); else containing.set(b, [c.blocks]); }
  }
  for (const l of containing.values()) l.sort((a, b) => a.length - b.length);
  /**
   * The structures around a target, smallest first (its parent's blocks, its grandparent's, …),
   * then every variable: each with its variables and its blocks (undefined for the last).
   */
  type Step = { vars: number[]; blocks?: ReadonlySet<string> };
  const stepOf = new Map<readonly string[], Step>();
  const everything: Step = { vars: Array.from({ length: lp.upper.length }, (_, k) => k) };
  const ladders = new Map<string, Step[]>();
  const ladder = (t: Target): Step[] => {
    const own = [...new Set(t.vars.map((k) => lp.varBlock[k]!))].sort();
    const key = own.join(',');
    const cached = ladders.get(key);
    if (cached) return cached;
    const out: Step[] = [];
    let last = own.length;
    for (const set of containing.get(own[0]!) ?? []) {
      if (set.length <= last) continue;
      const members = new Set(set);
      if (!own.every((b) => members.has(b))) continue;
      last = set.length;
      let step = stepOf.get(set);
      if (!step) { step = { vars: set.flatMap((b) => blockVars.get(b) ?? []), blocks: members }; stepOf.set(set, step); }
      out.push(step);
    }
    if (out.length === 0 || last < blockVars.size) out.push(everything);
    ladders.set(key, out);
    return out;
  };
  const candBlocks = cands.map((c) => new Set(c.blocks));
  /**
   * The cheapest certificate over the ladder: a solution that changes no cell containing the whole
   * structure trades inside it, and a larger structure can hardly do better; one that changes
   * such a cell (the change leaves the structure) may be routed around it in a larger structure,
   * so the ladder goes on and the cheapest solution is kept.
   */
  /*
   * A level outside the count's propagated bounds in the limit (decision 049: every candidate
   * withdrawn) is out of reach whatever is withdrawn: every certificate LP lies within the limit
   * (its candidates may deviate, its other rows hold), so no LP is needed. Otherwise a step
   * without any point goes on to the next larger structure; when the global step has no point
   * either, no withdrawal of candidates lets the count reach `level` (every candidate may already
   * deviate there; withdrawing only makes that free). Both are final: remembered per target, side
   * and level. (Jumping straight to the global step after the first empty one, as before, cost
   * ~2 s per LP on the defence window, most of them for levels the limit's bounds exclude.)
   */
  const unreachable = new Set<string>();
  let limitCuts = 0;
  const cheapest = (t: Target, side: 'up' | 'down', level: number) => {
    const key = `${t.cell.id}\u0000${side}\u0000${level}`;
    if (unreachable.has(key)) return undefined;
    const L = limitOf();
    let reach = 0;
    for (const k of t.vars) reach += side === 'up' ? L.hi[k]! : L.lo[k]!;
    if (side === 'up' ? reach < level - EPS : reach > level + EPS) {
      unreachable.add(key);
      limitCuts++;
      return undefined;
    }
    let best: { point: Point; cells: number[]; cost: number } | undefined;
    const steps = ladder(t);
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s]!;
      const found = certify(t, side, level, step.vars);
      if (found) {
        const cost = found.cells.reduce((sum, i) => sum + candCost[i]!, 0);
        if (!best || cost < best.cost - 1e-9) best = { ...found, cost };
      } else if (!best) {
        if (s === steps.length - 1 && proven) unreachable.add(key);
        continue;
      }
      const blocks = step.blocks;
      if (best && (!blocks || !best.cells.some((i) => candBlocks[i]!.size >= blocks.size && [...blocks].every((b) => candBlocks[i]!.has(b))))) break;
    }
    return best;
  };
  const targetsOfVar: Target[][] = Array.from({ length: lp.upper.length }, () => []);
  for (const t of lp.targets) for (const k of t.vars) targetsOfVar[k]!.push(t);
  // Lowest and highest count of each target seen at the certificates (feasible points).
  const seenLo = new Map<Target, number>();
  const seenHi = new Map<Target, number>();
  // A point's differences, dense while it is recorded; targets already recorded for it carry its number.
  const dense = new Float64Array(lp.upper.length);
  const recordedAt = new Int32Array(lp.targets.length);
  let recorded = 0;
  const record = (point: Point) => {
    points.push(point);
    recorded++;
    for (const [k, d] of point) dense[k] = d;
    for (const k of point.keys()) {
      for (const t of targetsOfVar[k]!) {
        if (recordedAt[t.index] === recorded) continue;
        recordedAt[t.index] = recorded;
        let v = t.y;
        for (const q of t.vars) v += dense[q]!;
        if (v < (seenLo.get(t) ?? t.y)) seenLo.set(t, v);
        if (v > (seenHi.get(t) ?? t.y)) seenHi.set(t, v);
      }
    }
    for (const k of point.keys()) dense[k] = 0;
  };
  // Every optimum of the exact check is a feasible point too: it settles targets after later
  // withdrawals (which only relax the equations) and goes to the audit as a hint.
  lp.onPoint = record;
  let certificates = 0;
  let certificateMs = 0;
  let largeCertificates = 0;
  let largeCertificateMs = 0;
  let structureFirstMs = 0;
  let settledByPoints = 0;
  /**
   * The cheapest withdrawals that let target t reach `level` (side up: ≥, down: ≤) within the
   * variables `vars`; undefined when no point exists there.
   */
  /**
   * One LP per structure, built once and kept warm across targets: the structure's counts free
   * within [0, n], every row touching them (counts outside it at their true values), deviation
   * columns d+ and d− on the rows of candidate cells (cost: the cell's), and one target row whose
   * coefficients and bound change per target. A cell withdrawn later gets deviation cost 0 (its
   * row no longer binds anything).
   *
   * Each count y is written as its true value plus two columns, y = y₀ + p − m with p ∈ [0, n − y₀]
   * and m ∈ [0, y₀] (the same LP: y ranges over [0, n]). At the starting basis every column is at
   * 0, so the LP starts at the true counts: every row holds and the objective is at its lower
   * bound 0; only the target row is violated, by one count, and the dual simplex walks from there
   * to the nearest exchange. With y itself as the column, the start put every count at 0, far
   * from every row: the first solve of the indicator's model of every count took 2.5–3 s cold on
   * the defence window 2017–2020 (bench/RESULTS.md, session 16).
   */
  interface StructureLp {
    model: ReturnType<Highs['createModel']>;
    vars: readonly number[];
    localOf: Map<number, number>;
    /** Candidate index of each deviation pair (columns 2nx + 2i, 2nx + 2i + 1; p is column i, m column nx + i). */
    softCand: number[];
    targetRow: number;
    targetCols: number[];
    /** Candidates already made free in this model. */
    freed: Set<number>;
    /** Whether the model was solved once (benchmarks: the first solve is cold). */
    solved?: boolean;
    /** The shared model of large structures: 1 for the counts free in it now, 0 for those held. */
    inside?: Uint8Array;
  }
  const structures = new Map<readonly number[], StructureLp>();
  const freedAll = new Set<number>();
  const structureLp = (vars: readonly number[]): StructureLp => {
    const cached = structures.get(vars);
    if (cached) return cached;
    const localOf = new Map<number, number>();
    vars.forEach((k, i) => localOf.set(k, i));
    const rowSet = new Set<number>();
    for (const k of vars) for (const r of lp.rowsOfVar[k]!) if (lp.active[r]) rowSet.add(r);
    const rows = [...rowSet];
    const nx = vars.length;
    const softCand: number[] = [];
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    for (const r of rows) {
      const row = lp.rows[r]!;
      let constant = 0;
      const entries: [number, number][] = [];
      for (let i = 0; i < row.idx.length; i++) {
        const k = row.idx[i]!;
        const l = localOf.get(k);
        // Every count contributes its true value to the constant (outside: it is held there).
        constant += row.val[i]! * lp.trueY[k]!;
        if (l !== undefined) entries.push([l, row.val[i]!], [nx + l, -row.val[i]!]);
      }
      const c = candOfRow.get(r);
      if (c !== undefined && published.has(cands[c]!.id)) {
        const d = 2 * nx + 2 * softCand.length;
        softCand.push(c);
        entries.push([d, -1], [d + 1, 1]);
      }
      entries.sort((x, y) => x[0] - y[0]);
      for (const [l, v] of entries) { indices.push(l); values.push(v); }
      starts.push(indices.length);
      rowLower.push(row.lo - constant);
      rowUpper.push(row.hi - constant);
    }
    // The target row: empty until a target is set.
    starts.push(indices.length);
    rowLower.push(-highs.infinity);
    rowUpper.push(highs.infinity);
    const numCols = 2 * nx + 2 * softCand.length;
    const colCost = new Float64Array(numCols);
    const freed = new Set<number>();
    softCand.forEach((c, i) => {
      const w = freedAll.has(c) ? 0 : candCost[c]!;
      if (w === 0) freed.add(c);
      colCost[2 * nx + 2 * i] = w;
      colCost[2 * nx + 2 * i + 1] = w;
    });
    const colUpper = new Float64Array(numCols).fill(highs.infinity);
    vars.forEach((k, i) => { colUpper[i] = lp.upper[k]! - lp.trueY[k]!; colUpper[nx + i] = lp.trueY[k]!; });
    const model = highs.createModel({
      numCols, numRows: rows.length + 1, colCost, colLower: new Float64Array(numCols), colUpper, rowLower, rowUpper,
      matrix: { format: 'csr', numRows: rows.length + 1, numCols, starts, indices, values },
    });
    model.options.set({ output_flag: false, presolve: 'off' });
    const s: StructureLp = { model, vars, localOf, softCand, targetRow: rows.length, targetCols: [], freed };
    structures.set(vars, s);
    return s;
  };
  /**
   * The cheapest withdrawals that let target t reach `level` (side up: ≥, down: ≤) within the
   * variables `vars`; undefined when no point exists there.
   */
  /** Frees the counts of `vars` in the shared model of every count and holds the others at their true values. */
  const restrict = (st: StructureLp, vars: readonly number[]): void => {
    const n = st.vars.length;
    const want = new Uint8Array(n);
    for (const k of vars) want[k] = 1;
    const inside = (st.inside ??= new Uint8Array(n).fill(1));
    // A count held at its true value: p and m both in [0, 0] (HiGHS wants the columns in order:
    // every p, then every m).
    const idx: number[] = [];
    const upper: number[] = [];
    const mUpper: number[] = [];
    for (let k = 0; k < n; k++) {
      if (want[k] === inside[k]) continue;
      inside[k] = want[k]!;
      idx.push(k);
      upper.push(want[k] ? lp.upper[k]! - lp.trueY[k]! : 0);
      mUpper.push(want[k] ? lp.trueY[k]! : 0);
    }
    if (idx.length === 0) return;
    const cols = [...idx, ...idx.map((k) => n + k)];
    st.model.changeColsBounds({ kind: 'set', indices: cols }, cols.map(() => 0), [...upper, ...mUpper]);
  };
  /** Whether the last `certify` without a point proved its LP infeasible (not a solver error). */
  let proven = false;
  const certify = (t: Target, side: 'up' | 'down', level: number, vars: readonly number[]): { point: Point; cells: number[] } | undefined => {
    const t0 = performance.now();
    // A large structure is solved in the model of every count, with the counts outside it held at
    // their true values: the same LP as a model of its own (a row that reaches no count of the
    // structure is then a constant the true counts satisfy), but warm. Each large structure's own
    // model cost its first solve cold: 1–3 s for 6,000–12,600 counts on the defence window
    // 2017–2020, up to four of them per indicator (bench/RESULTS.md, session 15).
    const large = vars.length >= (opts.largeStructure ?? LARGE_STRUCTURE);
    const st = structureLp(large ? everything.vars : vars);
    const { model } = st;
    const nx = st.vars.length;
    if (large) restrict(st, vars);
    // Cells withdrawn since the model was built: their deviation is free.
    const newlyFreed: number[] = [];
    st.softCand.forEach((c, i) => { if (freedAll.has(c) && !st.freed.has(c)) { st.freed.add(c); newlyFreed.push(2 * nx + 2 * i, 2 * nx + 2 * i + 1); } });
    if (newlyFreed.length > 0) model.changeColsCost({ kind: 'set', indices: newlyFreed }, newlyFreed.map(() => 0));
    for (const l of st.targetCols) model.changeCoefficient(st.targetRow, l, 0);
    // Σ (p − m) over the target's counts reaches level − y (its true count).
    const own = t.vars.map((k) => st.localOf.get(k)!);
    st.targetCols = [...own, ...own.map((l) => nx + l)];
    for (const l of own) { model.changeCoefficient(st.targetRow, l, 1); model.changeCoefficient(st.targetRow, nx + l, -1); }
    const move = level - t.y;
    model.changeRowBounds(st.targetRow, side === 'up' ? move : -highs.infinity, side === 'up' ? highs.infinity : move);
    proven = false;
    try {
      lp.lpSolves++;
      certificates++;
      // A warm start that HiGHS rejects (it can after an infeasible solve) is retried cold once;
      // a second failure counts as "no point here" (the ladder goes on; the audit decides).
      try {
        model.run();
      } catch {
        model.clearSolver();
        try { model.run(); } catch { model.clearSolver(); return undefined; }
      }
      const status = model.getModelStatus();
      if (status !== highs.constants.modelStatus.optimal) { proven = status === highs.constants.modelStatus.infeasible; model.clearSolver(); return undefined; }
      const x = model.getSolution().colValue;
      const point: Point = new Map();
      st.vars.forEach((k, i) => { const dv = x[i]! - x[nx + i]!; if (Math.abs(dv) > 1e-9) point.set(k, dv); });
      const cells = new Set<number>();
      st.softCand.forEach((c, i) => { if (!freedAll.has(c) && x[2 * nx + 2 * i]! + x[2 * nx + 2 * i + 1]! > 1e-7) cells.add(c); });
      return { point, cells: [...cells] };
    } finally {
      const ms = performance.now() - t0;
      certificateMs += ms;
      if (!st.solved) { structureFirstMs += ms; st.solved = true; }
      if (nx >= LARGE_STRUCTURE) { largeCertificates++; largeCertificateMs += ms; }
    }
  };
  /** Which way the count must be able to move so that `verdict` passes. */
  const sides = (t: Target): ('up' | 'down')[][] => {
    const lo = seenLo.get(t) ?? t.y;
    const hi = seenHi.get(t) ?? t.y;
    const plans: ('up' | 'down')[][] = [];
    if (t.y < t.n && verdict(t, lo, Math.max(hi, t.y + 1)) === null) plans.push(['up']);
    if (t.y > 0 && verdict(t, Math.min(lo, t.y - 1), hi) === null) plans.push(['down']);
    plans.push(['up', 'down'].filter((s) => (s === 'up' ? t.y < t.n : t.y > 0)) as ('up' | 'down')[]);
    return plans;
  };
  let rounds = 0;
  /**
   * Frees one target: for each side its plan needs, the cheapest certificate (one that withdraws
   * nothing when the count can already move: the smallest structure's optimum then costs 0).
   */
  /** Withdraws a certificate's cells and records its point. */
  const take = (found: { point: Point; cells: number[] }): void => {
    for (const i of found.cells) {
      const c = cands[i]!;
      freedAll.add(i);
      published.delete(c.id);
      lp.unpublish(c.id);
      withdrawn.push(c.id);
    }
    record(found.point);
  };
  const free = (t: Target): void => {
    let blocked = false;
    for (const plan of sides(t)) {
      let ok = true;
      for (const side of plan) {
        const level = side === 'up' ? t.y + 1 : t.y - 1;
        if (side === 'up' ? (seenHi.get(t) ?? t.y) >= level - EPS : (seenLo.get(t) ?? t.y) <= level + EPS) continue;
        const found = cheapest(t, side, level);
        if (!found) { ok = false; if (unreachable.has(`${t.cell.id}\u0000${side}\u0000${level}`)) blocked = true; break; }
        take(found);
      }
      if (ok) return;
    }
    // A count with fractional extremes (weighted values) needs width, not an integer: with the
    // other extreme already seen at a feasible point, the nearest level that gives width 1 may be
    // reachable where the integers are not (seen in a weighted window: [3.29, 4.22] around 4,
    // neither 5 nor 3 reachable, width 1 in the limit).
    const seenL = seenLo.get(t) ?? t.y;
    const seenH = seenHi.get(t) ?? t.y;
    for (const [side, level] of [['up', seenL + 1 + 1e-6], ['down', seenH - 1 - 1e-6]] as const) {
      if (side === 'up' ? level >= t.y + 1 - EPS || level > t.n : level <= t.y - 1 + EPS || level < 0) continue;
      if (verdict(t, side === 'up' ? seenL : level, side === 'up' ? level : seenH) !== null) continue;
      const found = cheapest(t, side, level);
      if (!found) continue;
      take(found);
      return;
    }
    // No plan works and a side is out of reach whatever is withdrawn: does the count fail even
    // with every candidate withdrawn? Then the audit cannot pass: stop (decision 049).
    if (blocked) { const f = failsInLimit(t, true); if (f) unfreeable.push(f); }
  };
  /*
   * The limit (decision 049): every candidate withdrawn. Any outcome of the protection keeps some
   * of those rows, so its attacker interval for a target lies within the limit's. A target that is
   * not exempt now (withdrawals only take stating cells away) and that fails in the limit (see
   * `failsInLimit`) fails in every outcome: the audit fails on it whatever is withdrawn.
   */
  let limit: { active: Uint8Array; lo: Float64Array; hi: Float64Array; model?: ReturnType<Highs['createModel']> } | undefined;
  let limitSolves = 0;
  const limitOf = () => {
    if (limit) return limit;
    const active = Uint8Array.from(lp.active);
    for (const c of cands) for (const r of lp.cellRow.get(c.id) ?? []) active[r] = 0;
    const t0 = performance.now();
    const { lo, hi } = propagateBounds(lp.rows, active, lp.upper, lp.rowsOfVar);
    lp.propagations++;
    lp.millis.propagate += performance.now() - t0;
    limit = { active, lo, hi };
    return limit;
  };
  /**
   * The limit's exact min and max of a target's count (one LP model over every variable);
   * undefined when the solver fails (then nothing is decided).
   */
  const limitExact = (t: Target): [number, number] | undefined => {
    const L = limitOf();
    if (!L.model) {
      const starts = [0];
      const indices: number[] = [];
      const values: number[] = [];
      const rowLower: number[] = [];
      const rowUpper: number[] = [];
      for (let r = 0; r < lp.rows.length; r++) {
        if (!L.active[r]) continue;
        const row = lp.rows[r]!;
        const entries = [...row.idx].map((k, i) => [k, row.val[i]!] as const).sort((a, b) => a[0] - b[0]);
        for (const [k, v] of entries) { indices.push(k); values.push(v); }
        starts.push(indices.length);
        rowLower.push(row.lo);
        rowUpper.push(row.hi);
      }
      const numCols = lp.upper.length;
      L.model = highs.createModel({
        numCols, numRows: rowLower.length, colCost: new Float64Array(numCols),
        // Propagated bounds are implied by the rows (outer bounds of the feasible set).
        colLower: Float64Array.from(L.lo, (v) => Math.max(0, v - FIXED)),
        colUpper: Float64Array.from(L.hi, (v, k) => Math.min(lp.upper[k]!, v + FIXED)),
        rowLower, rowUpper, matrix: { format: 'csr', numRows: rowLower.length, numCols, starts, indices, values },
      });
      L.model.options.set({ output_flag: false });
    }
    const m = L.model;
    const vars = [...t.vars].sort((a, b) => a - b);
    m.changeColsCost({ kind: 'set', indices: vars }, vars.map(() => 1));
    const out: number[] = [];
    try {
      for (const sense of [highs.constants.objectiveSense.minimize, highs.constants.objectiveSense.maximize]) {
        m.changeObjectiveSense(sense);
        lp.lpSolves++;
        limitSolves++;
        // A rejected warm start is retried cold once; a second failure decides nothing.
        try { m.run(); } catch { m.clearSolver(); m.run(); }
        if (m.getModelStatus() !== highs.constants.modelStatus.optimal) return undefined;
        out.push(m.getObjectiveValue());
      }
    } catch {
      m.clearSolver();
      return undefined;
    } finally {
      m.changeColsCost({ kind: 'set', indices: vars }, vars.map(() => 0));
    }
    return [out[0]!, out[1]!];
  };
  /**
   * Whether the target fails in the limit: pinned (narrower than 1), or, when no published cell
   * states any of its members now (withdrawals only take such cells away, and `verdict` is then
   * monotone in the interval), open to an insider. By propagation; `exact`: else by LP.
   */
  const failsInLimit = (t: Target, exact: boolean): ValueFailure | undefined => {
    const judge = (l: number, h: number): ValueFailure | undefined => {
      const check = h - l < 1 - EPS ? 'pinned' : t.sn === 0 && t.sy === 0 ? verdict(t, l, h) : null;
      return check ? { cellId: t.cell.id, respondents: t.respondents, n: t.n, count: t.y, lo: round(l), hi: round(h), check } : undefined;
    };
    const L = limitOf();
    let l = 0;
    let h = 0;
    for (const k of t.vars) { l += L.lo[k]!; h += L.hi[k]!; }
    const outer = judge(l, h);
    if (outer || !exact) return outer;
    const inner = limitExact(t);
    return inner && judge(...inner);
  };
  const unfreeable: ValueFailure[] = [];
  const settleByPoints = () => {
    for (const t of lp.targets) {
      if (t.settled || (!seenLo.has(t) && !seenHi.has(t))) continue;
      if (verdict(t, seenLo.get(t) ?? t.y, seenHi.get(t) ?? t.y) === null) { t.settled = true; settledByPoints++; }
    }
  };
  const targetOf = new Map(lp.targets.map((t) => [t.cell.id, t]));
  const maxPasses = opts.maxPasses ?? 6;
  // First pass: propagation and the shared objectives only (no LP per target). Targets
  // propagation pins, and the ones the shared objectives leave open (most of them are pinned
  // too), get their cheapest certificates; the exact check then runs on what the points did not
  // settle.
  const open: Target[] = [];
  let failures = lp.check(false, open);
  const finish = (): ProtectResult => {
    for (const st of structures.values()) st.model.dispose();
    limit?.model?.dispose();
    return {
      withdrawn, rounds, lpSolves: lp.lpSolves, remaining: failures, unfreeable,
      points: points.map((pt) => new Map([...pt].map(([k, d]) => [`${lp.varBlock[k]!}\u0000${lp.varColumn[k]!}`, lp.trueY[k]! + d]))),
      stats: {
        propagations: lp.propagations, propagateMs: Math.round(lp.millis.propagate), lpMs: Math.round(lp.millis.lp), certificates, certificateMs: Math.round(certificateMs), settledByPoints, settledByHints: lp.hintSettled, limitSolves, limitCuts,
        buildMs: Math.round(lp.millis.build), componentFirstMs: Math.round(lp.millis.componentFirst), largeCertificates, largeCertificateMs: Math.round(largeCertificateMs), structureFirstMs: Math.round(structureFirstMs),
      },
    };
  };
  // Refuse fast (decision 049): counts the limit's propagation already pins cannot be freed.
  if (failures.length > 0) {
    for (const f of failures) { const u = failsInLimit(targetOf.get(f.cellId)!, false); if (u) unfreeable.push(u); }
    if (unfreeable.length > 0) return finish();
  }
  for (const t of open) {
    if (t.lo < (seenLo.get(t) ?? t.y)) seenLo.set(t, t.lo);
    if (t.hi > (seenHi.get(t) ?? t.y)) seenHi.set(t, t.hi);
  }
  // Certificates for the pinned counts, in chunks: after every SWEEP_AFTER of them that withdrew
  // something, one sweep (propagation only, no LP) takes the counts those withdrawals freed
  // together off the queue, instead of one certificate each; the counts it no longer shows pinned
  // wait for the last sweep, which adds the shared objectives (no LP per target), and then get
  // certificates like the counts the first check left open. (On the small demo's window
  // 2020–2023, indicators 70–79: 3,044 LPs without the sweeps, 1,954 with. On the defence window
  // 2017–2020, sv_experienced/any: the shared objectives in each of 41 sweeps cost 19 s of 94.)
  const sweep = (shared: boolean): Target[] => {
    settleByPoints();
    const o: Target[] = [];
    const pinned = lp.check(false, o, shared).map((f) => targetOf.get(f.cellId)!);
    for (const t of o) {
      if (t.lo < (seenLo.get(t) ?? t.y)) seenLo.set(t, t.lo);
      if (t.hi > (seenHi.get(t) ?? t.y)) seenHi.set(t, t.hi);
    }
    open.length = 0;
    for (const t of o) open.push(t);
    return pinned;
  };
  let queue = failures.map((f) => targetOf.get(f.cellId)!);
  while (queue.length > 0) {
    let paid = 0;
    let i = 0;
    for (; i < queue.length && paid < SWEEP_AFTER; i++) {
      const t = queue[i]!;
      if (verdict(t, seenLo.get(t) ?? t.y, seenHi.get(t) ?? t.y) === null) continue;
      const before = withdrawn.length;
      free(t);
      if (unfreeable.length > 0) return finish();
      if (withdrawn.length > before) paid++;
    }
    if (i >= queue.length) break;
    queue = sweep(false);
  }
  for (const t of sweep(true)) {
    if (verdict(t, seenLo.get(t) ?? t.y, seenHi.get(t) ?? t.y) !== null) free(t);
    if (unfreeable.length > 0) return finish();
  }
  for (const t of [...open]) {
    if (verdict(t, seenLo.get(t) ?? t.y, seenHi.get(t) ?? t.y) !== null) free(t);
    if (unfreeable.length > 0) return finish();
  }
  settleByPoints();
  failures = lp.check();
  while (failures.length > 0 && rounds < maxPasses) {
    rounds++;
    let progress = false;
    for (const f of failures) {
      const t = targetOf.get(f.cellId)!;
      // (A target no candidate frees stays in the next check's failures.)
      if (verdict(t, seenLo.get(t) ?? t.y, seenHi.get(t) ?? t.y) === null) continue;
      const before = withdrawn.length;
      free(t);
      if (unfreeable.length > 0) return finish();
      if (withdrawn.length > before || verdict(t, seenLo.get(t) ?? t.y, seenHi.get(t) ?? t.y) === null) progress = true;
    }
    settleByPoints();
    if (!progress) break;
    failures = lp.check();
  }
  return finish();
}
