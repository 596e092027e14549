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
 *
 * Blocks nobody answered in (`nobodyAnswered`, decision 046) are all zero, but an outsider is not
 * assumed to know that. Three attackers, each a space of its own:
 * - protected cells of units with respondents: every empty inner cell known, those blocks too
 *   (a unit nobody answered in must never shield a small one);
 * - other suppressed cells (complements): those blocks unknown (whoever knows that a block is
 *   empty may compute a complement that guarded only that block; the complement is >= k);
 * - the cells with n = 0 over such blocks ("targets"), per set of blocks they cover: those blocks
 *   unknown and every other such block known, as for a unit with 1 to k - 1 respondents. Rank
 *   from one basis for all sets (targetRankCheck), LP from one model with the other blocks'
 *   variables fixed at 0 per set. No insider step for them: a singleton's inner cell is itself a
 *   protected cell (a leaf's or an own-staff row's, n = 1), so a combination that needs it is
 *   already refused for that cell.
 * Without such blocks the three are one space and the audit is what it was before.
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

  /** The rows whose pivot is below `limit`: all their coordinates are (the pivot is the highest). */
  rowsBelow(limit: number): Map<number, number>[] {
    return [...this.rows].filter(([k]) => k < limit).map(([, r]) => r);
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
  /** n > 0, or the cell covers a block nobody answered in (its 0 is not known to the attacker). */
  readonly someone: boolean;
  readonly suppressed: boolean;
  readonly protect: boolean;
  /** Single non-empty block when n counts one block only. */
  readonly soleBlock: string | undefined;
}

/** The raw inner-cell space: one coordinate per block × column (`all` first, then every group). */
interface AuditSpace {
  readonly grid: DisclosureGrid;
  /** The grid's blocks in coordinate order: blocks nobody answered in first. */
  readonly blocks: DisclosureGrid['blocks'];
  readonly columns: readonly string[];
  readonly colIndex: ReadonlyMap<string, number>;
  /** Number of columns (coordinates per block). */
  readonly nc: number;
  readonly coord: (block: string, col: string) => number;
  readonly countAt: (block: string, col: string) => number;
  /** Assume the attacker knows which inner cells are empty. */
  readonly knowEmpty: boolean;
  /** Blocks (nobody answered in) whose empty inner cells this attacker does not know. */
  readonly unknown: ReadonlySet<string>;
  /** Whether the attacker knows that this inner cell (block index, column index) is empty. */
  readonly knownEmpty: (bi: number, ci: number) => boolean;
}

/** The cells as the audit sees them, split by what the checks do with them. */
interface AuditCells {
  readonly cells: readonly AuditCell[];
  /** Published cells, fewest blocks first (the order they enter the basis). */
  readonly published: readonly AuditCell[];
  /** Suppressed non-empty cells that must stay underivable. */
  readonly checked: readonly AuditCell[];
  /** Suppressed n = 0 cells over blocks nobody answered in: they must stay underivable too. */
  readonly targets: readonly AuditCell[];
  /** Respondents of each scope of this release (its own `all` cell). */
  readonly totals: ReadonlyMap<string, number>;
}

