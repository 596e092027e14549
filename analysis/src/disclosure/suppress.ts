import { cellCount, coversNobodyAnswered, primaryDecision, scopeTotals, thresholdOf, validateGrid } from './rules.js';
import {
  DisclosureInputError,
  FixedCellConflictError,
  type Block,
  type CellSpec,
  type CellStatus,
  type DisclosureGrid,
  type DisclosureRules,
  type FixedConflict,
  type SuppressionReason,
  type SuppressionResult,
} from './types.js';

/*
 * Complementary suppression by exact integer elimination.
 *
 * Coordinates. Each block (inner row x wave) with N > 0 respondents gets the coordinates `all`
 * and, per dimension, one coordinate per non-empty group except the last non-empty one. The
 * vector of (block, column) is then: empty column -> 0; `all` -> e_all; a non-last non-empty
 * group -> e_g; the last non-empty group -> e_all - sum of the other non-empty groups. This is a
 * basis of the quotient of the inner-cell space by "all = sum of the groups" and by "empty inner
 * cells are 0": the attacker's knowledge of both is built into the coordinates.
 *
 * Arithmetic. Vectors are sparse Maps of integers, combined fraction-free (a*x - c*y, divided by
 * the gcd), so the arithmetic is exact; every product is checked to stay a safe integer.
 *
 * Walk. The published cells span a subspace kept as a reduced row echelon basis (each basis row
 * has a pivot coordinate that is zero in every other row). Every watched vector (protected cells
 * and singleton coordinates) is kept as its canonical residual modulo that span, hashed up to
 * sign. Publishing a cell v with residual r(v) and pivot j changes exactly the residuals that are
 * non-zero at j; the cell is refused when afterwards a protected residual is 0 (the cell became
 * derivable) or is parallel to a singleton's residual (that singleton's respondent, who knows
 * their own answer, could derive it).
 *
 * Blocks nobody answered in (decision 046). Their inner cells get coordinates of their own
 * ("unknown" coordinates: `all` and every group but the last per dimension), kept apart from the
 * coordinates above. Everything above (pivots, protected and singleton residuals) works on the
 * known coordinates only, i.e. as if the attacker knew those blocks are empty: a unit nobody
 * answered in never shields a small cell. Each basis row carries its unknown part along, so a
 * candidate whose known part is already in the span leaves a combination of published cells that
 * is purely unknown; those combinations span U = span(published) ∩ {known part = 0} (the pivots
 * are always known coordinates, so a row with a known pivot cannot add to U). The walk keeps U at
 * {0}: it refuses every candidate that would make any combination of such blocks' inner cells
 * derivable (for the attacker who knows every other such block is empty, exactly the projection
 * of U onto the block's coordinates). Refusing more than the cells themselves is needed because
 * their counts are 0: a derivable sum of their groups would pin each group at 0 (see UnknownSpan).
 */

type Vec = Map<number, number>;

const MAX = Number.MAX_SAFE_INTEGER;

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function checked(x: number): number {
  if (x > MAX || x < -MAX) throw new RangeError('disclosure: integer elimination overflowed');
  return x;
}

/** Divide by the gcd of the entries, in place. */
function makePrimitive(v: Vec): void {
  let g = 0;
  for (const x of v.values()) {
    g = gcd(g, x);
    if (g === 1) return;
  }
  if (g > 1) for (const [k, x] of v) v.set(k, x / g);
}

/** x := (a/g) x - (c/g) y in place, where y[j] = a and x[j] = c. */
function eliminate(x: Vec, y: Vec, a: number, c: number): void {
  const g = gcd(a, c);
  const sx = a / g;
  const sy = c / g;
  if (sx !== 1) for (const [k, v] of x) x.set(k, checked(v * sx));
  for (const [k, v] of y) {
    const w = checked((x.get(k) ?? 0) - checked(v * sy));
    if (w === 0) x.delete(k);
    else x.set(k, w);
  }
}

function mix(k: number, seed: number): number {
  let h = Math.imul(k ^ seed, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  return h | 1;
}

/** A hash of a primitive vector that is the same for v and -v. */
function keyOf(v: Vec): string {
  let h1 = 0;
  let h2 = 0;
  for (const [k, x] of v) {
    h1 = (h1 + Math.imul(mix(k, 0x1234567), x)) | 0;
    h2 = (h2 + Math.imul(mix(k, 0x7654321), x)) | 0;
  }
  const p1 = h1 >>> 0;
  const p2 = h2 >>> 0;
  const n1 = -h1 >>> 0;
  const n2 = -h2 >>> 0;
  return p1 < n1 || (p1 === n1 && p2 <= n2) ? `${p1}.${p2}` : `${n1}.${n2}`;
}

/** Whether two primitive vectors are equal up to sign. */
function parallel(a: Vec, b: Vec): boolean {
  if (a.size !== b.size) return false;
  let s = 0;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (y === undefined) return false;
    if (s === 0) s = x === y ? 1 : x === -y ? -1 : 2;
    if (s === 2 || y !== s * x) return false;
  }
  return true;
}

