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
  readonly lpSolves: number;
  /** Exact [lo, hi] per target, with `exact`. */
  readonly intervals?: ReadonlyMap<string, readonly [number, number]>;
}

let highsPromise: Promise<Highs> | undefined;
const EPS = 1e-6;

interface Target {
  readonly cell: CellSpec;
  readonly vars: number[];
  readonly respondents: number;
  readonly n: number;
  readonly y: number;
  lo: number;
  hi: number;
}

/** Whether an interval [lo, hi] of a target is wide enough (pinned and insider tests). */
function verdict(t: Target, lo: number, hi: number): 'pinned' | 'insider' | null {
  if (hi - lo < 1 - EPS) return 'pinned';
  if (t.n >= 2) {
    if (t.y >= 1 && hi - Math.max(lo, 1) < 1 - EPS) return 'insider';
    if (t.n - t.y >= 1 && Math.min(hi, t.n - 1) - lo < 1 - EPS) return 'insider';
  }
  return null;
}

/** A reusable LP of one indicator: rows of published cells can be switched off (suppressed). */
class IndicatorLp {
  readonly targets: Target[] = [];
  private readonly cellRow = new Map<string, number[]>();
  private readonly cellVars = new Map<string, number[]>();
  /** Published cells whose count is 0 (or n): they state it of every member. */
  private readonly stating = new Map<string, { vars: number[]; zero: boolean }>();
  private model: ReturnType<Highs['createModel']> | undefined;
  private costed: number[] = [];
  lpSolves = 0;

  constructor(
    private readonly highs: Highs,
    readonly input: ValueInput,
  ) {}