/** What the LP step found, and how many LPs it solved. */
interface LpOutcome {
  readonly failures: AuditFailure[];
  readonly lpSolves: number;
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
 * Each check is one named step below; failures come out in this order.
 */
export async function auditRelease(
  grid: DisclosureGrid,
  result: SuppressionResult,
  rules: DisclosureRules,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const minWidth = options.minWidth ?? 1;
  const exact = options.exactIntervals ?? false;
  const intervals = new Map<string, readonly [number, number]>();
  const threshold = rules.base === 'victims' ? (rules.kVictims ?? 10) : (rules.k ?? 10);
  const knowEmpty = options.attackerKnowsEmptyCells ?? true;
  const nobody = new Set(grid.blocks.filter((b) => b.nobodyAnswered).map((b) => b.id));
  const strict = auditSpace(grid, knowEmpty, new Set());
  const audited = auditCells(strict, result, threshold, nobody);
  const failures: AuditFailure[] = ruleCheck(audited, threshold);
  // A cell over the same blocks and column as another published cell is the same equation (a
  // window's cell over one wave's units and that wave's cell; the same cell in consecutive
  // windows): once is enough for the rank test and the LP.
  const published = distinctCells(audited.published);

  // Which cells each attacker checks (see the header): one pass when no block is unknown.
  const passes: { space: AuditSpace; cells: readonly AuditCell[] }[] = [];
  const groups = new Map<string, { blocks: Set<string>; cells: AuditCell[] }>();
  const outsider = nobody.size === 0 ? strict : auditSpace(grid, knowEmpty, nobody);
  if (nobody.size === 0) passes.push({ space: strict, cells: audited.checked });
  else {
    passes.push({ space: strict, cells: audited.checked.filter((c) => c.protect) });
    passes.push({ space: outsider, cells: audited.checked.filter((c) => !c.protect) });
    for (const c of audited.targets) {
      const own = c.spec.blocks.filter((b) => nobody.has(b)).sort();
      const key = own.join('\u0000');
      const g = groups.get(key) ?? { blocks: new Set(own), cells: [] };
      g.cells.push(c);
      groups.set(key, g);
    }
  }

  let rankMillis = 0;
  let lpMillis = 0;
  let lpSolves = 0;
  const lpOn = options.lp ?? true;
  for (const { space, cells } of passes) {
    if (cells.length === 0) continue;
    const rankStart = performance.now();
    failures.push(...rankAndInsiderCheck(space, published, cells));
    rankMillis += performance.now() - rankStart;
    const lpStart = performance.now();
    if (lpOn) {
      const lp = await lpCheck(space, published, [{ cells, fixZero: new Set() }], { minWidth, exact, intervals });
      failures.push(...lp.failures);
      lpSolves += lp.lpSolves;
    }
    lpMillis += performance.now() - lpStart;
  }
  if (groups.size > 0) {
    // Units nobody answered in: each group with every other such block known to be empty.
    const rankStart = performance.now();
    failures.push(...targetRankCheck(outsider, published, [...groups.values()], nobody));
    rankMillis += performance.now() - rankStart;
    const lpStart = performance.now();
    if (lpOn) {
      const per = [...groups.values()].map((g) => ({ cells: g.cells, fixZero: new Set([...nobody].filter((b) => !g.blocks.has(b))) }));
      const lp = await lpCheck(outsider, published, per, { minWidth, exact, intervals });
      failures.push(...lp.failures);
      lpSolves += lp.lpSolves;
    }
    lpMillis += performance.now() - lpStart;
  }

  return {
    ok: failures.length === 0,
    failures,
    checkedCells: audited.checked.length + audited.targets.length,
    lpSolves,
    ...(exact ? { intervals } : {}),
    millis: { rank: rankMillis, lp: lpMillis },
  };
}

/** Coordinates of the raw inner-cell space of a grid. */
function auditSpace(grid: DisclosureGrid, knowEmpty: boolean, unknown: ReadonlySet<string>): AuditSpace {
  // Blocks nobody answered in get the lowest coordinates: with pivots at the highest coordinate,
  // the basis rows whose pivot is theirs are exactly the combinations that involve nothing else.
  const blocks = [...grid.blocks.filter((b) => b.nobodyAnswered), ...grid.blocks.filter((b) => !b.nobodyAnswered)];
  const blockIndex = new Map(blocks.map((b, i) => [b.id, i]));
  const columns = ['all', ...grid.dimensions.flatMap((d) => d.groups.map((g) => `${d.name}:${g}`))];
  const colIndex = new Map(columns.map((c, i) => [c, i]));
  const nc = columns.length;
  const unknownIndex = new Set(blocks.flatMap((b, i) => (unknown.has(b.id) ? [i] : [])));
  return {
    grid, blocks, columns, colIndex, nc, knowEmpty, unknown,
    knownEmpty: (bi, ci) =>
      knowEmpty && !unknownIndex.has(bi) && (blocks[bi]?.counts[columns[ci] as string] ?? 0) === 0,
    coord: (block, col) => (blockIndex.get(block) as number) * nc + (colIndex.get(col) as number),
    countAt: (block, col) => blocks[blockIndex.get(block) as number]?.counts[col] ?? 0,
  };
}

/** Independent restatement of each cell: its n from the blocks, whether it is protected. */
function auditCells(space: AuditSpace, result: SuppressionResult, threshold: number, nobody: ReadonlySet<string>): AuditCells {
  const totals = new Map<string, number>();
  const cells: AuditCell[] = space.grid.cells.map((spec) => {
    const status = result.byId.get(spec.id);
    if (!status) throw new Error(`audit: no status for ${spec.id}`);
    let n = 0;
    const nonEmpty: string[] = [];
    for (const b of spec.blocks) {
      const c = space.countAt(b, spec.column);
      n += c;
      if (c > 0) nonEmpty.push(b);
    }
    if (spec.column === 'all' && spec.scope !== undefined && !spec.previous && !spec.hidden) totals.set(spec.scope, n);
    // Over a block nobody answered in, a 0 stands for "0 to k - 1": as protected as a few.
    const someone = n > 0 || spec.blocks.some((b) => nobody.has(b));
    const small = someone && n < threshold;
    const protect = status.suppressed && (small || (spec.levelAllowed === false && someone && !spec.previous));
    return { spec, n, someone, suppressed: status.suppressed, protect, soleBlock: nonEmpty.length === 1 ? nonEmpty[0] : undefined };
  });
  return {
    cells,
    totals,
    published: cells.filter((c) => !c.suppressed).sort((a, b) => a.spec.blocks.length - b.spec.blocks.length),
    checked: cells.filter((c) => c.suppressed && c.n > 0 && (c.protect || (!c.spec.hidden && !c.spec.previous))),
    targets: cells.filter((c) => c.suppressed && c.n === 0 && c.protect),
  };
}

/** Rule: every cell failing a threshold, the level rule or the unit-below-k rule is suppressed. */
function ruleCheck(audited: AuditCells, threshold: number): AuditFailure[] {
  const failures: AuditFailure[] = [];
  for (const c of audited.cells) {
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
    const total = s.scope === undefined ? undefined : audited.totals.get(s.scope);
    let why: string | undefined;
    if (s.hidden) why = 'hidden own-staff row published';
    else if (c.someone && c.n < threshold) why = c.n > 0 ? `n = ${c.n} < ${threshold}` : 'nobody answered';
    else if (s.levelAllowed === false) why = 'level rule';
    else if (total !== undefined && total < threshold) why = `unit has ${total} < ${threshold}`;
    if (why) failures.push({ cellId: s.id, check: 'rule', detail: why });
  }
  return failures;
}

/** A cell's column and block set: two cells with the same key are the same vector. */
function vectorKey(spec: CellSpec): string {
  return `${spec.column}\u0000${[...spec.blocks].sort().join('\u0000')}`;
}

/** The cells with distinct vectors (`vectorKey`), first of each kept, in order. */
function distinctCells(cells: readonly AuditCell[]): AuditCell[] {
  const seen = new Set<string>();
  return cells.filter((c) => {
    const key = vectorKey(c.spec);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A cell as a vector of the inner-cell space: 1 at each of its blocks' coordinates. */
function cellVector(space: AuditSpace, spec: CellSpec): Map<number, number> {
  const v = new Map<number, number>();
  for (const b of spec.blocks) v.set(space.coord(b, spec.column), 1);
  return v;
}

/**
 * What the attacker knows, as a basis modulo P: the empty inner cells (by default), every
 * block's margins ("all = sum of the groups" per dimension) and every published cell.
 */
function publishedBasis(space: AuditSpace, published: readonly AuditCell[]): ModEchelon {
  const { grid, colIndex, nc } = space;
  const basis = new ModEchelon();
  space.blocks.forEach((b, bi) => {
    for (let ci = 0; ci < nc; ci++) if (space.knownEmpty(bi, ci)) basis.add(new Map([[bi * nc + ci, 1]]));
    for (const d of grid.dimensions) {
      const v = new Map<number, number>([[bi * nc, 1]]);
      for (const g of d.groups) v.set(bi * nc + (colIndex.get(`${d.name}:${g}`) as number), P - 1);
      basis.add(v);
    }
  });
  for (const c of published) basis.add(cellVector(space, c.spec));
  return basis;
}

/**
 * The singleton inner cells (one respondent alone in a block × column) the published cells do
 * not already reveal, keyed by their canonical residual: a protected cell with the same residual
 * is derivable by that respondent.
 */
function singletonResiduals(space: AuditSpace, basis: ModEchelon): Map<string, { block: string; column: string }[]> {
  const singletonKeys = new Map<string, { block: string; column: string }[]>();
  for (const b of space.blocks) {
    for (const col of space.columns) {
      if ((b.counts[col] ?? 0) !== 1) continue;
      const r = basis.residual(new Map([[space.coord(b.id, col), 1]]));
      if (r.size === 0) continue;
      const key = residualKey(r);
      const list = singletonKeys.get(key) ?? [];
      list.push({ block: b.id, column: col });
      singletonKeys.set(key, list);
    }
  }
  return singletonKeys;
}

/**
 * Rank and insider: no checked cell lies in the span of what is published; no protected cell
 * lies in that span plus one singleton, unless the singleton is the respondent's own cell.
 */
function rankAndInsiderCheck(space: AuditSpace, published: readonly AuditCell[], checked: readonly AuditCell[]): AuditFailure[] {
  const failures: AuditFailure[] = [];
  const basis = publishedBasis(space, published);
  const singletonKeys = singletonResiduals(space, basis);
  // Cells over the same blocks and column (the same cell in several releases) share a residual.
  const residuals = new Map<string, Map<number, number>>();
  for (const c of checked) {
    const key = vectorKey(c.spec);
    let r = residuals.get(key);
    if (!r) {
      r = basis.residual(cellVector(space, c.spec));
      residuals.set(key, r);
    }
    if (r.size === 0) {
      failures.push({ cellId: c.spec.id, check: 'rank', detail: 'derivable from published cells' });
      continue;
    }
    if (!c.protect) continue;
    for (const s of singletonKeys.get(residualKey(r)) ?? []) {
      const own =
        c.n === 1 && c.soleBlock === s.block && (c.spec.column === s.column || space.countAt(s.block, 'all') === 1);
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
  return failures;
}

/**
 * Rank for the cells over blocks nobody answered in, each group with every other such block known
 * to be empty: v is in span(published) + (the other blocks' inner cells) exactly when v lies in
 * the projection onto the group's coordinates of the published combinations that involve such
 * blocks only. Those are the basis rows with their pivot there (their coordinates come first),
 * so one basis serves every group. Without "empty cells known" each group gets a basis of its own.
 */
function targetRankCheck(
  space: AuditSpace,
  published: readonly AuditCell[],
  groups: readonly { blocks: ReadonlySet<string>; cells: readonly AuditCell[] }[],
  nobody: ReadonlySet<string>,
): AuditFailure[] {
  const failures: AuditFailure[] = [];
  if (!space.knowEmpty) {
    for (const g of groups) {
      const own = auditSpace(space.grid, false, g.blocks);
      for (const f of rankAndInsiderCheck(own, published, g.cells)) failures.push(f);
    }
    return failures;
  }
  const basis = publishedBasis(space, published);
  const onlyNobody = basis.rowsBelow(nobody.size * space.nc);
  for (const g of groups) {
    const coords = new Set<number>();
    for (const b of g.blocks) for (const col of space.columns) coords.add(space.coord(b, col));
    const projected = new ModEchelon();
    for (const row of onlyNobody) {
      const p = new Map([...row].filter(([k]) => coords.has(k)));
      if (p.size > 0) projected.add(p);
    }
    for (const c of g.cells) {
      // Its other inner cells hold nobody and are known to: only the group's part matters.
      const v = new Map([...cellVector(space, c.spec)].filter(([k]) => coords.has(k)));
      if (projected.residual(v).size === 0) {
        failures.push({ cellId: c.spec.id, check: 'rank', detail: 'derivable from published cells (nobody answered; others known empty)' });
      }
    }
  }
  return failures;
}

/** The attacker's linear program: its variables, the equations it satisfies, each checked cell's variables. */
interface LpProblem {
  /** Inner-cell coordinate → LP variable (empty cells are no variables when the attacker knows them). */
  readonly varOf: ReadonlyMap<number, number>;
  readonly rows: readonly { idx: number[]; val: number[]; rhs: number }[];
  readonly varsOf: (spec: CellSpec) => number[];
}

/** The LP's variables and equations: every block's margins and every published cell's count. */
function lpProblem(space: AuditSpace, published: readonly AuditCell[]): LpProblem {
  const { grid, colIndex, nc } = space;
  const varOf = new Map<number, number>();
  space.blocks.forEach((_, bi) => {
    for (let ci = 0; ci < nc; ci++) if (!space.knownEmpty(bi, ci)) varOf.set(bi * nc + ci, varOf.size);
  });
  const rows: { idx: number[]; val: number[]; rhs: number }[] = [];
  space.blocks.forEach((_, bi) => {
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
      .map((b) => varOf.get(space.coord(b, spec.column)))
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
  for (const c of published) {
    const idx = varsOf(c.spec);
    if (idx.length > 0) rows.push({ idx, val: idx.map(() => 1), rhs: c.n });
  }
  return { varOf, rows, varsOf };
}

/** The problem as a HiGHS model (sparse rows, non-negative variables, equality rows). */
function lpModel(highs: Highs, problem: Pick<LpProblem, 'varOf' | 'rows'>) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of problem.rows) {
    indices.push(...r.idx);
    values.push(...r.val);
    starts.push(indices.length);
  }
  const numCols = problem.varOf.size;
  const numRows = problem.rows.length;
  return highs.createModel({
    numCols,
    numRows,
    colCost: new Float64Array(numCols),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(highs.infinity),
    rowLower: problem.rows.map((r) => r.rhs),
    rowUpper: problem.rows.map((r) => r.rhs),
    matrix: { format: 'csr', numRows, numCols, starts, indices, values },
  });
}

type LpModel = ReturnType<typeof lpModel>;

/** A checked cell's attacker interval as far as it is known: the true count, widened by feasible points. */
interface LpTarget {
  readonly cell: AuditCell;
  readonly vars: number[];
  lo: number;
  hi: number;
}

/** Sets objectives and solves, widening every target's interval with each optimum found. */
class LpSolver {
  solves = 0;
  private costed: number[] = [];
  constructor(private readonly highs: Highs, private readonly model: LpModel, private readonly targets: readonly LpTarget[]) {}

  setObjective(weights: Map<number, number>): void {
    const { model } = this;
    if (this.costed.length > 0) model.changeColsCost({ kind: 'set', indices: this.costed }, this.costed.map(() => 0));
    this.costed = [...weights.keys()].sort((a, b) => a - b);
    model.changeColsCost({ kind: 'set', indices: this.costed }, this.costed.map((k) => weights.get(k) as number));
  }

  solve(sense: 'min' | 'max'): number {
    const { highs, model } = this;
    model.changeObjectiveSense(
      sense === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
    );
    model.run();
    this.solves++;
    const status = model.getModelStatus();
    if (
      status === highs.constants.modelStatus.unbounded ||
      status === highs.constants.modelStatus.unboundedOrInfeasible
    )
      return sense === 'min' ? -Infinity : Infinity;
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`audit: LP status ${status}`);
    widen(this.targets, model.getSolution().colValue);
    return model.getObjectiveValue();
  }
}

/** Widens each target's interval to include its value at the feasible point `x`. */
function widen(targets: readonly LpTarget[], x: ArrayLike<number>): void {
  for (const t of targets) {
    const v = t.vars.reduce((sum, k) => sum + (x[k] ?? 0), 0);
    if (v < t.lo) t.lo = v;
    if (v > t.hi) t.hi = v;
  }
}

/**
 * Witness points: a few combined objectives over the cells still open; every optimum is a
 * feasible point that may already show a cell's width, so that cell needs no LP of its own.
 */
function witnessPasses(solver: LpSolver, targets: readonly LpTarget[], minWidth: number): void {
  const open = () => targets.filter((t) => t.hi - t.lo < minWidth - 1e-7);
  for (let pass = 0; pass < 6; pass++) {
    const remaining = open();
    if (remaining.length <= 1) break;
    // Counts that can only rise (every open one at 0, as over units nobody answered in): push the
    // open ones up together; mixed signs would only spend LPs lowering what is at 0.
    const rising = remaining.every((t) => t.lo <= 0);
    const weights = new Map<number, number>();
    for (const t of remaining) {
      const w = pass % 2 === 0 || rising ? 1 : ((t.cell.spec.id.length * 7919 + pass) % 5) - 2;
      for (const k of t.vars) weights.set(k, (weights.get(k) ?? 0) + w);
    }
    solver.setObjective(weights);
    const before = remaining.length;
    // With every weight positive a minimum only lowers counts: useless when all are at 0 already.
    if (!rising) solver.solve('min');
    solver.solve('max');
    if (open().length === before && pass > 0) break;
  }
}

/**
 * LP: for each checked cell, min and max over non-negative inner cells satisfying every published
 * equation differ by at least `minWidth`. The true counts are feasible, and so is every LP
 * optimum: cells whose width known points already show skip their own LPs (unless `exact`).
 */
async function lpCheck(
  space: AuditSpace,
  published: readonly AuditCell[],
  groups: readonly { cells: readonly AuditCell[]; fixZero: ReadonlySet<string> }[],
  opts: { minWidth: number; exact: boolean; intervals: Map<string, readonly [number, number]> },
): Promise<LpOutcome> {
  const { minWidth, exact, intervals } = opts;
  highsPromise ??= loadHighs();
  const highs = await highsPromise;
  const problem = lpProblem(space, published);
  const model = lpModel(highs, problem);
  const failures: AuditFailure[] = [];
  try {
    model.options.set({ output_flag: false });
    const targets: LpTarget[] = [];
    const solver = new LpSolver(highs, model, targets);
    const rays = rayFinder(space, problem, published);
    const local = exact ? undefined : localWitness(highs, space, problem);
    let localSolves = 0;
    for (const group of groups) {
      // Blocks this attacker knows to be empty (units nobody answered in, other than the group's).
      const fixed = [...group.fixZero].flatMap((b) => space.columns.map((c) => problem.varOf.get(space.coord(b, c))))
        .filter((v): v is number => v !== undefined).sort((a, b) => a - b);
      if (fixed.length > 0) model.changeColsBounds({ kind: 'set', indices: fixed }, fixed.map(() => 0), fixed.map(() => 0));
      targets.length = 0;
      // One by one: a spread of a large group (a window with the next one planned) overflows the stack.
      for (const c of group.cells) targets.push({ cell: c, vars: problem.varsOf(c.spec), lo: c.n, hi: rays(c.spec, group.fixZero) ? Infinity : c.n });
      // A group of cells over units nobody answered in: points from a small LP around them first.
      if (local && group.fixZero.size > 0) localSolves += local(targets, group.fixZero, minWidth);
      if (!exact) witnessPasses(solver, targets, minWidth);
      for (const t of targets) {
        if (t.hi - t.lo >= minWidth - 1e-7 && !exact) continue;
        solver.setObjective(new Map(t.vars.map((k) => [k, 1])));
        // Every variable is at least 0: a count whose interval already reaches 0 cannot go lower;
        // one that rises along a ray has no maximum.
        if ((exact || t.hi - t.lo < minWidth - 1e-7) && t.lo > 0) t.lo = Math.min(t.lo, solver.solve('min'));
        if ((exact || t.hi - t.lo < minWidth - 1e-7) && t.hi < Infinity) t.hi = Math.max(t.hi, solver.solve('max'));
        if (exact) intervals.set(t.cell.spec.id, [t.lo, t.hi]);
        if (t.hi - t.lo < minWidth - 1e-7) {
          failures.push({
            cellId: t.cell.spec.id,
            check: 'lp',
            detail: `attacker interval [${round(t.lo)}, ${round(t.hi)}] narrower than ${minWidth}`,
          });
        }
      }
      if (fixed.length > 0) model.changeColsBounds({ kind: 'set', indices: fixed }, fixed.map(() => 0), fixed.map(() => highs.infinity));
    }
    return { failures, lpSolves: solver.solves + localSolves };
  } finally {
    model.dispose();
  }
}

/**
 * Witness points from small LPs (the per-unit passes' cost was one large LP per few cells): the
 * variables of the blocks of a grid cell that contains the group's blocks (the smallest such
 * cell, then the next larger) are free, every other variable stays at its true count, every row
 * keeps its equation (its right-hand side less the fixed part). Such a point satisfies every
 * equation and bound of the whole LP, so it is a feasible point of the attacker's LP and may
 * widen intervals; what it does not settle goes to the whole LP as before. Returns LPs solved.
 */
function localWitness(highs: Highs, space: AuditSpace, problem: LpProblem) {
  const nc = space.nc;
  const coordOf: number[] = [];
  for (const [coord, v] of problem.varOf) coordOf[v] = coord;
  const trueOf = (v: number) => {
    const coord = coordOf[v] as number;
    return space.blocks[Math.floor(coord / nc)]?.counts[space.columns[coord % nc] as string] ?? 0;
  };
  const blockOfVar = (v: number) => space.blocks[Math.floor((coordOf[v] as number) / nc)]?.id as string;
  const varsOfBlock = new Map<string, number[]>();
  for (const v of problem.varOf.values()) {
    const list = varsOfBlock.get(blockOfVar(v)) ?? [];
    list.push(v);
    varsOfBlock.set(blockOfVar(v), list);
  }
  const rowsOfVar = new Map<number, number[]>();
  problem.rows.forEach((r, i) => { for (const v of r.idx) { const l = rowsOfVar.get(v) ?? []; l.push(i); rowsOfVar.set(v, l); } });
  // Distinct block sets of the grid's cells, smallest first.
  const sets = new Map<string, readonly string[]>();
  for (const c of space.grid.cells) { const key = [...c.blocks].sort().join('\u0000'); if (!sets.has(key)) sets.set(key, c.blocks); }
  const blockSets = [...sets.values()].sort((a, b) => a.length - b.length);
  const point = Float64Array.from(coordOf, (_, v) => trueOf(v));
  const feasible = (rowIds: readonly number[], inside: readonly number[], fixZero: ReadonlySet<string>) => {
    for (const v of inside) if ((point[v] as number) < -1e-7 || (fixZero.has(blockOfVar(v)) && (point[v] as number) > 1e-7)) return false;
    for (const ri of rowIds) {
      const r = problem.rows[ri] as LpProblem['rows'][number];
      let sum = 0;
      r.idx.forEach((v, j) => { sum += (r.val[j] as number) * (point[v] as number); });
      if (Math.abs(sum - r.rhs) > 1e-6 * Math.max(1, Math.abs(r.rhs))) return false;
    }
    return true;
  };
  return (targets: readonly LpTarget[], fixZero: ReadonlySet<string>, minWidth: number): number => {
    const open = () => targets.filter((t) => t.hi - t.lo < minWidth - 1e-7);
    if (open().length === 0) return 0;
    const own = new Set(targets.flatMap((t) => t.cell.spec.blocks.filter((b) => space.unknown.has(b) && !fixZero.has(b))));
    if (own.size === 0) return 0;
    let solves = 0;
    let steps = 0;
    for (const blocks of blockSets) {
      if (blocks.length <= own.size || ![...own].every((b) => blocks.includes(b))) continue;
      if (++steps > 2) break;
      const inside = blocks.flatMap((b) => varsOfBlock.get(b) ?? []);
      const local = new Map(inside.map((v, i) => [v, i]));
      const rowIds = [...new Set(inside.flatMap((v) => rowsOfVar.get(v) ?? []))].sort((a, b) => a - b);
      // The same kind of problem as the whole LP's, over the inside variables only.
      const rows = rowIds.map((ri) => {
        const r = problem.rows[ri] as LpProblem['rows'][number];
        const row = { idx: [] as number[], val: [] as number[], rhs: r.rhs };
        r.idx.forEach((v, j) => {
          const l = local.get(v);
          if (l === undefined) row.rhs -= (r.val[j] as number) * trueOf(v);
          else { row.idx.push(l); row.val.push(r.val[j] as number); }
        });
        return row;
      });
      const model = lpModel(highs, { varOf: local, rows });
      const zero = inside.flatMap((v, i) => (fixZero.has(blockOfVar(v)) ? [i] : []));
      if (zero.length > 0) model.changeColsBounds({ kind: 'set', indices: zero }, zero.map(() => 0), zero.map(() => 0));
      try {
        model.options.set({ output_flag: false, presolve: 'off' });
        model.changeObjectiveSense(highs.constants.objectiveSense.maximize);
        for (let round = 0; round < 6; round++) {
          const remaining = open();
          if (remaining.length === 0) return solves;
          const weights = new Map<number, number>();
          for (const t of remaining) for (const v of t.vars) { const l = local.get(v); if (l !== undefined) weights.set(l, 1); }
          if (weights.size === 0) break;
          const cols = [...weights.keys()].sort((a, b) => a - b);
          model.changeColsCost({ kind: 'set', indices: cols }, cols.map(() => 1));
          solves++;
          try { model.run(); } catch { break; }
          if (model.getModelStatus() !== highs.constants.modelStatus.optimal) break;
          const x = model.getSolution().colValue;
          // The point in the whole LP's variables: inside from the solution, outside at the true counts.
          inside.forEach((v, i) => { point[v] = x[i] as number; });
          // Checked before it is used: every equation it touches and every bound it moves.
          if (feasible(rowIds, inside, fixZero)) widen(targets, point);
          for (const v of inside) point[v] = trueOf(v);
          model.changeColsCost({ kind: 'set', indices: cols }, cols.map(() => 0));
          if (open().length === remaining.length) break;
        }
      } finally {
        model.dispose();
      }
    }
    return solves;
  };
}

/**
 * Counts that rise without bound, proven by a ray rather than by an LP (which HiGHS answers
 * slowly when the LP is unbounded): a block none of whose variables is in a published row (the
 * blocks of other waves that a window planned with this wave pools, for instance) can take one
 * more respondent in its `all` cell and in one group of every dimension, the cell's own among
 * them; every equation still holds, every variable stays non-negative. A cell over such a block,
 * not fixed at 0 by this attacker, has no maximum. Exact: no LP widens anything a ray does not.
 */
function rayFinder(space: AuditSpace, problem: LpProblem, published: readonly AuditCell[]) {
  const inPublished = new Set<number>();
  for (const c of published) for (const v of problem.varsOf(c.spec)) inPublished.add(v);
  const { grid, nc, colIndex } = space;
  const variable = (block: string, ci: number) => problem.varOf.get(space.coord(block, space.columns[ci] as string));
  const untouched = new Map<string, boolean>();
  const isUntouched = (block: string): boolean => {
    let u = untouched.get(block);
    if (u === undefined) {
      u = true;
      for (let ci = 0; ci < nc; ci++) {
        const v = variable(block, ci);
        if (v !== undefined && inPublished.has(v)) u = false;
      }
      untouched.set(block, u);
    }
    return u;
  };
  /** Whether one respondent more in (block, column), with `all` and one group per dimension, is a ray. */
  const rayThrough = (block: string, column: string): boolean => {
    if (variable(block, 0) === undefined) return false;
    return grid.dimensions.every((d) => {
      const own = d.groups.map((g) => `${d.name}:${g}`).find((c) => c === column);
      const choices = own ? [own] : d.groups.map((g) => `${d.name}:${g}`);
      return choices.some((c) => variable(block, colIndex.get(c) as number) !== undefined);
    });
  };
  return (spec: CellSpec, fixZero: ReadonlySet<string>): boolean =>
    spec.blocks.some((b) => !fixZero.has(b) && isUntouched(b) && rayThrough(b, spec.column));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