interface Watched {
  res: Vec;
  key: string;
  isProtected: boolean;
  isSingleton: boolean;
  labels: string[];
  alive: boolean;
}

/** Builds the quotient coordinates and the vector of every (block, column). */
class CoordinateSpace {
  private next = 0;
  private nextUnknown = 0;
  private readonly vectors = new Map<string, ReadonlyArray<readonly [number, number]>>();
  private readonly unknownVectors = new Map<string, ReadonlyArray<readonly [number, number]>>();
  /** Unknown coordinates of each block nobody answered in. */
  readonly unknownCoords = new Map<string, number[]>();

  constructor(grid: DisclosureGrid) {
    for (const b of grid.blocks) {
      if (b.nobodyAnswered) this.addUnknownBlock(b, grid);
      else this.addBlock(b, grid);
    }
  }

  get size(): number {
    return this.next;
  }

  private addBlock(b: Block, grid: DisclosureGrid): void {
    const all = b.counts.all ?? 0;
    if (all === 0) return;
    const allCoord = this.next++;
    this.vectors.set(`${b.id}\u0000all`, [[allCoord, 1]]);
    for (const d of grid.dimensions) {
      const nonEmpty = d.groups.filter((g) => (b.counts[`${d.name}:${g}`] ?? 0) > 0);
      const coords: number[] = [];
      nonEmpty.forEach((g, i) => {
        const key = `${b.id}\u0000${d.name}:${g}`;
        if (i < nonEmpty.length - 1) {
          const c = this.next++;
          coords.push(c);
          this.vectors.set(key, [[c, 1]]);
        } else {
          this.vectors.set(key, [[allCoord, 1], ...coords.map((c) => [c, -1] as const)]);
        }
      });
    }
  }

  /** Every group may hold someone: `all` and all groups but the last per dimension are unknowns. */
  private addUnknownBlock(b: Block, grid: DisclosureGrid): void {
    const own: number[] = [];
    const allCoord = this.nextUnknown++;
    own.push(allCoord);
    this.unknownVectors.set(`${b.id}\u0000all`, [[allCoord, 1]]);
    for (const d of grid.dimensions) {
      const coords: number[] = [];
      d.groups.forEach((g, i) => {
        const key = `${b.id}\u0000${d.name}:${g}`;
        if (i < d.groups.length - 1) {
          const c = this.nextUnknown++;
          coords.push(c);
          own.push(c);
          this.unknownVectors.set(key, [[c, 1]]);
        } else {
          this.unknownVectors.set(key, [[allCoord, 1], ...coords.map((c) => [c, -1] as const)]);
        }
      });
    }
    this.unknownCoords.set(b.id, own);
  }

  /** Vector of one column of one block (empty when that inner cell holds nobody). */
  of(block: string, column: string): ReadonlyArray<readonly [number, number]> {
    return this.vectors.get(`${block}\u0000${column}`) ?? [];
  }

  cell(cell: CellSpec): Vec {
    return this.sum(cell, this.vectors);
  }

  /** The cell's part over blocks nobody answered in (empty when it covers none). */
  unknownPart(cell: CellSpec): Vec {
    return this.sum(cell, this.unknownVectors);
  }

  private sum(cell: CellSpec, vectors: Map<string, ReadonlyArray<readonly [number, number]>>): Vec {
    const v: Vec = new Map();
    for (const b of cell.blocks) {
      for (const [k, x] of vectors.get(`${b}\u0000${cell.column}`) ?? []) {
        const w = (v.get(k) ?? 0) + x;
        if (w === 0) v.delete(k);
        else v.set(k, w);
      }
    }
    return v;
  }
}

/**
 * x := (a/g) x - (c/g) y on a row and on the unknown part it carries, where y[j] = a, x[j] = c.
 */
function eliminateCarried(x: Vec, xq: Vec, y: Vec, yq: Vec, a: number, c: number): void {
  eliminate(xq, yq, a, c);
  eliminate(x, y, a, c);
}