  /** Builds the model; returns false when there is nothing to check. */
  build(): boolean {
    const { grid, values, threshold, published } = this.input;
    const columns = columnsOf(grid);
    const blockCount = new Map(grid.blocks.map((b) => [b.id, b.counts]));
    const varOf = new Map<string, number>();
    const colUpper: number[] = [];
    const trueY: number[] = [];
    for (const b of grid.blocks) {
      const v = values.get(b.id);
      if (!v) continue;
      for (const c of columns) {
        const n = v.n[c] ?? 0;
        if (n > 0) {
          varOf.set(`${b.id}\u0000${c}`, colUpper.length);
          colUpper.push(n);
          trueY.push(v.y[c] ?? 0);
        }
      }
    }
    const varsOf = (blocks: readonly string[], column: string): number[] => {
      const out: number[] = [];
      for (const b of blocks) {
        const k = varOf.get(`${b}\u0000${column}`);
        if (k !== undefined) out.push(k);
      }
      return out.sort((a, b) => a - b);
    };
    const rows: { idx: number[]; val: number[]; lo: number; hi: number }[] = [];
    for (const b of grid.blocks) {
      for (const d of grid.dimensions) {
        const all = varOf.get(`${b.id}\u0000all`);
        const idx: number[] = [];
        const val: number[] = [];
        if (all !== undefined) {
          idx.push(all);
          val.push(1);
        }
        for (const g of d.groups) {
          const k = varOf.get(`${b.id}\u0000${d.name}:${g}`);
          if (k !== undefined) {
            idx.push(k);
            val.push(-1);
          }
        }
        if (idx.length > 1) rows.push({ idx, val, lo: 0, hi: 0 });
      }
    }
    const sumOf = (idx: number[]) => idx.reduce((s, k) => s + trueY[k]!, 0);
    const markStating = (id: string, blocks: readonly string[], column: string, idx: number[]) => {
      const s = sumOf(idx);
      const full = idx.reduce((t, k) => t + colUpper[k]!, 0);
      if (s !== 0 && s !== full) return;
      const vars: number[] = [];
      for (const b of blocks) for (const col of column === 'all' ? columns : [column]) {
        const k = varOf.get(`${b}\u0000${col}`);
        if (k !== undefined) vars.push(k);
      }
      this.stating.set(id, { vars, zero: s === 0 });
    };
    const decimals = this.input.decimals ?? 3;
    const half = 0.5 * 10 ** -decimals;
    for (const c of grid.cells) {
      if (!published.has(c.id)) continue;
      const idx = varsOf(c.blocks, c.column);
      if (idx.length === 0) continue;
      const rowIds: number[] = [];
      const s = sumOf(idx);
      // A published 0 (or 100%) states it of every member: such members are no target.
      markStating(c.id, c.blocks, c.column, idx);
      rowIds.push(rows.length);
      rows.push({ idx, val: idx.map(() => 1), lo: s, hi: s });
      const weights = this.input.weights?.(c);
      if (weights) {
        // Σ w·y / Σ w·n, published rounded to `decimals`.
        const w = c.blocks.flatMap((b) => {
          const k = varOf.get(`${b}\u0000${c.column}`);
          return k === undefined ? [] : [[k, weights.get(b) ?? 1] as const];
        });
        let wn = 0;
        let wy = 0;
        for (const [k, wk] of w) {
          wn += wk * colUpper[k]!;
          wy += wk * trueY[k]!;
        }
        if (wn > 0) {
          const v = Math.round((wy / wn) * 10 ** decimals) / 10 ** decimals;
          const sorted = [...w].sort((a, b) => a[0] - b[0]);
          rowIds.push(rows.length);
          rows.push({ idx: sorted.map(([k]) => k), val: sorted.map(([, wk]) => wk), lo: (v - half) * wn, hi: (v + half) * wn });
        }
      }
      this.cellRow.set(c.id, rowIds);
    }
    for (const e of this.input.extra ?? []) {
      const idx = varsOf(e.blocks, e.column);
      if (idx.length === 0) continue;
      const s = sumOf(idx);
      markStating(e.id, e.blocks, e.column, idx);
      this.cellRow.set(e.id, [rows.length]);
      rows.push({ idx, val: idx.map(() => 1), lo: s, hi: s });
    }
    // Targets: not published, about fewer than `threshold` people, not empty.
    for (const c of grid.cells) {
      if (published.has(c.id)) continue;
      let respondents = 0;
      for (const b of c.blocks) respondents += blockCount.get(b)?.[c.column] ?? 0;
      const vars = varsOf(c.blocks, c.column);
      let n = 0;
      let y = 0;
      for (const k of vars) {
        n += colUpper[k]!;
        y += trueY[k]!;
      }
      if (n === 0) continue;
      if (!((respondents > 0 && respondents < threshold) || n < threshold)) continue;
      this.targets.push({ cell: c, vars, respondents, n, y, lo: y, hi: y });
      this.cellVars.set(c.id, vars);
    }
    if (this.targets.length === 0) return false;

    const starts = [0];
    const indices: number[] = [];
    const vals: number[] = [];
    for (const r of rows) {
      for (let i = 0; i < r.idx.length; i++) {
        indices.push(r.idx[i]!);
        vals.push(r.val[i]!);
      }
      starts.push(indices.length);
    }
    const numCols = colUpper.length;
    this.model = this.highs.createModel({
      numCols,
      numRows: rows.length,
      colCost: new Float64Array(numCols),
      colLower: new Float64Array(numCols),
      colUpper: Float64Array.from(colUpper),
      rowLower: rows.map((r) => r.lo),
      rowUpper: rows.map((r) => r.hi),
      matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values: vals },
    });
    this.model.options.set({ output_flag: false });
    return true;
  }

  /** Stops publishing a cell's count in the model (its rows become free). */
  unpublish(cellId: string): void {
    const r = this.cellRow.get(cellId);
    if (!r || !this.model) return;
    this.model.changeRowsBounds({ kind: 'set', indices: r }, r.map(() => -this.highs.infinity), r.map(() => this.highs.infinity));
    this.cellRow.delete(cellId);
    this.stating.delete(cellId);
  }

  /** Targets whose count a published larger group already states (0 or 100% of every member). */
  private exempt(): Set<Target> {
    const zero = new Set<number>();
    const full = new Set<number>();
    for (const st of this.stating.values()) for (const k of st.vars) (st.zero ? zero : full).add(k);
    const out = new Set<Target>();
    for (const t of this.targets) if (t.vars.every((k) => zero.has(k)) || t.vars.every((k) => full.has(k))) out.add(t);
    return out;
  }

  private setObjective(weights: Map<number, number>): void {
    const m = this.model!;
    if (this.costed.length > 0) m.changeColsCost({ kind: 'set', indices: this.costed }, this.costed.map(() => 0));
    this.costed = [...weights.keys()].sort((a, b) => a - b);
    m.changeColsCost({ kind: 'set', indices: this.costed }, this.costed.map((k) => weights.get(k)!));
  }

  private solve(sense: 'min' | 'max'): number {
    const m = this.model!;
    const h = this.highs;
    m.changeObjectiveSense(sense === 'min' ? h.constants.objectiveSense.minimize : h.constants.objectiveSense.maximize);
    m.run();
    this.lpSolves++;
    const status = m.getModelStatus();
    if (status !== h.constants.modelStatus.optimal) throw new Error(`value audit: LP status ${status}`);
    const x = m.getSolution().colValue;
    for (const t of this.targets) {
      let v = 0;
      for (const k of t.vars) v += x[k] ?? 0;
      if (v < t.lo) t.lo = v;
      if (v > t.hi) t.hi = v;
    }
    return m.getObjectiveValue();
  }

  /**
   * Checks every target; the known feasible points settle most, the rest get their own LPs.
   * `screen`: no LPs of its own; a target the shared objectives did not move counts as failing
   * (used between rounds of `protectIndicator`, which the real check follows).
   */
  check(exact = false, screen = false): ValueFailure[] {
    for (const t of this.targets) {
      t.lo = Math.min(t.lo, t.y);
      t.hi = Math.max(t.hi, t.y);
    }
    const exempt = this.exempt();
    const open = () => this.targets.filter((t) => !exempt.has(t) && verdict(t, t.lo, t.hi) !== null);
    if (!exact) {
      for (let pass = 0; pass < 6; pass++) {
        const remaining = open();
        if (remaining.length <= (screen ? 0 : 2)) break;
        const weights = new Map<number, number>();
        for (const t of remaining) {
          const w = pass === 0 ? 1 : pass % 2 === 1 ? (hash(t.cell.id, pass) % 5) - 2 : 1 + (hash(t.cell.id, pass) % 5);
          for (const k of t.vars) weights.set(k, (weights.get(k) ?? 0) + w);
        }
        this.setObjective(weights);
        this.solve('min');
        this.solve('max');
        if (open().length === remaining.length && pass > 1) break;
      }
    }
    const failures: ValueFailure[] = [];
    for (const t of this.targets) {
      if (exempt.has(t) || (!exact && verdict(t, t.lo, t.hi) === null)) continue;
      if (!screen) {
        this.setObjective(new Map(t.vars.map((k) => [k, 1])));
        t.lo = Math.min(t.lo, this.solve('min'));
        if (exact || verdict(t, t.lo, t.hi) !== null) t.hi = Math.max(t.hi, this.solve('max'));
      }
      const v = verdict(t, t.lo, t.hi);
      if (v !== null) {
        failures.push({ cellId: t.cell.id, respondents: t.respondents, n: t.n, count: t.y, lo: round(t.lo), hi: round(t.hi), check: v });
      }
    }
    return failures;
  }

  dispose(): void {
    this.model?.dispose();
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
 * Audits one indicator: every suppressed cell about fewer than `threshold` people keeps an
 * attacker interval of width ≥ 1 for its count, also for an insider.
 */
export async function auditValues(input: ValueInput, opts: { exact?: boolean } = {}): Promise<ValueReport> {
  highsPromise ??= loadHighs();
  const lp = new IndicatorLp(await highsPromise, input);
  try {
    if (!lp.build()) return { ok: true, failures: [], targets: 0, lpSolves: 0 };
    const failures = lp.check(opts.exact ?? false);
    return {
      ok: failures.length === 0,
      failures,
      targets: lp.targets.length,
      lpSolves: lp.lpSolves,
      ...(opts.exact ? { intervals: new Map(lp.targets.map((t) => [t.cell.id, [round(t.lo), round(t.hi)] as const])) } : {}),
    };
  } finally {
    lp.dispose();
  }
}

export interface ProtectOptions {
  /** Cells (or extra sums) that may be withdrawn for this indicator (the release's own). */
  readonly candidates: readonly (CellSpec | ExtraSum)[];
  /** Lower = withdrawn first (e.g. deeper tiers, smaller groups). */
  readonly cost: (cell: CellSpec | ExtraSum) => number;
  /** Candidates withdrawn only when no other candidate near the pinned cell is left. */
  readonly lastResort?: (cell: CellSpec | ExtraSum) => boolean;
  /** Safety stop for the loop (default 50 rounds). */
  readonly maxRounds?: number;
}

export interface ProtectResult {
  /** Cells withdrawn for this indicator, in the order chosen. */
  readonly withdrawn: readonly string[];
  readonly rounds: number;
  readonly lpSolves: number;
  /** Failures that remain (withdrawing every candidate did not help). */
  readonly remaining: readonly ValueFailure[];
}

/**
 * Per-indicator suppression: while a target's count is pinned, withdraw the cheapest published
 * candidate that shares an equation with it and holds both a yes and a no (so a yes and a no
 * can trade places between the two cells), else the cheapest one that holds the answer that is
 * pinned. Every round re-checks with the LP; withdrawing only removes equations, so the loop
 * ends (at the latest when every candidate is withdrawn).
 */
export async function protectIndicator(input: ValueInput, opts: ProtectOptions): Promise<ProtectResult> {
  highsPromise ??= loadHighs();
  const lp = new IndicatorLp(await highsPromise, input);
  const withdrawn: string[] = [];
  try {
    if (!lp.build()) return { withdrawn, rounds: 0, lpSolves: 0, remaining: [] };
    const published = new Set([...input.published, ...(input.extra ?? []).map((e) => e.id)]);
    const dimOf = (col: string) => (col === 'all' ? null : col.slice(0, col.indexOf(':')));
    const cands = opts.candidates.filter((c) => published.has(c.id));
    const allBlocksOf = new Map<string, readonly string[]>();
    for (const c of input.grid.cells) if (published.has(c.id)) allBlocksOf.set(c.id, c.blocks);
    for (const e of input.extra ?? []) allBlocksOf.set(e.id, e.blocks);
    const livePublished = (id: string) => published.has(id);
    const blocksOf = new Map(cands.map((c) => [c.id, new Set(c.blocks)]));
    const valueOf = (c: CellSpec | ExtraSum) => {
      let n = 0;
      let y = 0;
      for (const b of c.blocks) {
        const v = input.values.get(b);
        n += v?.n[c.column] ?? 0;
        y += v?.y[c.column] ?? 0;
      }
      return { n, y };
    };
    let rounds = 0;
    let failures = lp.check(false, true);
    const max = opts.maxRounds ?? 50;
    while (failures.length > 0 && rounds < max) {
      rounds++;
      let changed = false;
      for (const f of failures) {
        const target = lp.targets.find((t) => t.cell.id === f.cellId)!;
        const tb = target.cell.blocks;
        // Shares an equation: the same column over overlapping blocks (the tree above it), the
        // same column under its nearest published ancestor (siblings), or the same blocks in
        // another column of the same dimension or `all` (margins).
        const col = target.cell.column;
        const sameDim = (c: { column: string }) => c.column === 'all' || dimOf(c.column) === dimOf(col);
        let nearest: Set<string> | undefined;
        for (const c of cands) {
          if (!published.has(c.id) || c.column !== col) continue;
          const bs = blocksOf.get(c.id)!;
          if (tb.some((b) => bs.has(b)) && (!nearest || bs.size < nearest.size)) nearest = bs;
        }
        let related = cands.filter((c) => {
          if (!published.has(c.id)) return false;
          const bs = blocksOf.get(c.id)!;
          const overlap = tb.some((b) => bs.has(b));
          if (c.column === col) return overlap || (nearest !== undefined && c.blocks.every((b) => nearest!.has(b)));
          // Another column over the same blocks: the margins link every dimension through `all`.
          return overlap;
        });
        // Nothing next to it left: widen to cells that share blocks with the published cells
        // around it (the equations that pin it can run through them), hop by hop.
        let reach = new Set(tb);
        for (let hop = 0; related.length === 0 && hop < 4; hop++) {
          const next = new Set(reach);
          for (const [id, bs] of allBlocksOf) {
            if (!livePublished(id)) continue;
            let touches = false;
            for (const b of bs) if (reach.has(b)) { touches = true; break; }
            if (touches) for (const b of bs) next.add(b);
          }
          reach = next;
          related = cands.filter((c) => published.has(c.id) && c.blocks.some((b) => reach.has(b)));
        }
        if (related.length === 0) continue;
        const wantRaise = f.hi - f.count < 1 - EPS && f.count < f.n;
        const wantLower = f.count - f.lo < 1 - EPS && f.count > 0;
        const scored = related
          .map((c) => {
            const v = valueOf(c);
            const raise = v.y >= 1;
            const lower = v.n - v.y >= 1;
            const helps = (wantRaise && raise) || (wantLower && lower) || (!wantRaise && !wantLower && raise && lower);
            return { c, rank: [opts.lastResort?.(c) ? 2 : helps ? 0 : 1, sameDim(c) ? 0 : 1, opts.cost(c)] };
          })
          .sort((a, b) => a.rank[0]! - b.rank[0]! || a.rank[1]! - b.rank[1]! || a.rank[2]! - b.rank[2]!);
        // After many rounds a pinned cell is held by many equations: withdraw every helping
        // neighbour at once (the loop must end in reasonable time).
        const picks = rounds > 20 ? scored.filter((x) => x.rank[0] === 0).map((x) => x.c) : [];
        if (picks.length === 0) picks.push(scored[0]!.c);
        for (const pick of picks) {
          published.delete(pick.id);
          lp.unpublish(pick.id);
          withdrawn.push(pick.id);
        }
        changed = true;
      }
      if (!changed) break;
      failures = lp.check(false, true);
    }
    return { withdrawn, rounds, lpSolves: lp.lpSolves, remaining: failures };
  } finally {
    lp.dispose();
  }
}
