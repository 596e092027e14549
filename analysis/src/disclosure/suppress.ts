import { cellCount, primaryDecision, scopeTotals, thresholdOf, validateGrid } from './rules.js';
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
  private readonly vectors = new Map<string, ReadonlyArray<readonly [number, number]>>();

  constructor(grid: DisclosureGrid) {
    for (const b of grid.blocks) this.addBlock(b, grid);
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

  /** Vector of one column of one block (empty when that inner cell holds nobody). */
  of(block: string, column: string): ReadonlyArray<readonly [number, number]> {
    return this.vectors.get(`${block}\u0000${column}`) ?? [];
  }

  cell(cell: CellSpec): Vec {
    const v: Vec = new Map();
    for (const b of cell.blocks) {
      for (const [k, x] of this.of(b, cell.column)) {
        const w = (v.get(k) ?? 0) + x;
        if (w === 0) v.delete(k);
        else v.set(k, w);
      }
    }
    return v;
  }
}

class Walk {
  private readonly rows: Vec[] = [];
  private readonly pivotRow = new Map<number, number>();
  private readonly basisUsers = new Map<number, Set<number>>();
  private readonly watchUsers = new Map<number, Set<number>>();
  private readonly buckets = new Map<string, Set<number>>();
  readonly watched: Watched[] = [];
  private readonly future: Int32Array;

  constructor(coordinates: number) {
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

  private reduce(v: Vec): Vec {
    const r = new Map(v);
    for (const k of v.keys()) {
      const ri = this.pivotRow.get(k);
      if (ri === undefined) continue;
      const c = r.get(k);
      if (c === undefined) continue;
      const row = this.rows[ri] as Vec;
      eliminate(r, row, row.get(k) as number, c);
    }
    makePrimitive(r);
    return r;
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
  offer(v: Vec, force: boolean): string[] {
    const r = this.reduce(v);
    if (r.size === 0) return [];
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
    this.commit(r, j, updated);
    return labels;
  }

  private commit(r: Vec, j: number, updated: Map<number, { res: Vec; key: string }>): void {
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
      const before = new Set(row.keys());
      eliminate(row, r, a, row.get(j) as number);
      makePrimitive(row);
      for (const k of before) if (!row.has(k)) this.removeFrom(this.basisUsers, k, ri);
      for (const k of row.keys()) if (!before.has(k)) this.addTo(this.basisUsers, k, ri);
    }
    const ri = this.rows.length;
    this.rows.push(r);
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
  const walk = new Walk(space.size);

  const n = grid.cells.map((c) => cellCount(c, blocks));
  const decisions = grid.cells.map((c, i) =>
    primaryDecision(c, n[i] as number, c.scope === undefined ? undefined : totals.get(c.scope), threshold, thresholdReason),
  );

  grid.cells.forEach((c, i) => {
    if ((decisions[i] as { protected: boolean }).protected) walk.watch(space.cell(c), c.id, true);
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
  for (const { c, i } of candidates) {
    const v = space.cell(c);
    vectors.set(i, v);
    walk.expect(v, 1);
  }

  const refused = new Set<number>();
  const conflicts: FixedConflict[] = [];
  for (const { c, i } of candidates) {
    const v = vectors.get(i) as Vec;
    walk.expect(v, -1);
    const fixed = c.previous === 'published';
    const exposed = walk.offer(v, fixed);
    if (exposed.length === 0) continue;
    if (fixed) conflicts.push({ cellId: c.id, reveals: exposed });
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