/** Divide a row and its carried part by the gcd of all their entries, in place. */
function makePrimitiveCarried(v: Vec, q: Vec): void {
  let g = 0;
  for (const x of v.values()) g = gcd(g, x);
  for (const x of q.values()) g = gcd(g, x);
  if (g > 1) {
    for (const [k, x] of v) v.set(k, x / g);
    for (const [k, x] of q) q.set(k, x / g);
  }
}

/** The n = 0 cells over blocks nobody answered in, by the unknown coordinates they touch. */
interface UnknownTarget {
  readonly coords: ReadonlySet<number>;
  readonly label: string;
}

/**
 * U = span(published) ∩ {known part = 0} must stay {0}: no combination of published cells may
 * say anything about blocks nobody answered in beyond what it says about known coordinates. Only
 * the cells over such a block would be too weak: where the true counts are all 0, a derivable sum
 * of groups (women + unknown gender = 0) pins each group at 0 by non-negativity, which the audit's
 * LP check would then refuse, and which a unit with 1 to k − 1 respondents does not suffer.
 */
class UnknownSpan {
  private readonly byCoord = new Map<number, string[]>();

  constructor(targets: readonly UnknownTarget[]) {
    for (const t of targets) {
      for (const k of t.coords) this.byCoord.set(k, [...(this.byCoord.get(k) ?? []), t.label]);
    }
  }

  /** Labels of the cells that adding a non-zero u to U would reveal something about. */
  exposedBy(u: Vec): string[] {
    const labels = new Set<string>();
    for (const k of u.keys()) for (const l of this.byCoord.get(k) ?? []) labels.add(l);
    return labels.size > 0 ? [...labels] : [`a block nobody answered in (coordinate ${[...u.keys()][0]})`];
  }
}

class Walk {
  private readonly rows: Vec[] = [];
  /** The unknown part each row carries (decision 046); empty when no block is unknown. */
  private readonly rowsQ: Vec[] = [];
  private readonly pivotRow = new Map<number, number>();
  private readonly basisUsers = new Map<number, Set<number>>();
  private readonly watchUsers = new Map<number, Set<number>>();
  private readonly buckets = new Map<string, Set<number>>();
  readonly watched: Watched[] = [];
  private readonly future: Int32Array;

  constructor(coordinates: number, private readonly unknown: UnknownSpan | undefined) {
    this.future = new Int32Array(coordinates);
  }

  get rank(): number {
    return this.rows.length;
  }

  expect(v: Vec, delta: number): void {
    for (const k of v.keys()) this.future[k] = (this.future[k] ?? 0) + delta;
  }

  /** Adds a vector to watch; parallel vectors are merged into one entry. */
  watch(v: Vec, label: string, isProtected: boolean): void {
    const res = new Map(v);
    makePrimitive(res);
    const key = keyOf(res);
    const bucket = this.buckets.get(key);
    if (bucket) {
      for (const id of bucket) {
        const w = this.watched[id];
        if (w && parallel(w.res, res)) {
          w.labels.push(label);
          if (isProtected) w.isProtected = true;
          else w.isSingleton = true;
          return;
        }
      }
    }
    const id = this.watched.length;
    this.watched.push({ res, key, isProtected, isSingleton: !isProtected, labels: [label], alive: true });
    this.addTo(this.buckets, key, id);
    for (const k of res.keys()) this.addTo(this.watchUsers, k, id);
  }

  private addTo<K>(m: Map<K, Set<number>>, k: K, id: number): void {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(id);
  }

  private removeFrom<K>(m: Map<K, Set<number>>, k: K, id: number): void {
    const s = m.get(k);
    if (!s) return;
    s.delete(id);
    if (s.size === 0) m.delete(k);
  }

  /** Residual of (v, q) modulo the basis; q, the unknown part, is carried along. */
  private reduce(v: Vec, q: Vec): { r: Vec; rq: Vec } {
    const r = new Map(v);
    const rq = new Map(q);
    for (const k of v.keys()) {
      const ri = this.pivotRow.get(k);
      if (ri === undefined) continue;
      const c = r.get(k);
      if (c === undefined) continue;
      const row = this.rows[ri] as Vec;
      eliminateCarried(r, rq, row, this.rowsQ[ri] as Vec, row.get(k) as number, c);
    }
    makePrimitiveCarried(r, rq);
    return { r, rq };
  }

  private choosePivot(r: Vec): number {
    let best = -1;
    let bestCost = Infinity;
    for (const [k, x] of r) {
      const cost =
        (this.watchUsers.get(k)?.size ?? 0) * 4 +
        (this.basisUsers.get(k)?.size ?? 0) +
        (this.future[k] ?? 0) +
        (Math.abs(x) === 1 ? 0 : 1e9);
      if (cost < bestCost) {
        bestCost = cost;
        best = k;
      }
    }
    return best;
  }

  /**
   * Tries to publish v. Returns the labels of watched vectors it would expose (empty: safe).
   * With `force` the vector is published even when it exposes something.
   */
  offer(v: Vec, q: Vec, force: boolean): string[] {
    const { r, rq } = this.reduce(v, q);
    if (r.size === 0) {
      // Nothing new about known coordinates; what is left is a purely unknown combination.
      if (rq.size === 0 || !this.unknown) return [];
      return this.unknown.exposedBy(rq);
    }
    const j = this.choosePivot(r);
    const a = r.get(j) as number;
    const affected = [...(this.watchUsers.get(j) ?? [])];
    const updated = new Map<number, { res: Vec; key: string }>();
    const exposed = new Set<number>();
    for (const id of affected) {
      const w = this.watched[id] as Watched;
      const res = new Map(w.res);
      eliminate(res, r, a, res.get(j) as number);
      makePrimitive(res);
      if (res.size === 0 && w.isProtected) exposed.add(id);
      updated.set(id, { res, key: res.size === 0 ? '' : keyOf(res) });
    }
    for (const [id, u] of updated) {
      if (u.key === '') continue;
      const w = this.watched[id] as Watched;
      const check = (otherId: number, other: Vec): void => {
        const o = this.watched[otherId] as Watched;
        if (!parallel(u.res, other)) return;
        // The one respondent of a singleton entry derives the protected entry parallel to it.
        // An entry can be both (a one-person cell merged with its own singleton): then it is
        // exposed only by another entry's singleton, and exposes another entry's protected cell.
        if (w.isProtected && o.isSingleton) exposed.add(id);
        if (w.isSingleton && o.isProtected) exposed.add(otherId);
      };
      for (const otherId of this.buckets.get(u.key) ?? []) {
        if (otherId === id) continue;
        const changed = updated.get(otherId);
        if (changed) {
          if (changed.key === u.key) check(otherId, changed.res);
        } else {
          check(otherId, (this.watched[otherId] as Watched).res);
        }
      }
      for (const [otherId, o] of updated) {
        if (otherId !== id && o.key === u.key && !this.buckets.get(u.key)?.has(otherId)) check(otherId, o.res);
      }
    }
    const labels = [...exposed].flatMap((id) => (this.watched[id] as Watched).labels);
    if (labels.length > 0 && !force) return labels;
    this.commit(r, rq, j, updated);
    return labels;
  }

  private commit(r: Vec, rq: Vec, j: number, updated: Map<number, { res: Vec; key: string }>): void {
    for (const [id, u] of updated) {
      const w = this.watched[id] as Watched;
      for (const k of w.res.keys()) if (!u.res.has(k)) this.removeFrom(this.watchUsers, k, id);
      for (const k of u.res.keys()) if (!w.res.has(k)) this.addTo(this.watchUsers, k, id);
      this.removeFrom(this.buckets, w.key, id);
      w.res = u.res;
      w.key = u.key;
      if (u.res.size === 0) w.alive = false;
      else this.addTo(this.buckets, u.key, id);
    }
    const a = r.get(j) as number;
    for (const ri of [...(this.basisUsers.get(j) ?? [])]) {
      const row = this.rows[ri] as Vec;
      const rowQ = this.rowsQ[ri] as Vec;
      const before = new Set(row.keys());
      eliminateCarried(row, rowQ, r, rq, a, row.get(j) as number);
      makePrimitiveCarried(row, rowQ);
      for (const k of before) if (!row.has(k)) this.removeFrom(this.basisUsers, k, ri);
      for (const k of row.keys()) if (!before.has(k)) this.addTo(this.basisUsers, k, ri);
    }
    const ri = this.rows.length;
    this.rows.push(r);
    this.rowsQ.push(rq);
    this.pivotRow.set(j, ri);
    for (const k of r.keys()) this.addTo(this.basisUsers, k, ri);
  }
}

function priority(c: CellSpec, n: number): [number, number, number, number] {
  return [c.previous === 'published' ? 0 : 1, c.column === 'all' ? 0 : 1, c.depth ?? 0, -n];
}

/**
 * Primary and complementary suppression of one base of one release, over the whole release at
 * once. See the header of `index.ts` for the model and the guarantees.
 *
 * @throws DisclosureInputError when the grid is inconsistent.
 * @throws FixedCellConflictError when previously published cells already expose a protected cell.
 * @example
 * const result = suppress(grid, { base: 'all', k: 10 });
 * result.byId.get('2021|CIE-A|gender:vrouw')?.reason; // 'min_n'
 */
export function suppress(grid: DisclosureGrid, rules: DisclosureRules): SuppressionResult {
  const started = performance.now();
  const blocks = validateGrid(grid);
  const { threshold, reason: thresholdReason } = thresholdOf(rules);
  if (!Number.isInteger(threshold) || threshold < 1) throw new DisclosureInputError(`bad threshold ${threshold}`);
  const totals = scopeTotals(grid, blocks);
  const space = new CoordinateSpace(grid);

  const n = grid.cells.map((c) => cellCount(c, blocks));
  const unknown = grid.cells.map((c) => coversNobodyAnswered(c, blocks));
  const decisions = grid.cells.map((c, i) =>
    primaryDecision(c, n[i] as number, c.scope === undefined ? undefined : totals.get(c.scope), threshold, thresholdReason, unknown[i]),
  );

  // Protected cells with n = 0 over blocks nobody answered in: nothing about their blocks may
  // become derivable (decision 046). Their known part is empty: nothing to watch there.
  const targets: UnknownTarget[] = [];
  grid.cells.forEach((c, i) => {
    if (!(decisions[i] as { protected: boolean }).protected || n[i] !== 0 || !unknown[i]) return;
    targets.push({ coords: new Set(c.blocks.flatMap((b) => space.unknownCoords.get(b) ?? [])), label: c.id });
  });
  const walk = new Walk(space.size, space.unknownCoords.size > 0 ? new UnknownSpan(targets) : undefined);

  grid.cells.forEach((c, i) => {
    if (!(decisions[i] as { protected: boolean }).protected) return;
    const v = space.cell(c);
    if (v.size > 0) walk.watch(v, c.id, true);
  });
  for (const b of grid.blocks) {
    for (const [col, count] of Object.entries(b.counts)) {
      if (count === 1) {
        const v = new Map(space.of(b.id, col).map(([k, x]) => [k, x] as [number, number]));
        walk.watch(v, `singleton ${b.id} ${col}`, false);
      }
    }
  }

  const candidates = grid.cells
    .map((c, i) => ({ c, i, n: n[i] as number }))
    .filter(({ i }) => (decisions[i] as { reason: SuppressionReason | null }).reason === null)
    .sort((x, y) => {
      const px = priority(x.c, x.n);
      const py = priority(y.c, y.n);
      for (let t = 0; t < px.length; t++) {
        const d = (px[t] as number) - (py[t] as number);
        if (d !== 0) return d;
      }
      return x.c.id < y.c.id ? -1 : x.c.id > y.c.id ? 1 : 0;
    });
  const vectors = new Map<number, Vec>();
  const unknownParts = new Map<number, Vec>();
  for (const { c, i } of candidates) {
    const v = space.cell(c);
    vectors.set(i, v);
    if (unknown[i]) unknownParts.set(i, space.unknownPart(c));
    walk.expect(v, 1);
  }

  const plannedBy = new Map(grid.cells.filter((c) => c.planned !== undefined && !c.previous).map((c) => [c.id, c.planned as string]));
  const refused = new Set<number>();
  const conflicts: FixedConflict[] = [];
  for (const { c, i } of candidates) {
    const v = vectors.get(i) as Vec;
    walk.expect(v, -1);
    const fixed = c.previous === 'published';
    const exposed = walk.offer(v, unknownParts.get(i) ?? new Map(), fixed);
    if (exposed.length === 0) continue;
    if (fixed) {
      const windows = [...new Set(exposed.map((l) => plannedBy.get(l)).filter((w) => w !== undefined))];
      const onlyPlanned = exposed.every((l) => plannedBy.has(l));
      conflicts.push({ cellId: c.id, reveals: exposed, ...(windows.length > 0 ? { plannedWindows: windows, onlyPlanned } : {}) });
    }
    else refused.add(i);
  }
  if (conflicts.length > 0) throw new FixedCellConflictError(conflicts);

  const cells: CellStatus[] = grid.cells.map((c, i) => {
    const d = decisions[i] as { reason: SuppressionReason | null; protected: boolean };
    const reason = d.reason ?? (refused.has(i) ? 'complementary' : null);
    return { id: c.id, n: n[i] as number, suppressed: reason !== null, reason, protected: d.protected };
  });
  const primary = cells.filter((c) => c.reason !== null && c.reason !== 'complementary').length;
  return {
    cells,
    byId: new Map(cells.map((c) => [c.id, c])),
    stats: {
      cells: cells.length,
      primary,
      complementary: refused.size,
      published: cells.filter((c) => !c.suppressed).length,
      watched: walk.watched.length,
      basisRank: walk.rank,
      millis: performance.now() - started,
    },
  };
}
