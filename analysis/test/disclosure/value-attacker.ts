/**
 * An outside attacker for indicator counts, written for the tests and sharing no code with
 * values.ts: it does NOT know item n. Per non-empty inner cell (block × column) it has two
 * unknowns, yes ≥ 0 and no ≥ 0, "all = sum of groups" for each, and for every published cell
 * Σ yes = count and Σ no = n − count. It minimises and maximises each target's yes and no.
 * An insider (a member of the target who knows their own answer and inner cell) is modelled by
 * fixing one unit of yes (or no) in that inner cell and asking whether the rest is pinned.
 */
import loadHighs from 'highs';

export interface InnerValue { block: string; column: string; n: number; y: number }
export interface PublishedCell { id: string; blocks: readonly string[]; column: string; margins?: never }
export interface AttackInput {
  inner: readonly InnerValue[];
  /** Dimensions as column lists: per block, `all` = sum of these columns. */
  dimensions: readonly (readonly string[])[];
  published: readonly PublishedCell[];
  targets: readonly PublishedCell[];
  /** Published sums of yes alone (a victims-base row's n is the cell's victims count). */
  publishedYes?: readonly PublishedCell[];
}
export interface AttackResult { id: string; yes: [number, number]; no: [number, number]; truth: [number, number]; pinned: boolean }

export async function attackCounts(input: AttackInput, insider?: { target: string; block: string; column: string; answer: 'yes' | 'no' }): Promise<AttackResult[]> {
  const highs = await loadHighs();
  const key = (b: string, c: string) => `${b}|${c}`;
  const idx = new Map<string, number>();
  const truth = new Map<string, InnerValue>();
  for (const v of input.inner) if (v.n > 0) { idx.set(key(v.block, v.column), idx.size); truth.set(key(v.block, v.column), v); }
  const N = idx.size; // yes vars 0..N-1, no vars N..2N-1
  const rows: { cols: number[]; vals: number[]; rhs: number }[] = [];
  const blocks = new Set(input.inner.map((v) => v.block));
  for (const b of blocks) for (const dim of input.dimensions) for (const off of [0, N]) {
    const cols: number[] = []; const vals: number[] = [];
    const a = idx.get(key(b, 'all')); if (a !== undefined) { cols.push(a + off); vals.push(1); }
    for (const c of dim) { const k = idx.get(key(b, c)); if (k !== undefined) { cols.push(k + off); vals.push(-1); } }
    if (cols.length > 1) rows.push({ cols, vals, rhs: 0 });
  }
  const sums = (cell: PublishedCell) => {
    const ks: number[] = []; let y = 0; let n = 0;
    for (const b of cell.blocks) { const k = idx.get(key(b, cell.column)); if (k !== undefined) { ks.push(k); y += truth.get(key(b, cell.column))!.y; n += truth.get(key(b, cell.column))!.n; } }
    return { ks, y, n };
  };
  for (const p of input.published) {
    const { ks, y, n } = sums(p);
    if (ks.length === 0) continue;
    rows.push({ cols: ks, vals: ks.map(() => 1), rhs: y });
    rows.push({ cols: ks.map((k) => k + N), vals: ks.map(() => 1), rhs: n - y });
  }
  for (const p of input.publishedYes ?? []) {
    const { ks, y } = sums(p);
    if (ks.length > 0) rows.push({ cols: ks, vals: ks.map(() => 1), rhs: y });
  }
  const lower = new Float64Array(2 * N);
  if (insider) {
    const k = idx.get(key(insider.block, insider.column))!;
    lower[insider.answer === 'yes' ? k : k + N] = 1;
  }
  // dense-ish CSR
  const starts = [0]; const indices: number[] = []; const values: number[] = [];
  for (const r of rows) {
    const order = r.cols.map((c, i) => [c, r.vals[i]!] as const).sort((x, y) => x[0] - y[0]);
    for (const [c, v] of order) { indices.push(c); values.push(v); }
    starts.push(indices.length);
  }
  const model = highs.createModel({
    numCols: 2 * N, numRows: rows.length, colCost: new Float64Array(2 * N), colLower: lower,
    colUpper: new Float64Array(2 * N).fill(highs.infinity), rowLower: rows.map((r) => r.rhs), rowUpper: rows.map((r) => r.rhs),
    matrix: { format: 'csr', numRows: rows.length, numCols: 2 * N, starts, indices, values },
  });
  model.options.set({ output_flag: false });
  const range = (ks: number[]): [number, number] => {
    const out: number[] = [];
    for (const sense of [highs.constants.objectiveSense.minimize, highs.constants.objectiveSense.maximize]) {
      model.changeColsCost({ kind: 'set', indices: [...Array(2 * N).keys()] }, new Float64Array(2 * N));
      if (ks.length) model.changeColsCost({ kind: 'set', indices: [...ks].sort((a, b) => a - b) }, ks.map(() => 1));
      model.changeObjectiveSense(sense);
      model.run();
      const st = model.getModelStatus();
      if (st === highs.constants.modelStatus.unbounded) { out.push(Infinity); continue; }
      if (st !== highs.constants.modelStatus.optimal) throw new Error(`attacker LP status ${st}`);
      out.push(model.getObjectiveValue());
    }
    return [out[0]!, out[1]!];
  };
  const results: AttackResult[] = [];
  try {
    for (const t of input.targets) {
      if (insider && insider.target !== t.id) continue;
      const { ks, y, n } = sums(t);
      if (n === 0) continue;
      const yes = range(ks);
      const no = range(ks.map((k) => k + N));
      results.push({ id: t.id, yes, no, truth: [y, n - y], pinned: yes[1] - yes[0] < 1 - 1e-6 || no[1] - no[0] < 1 - 1e-6 });
    }
  } finally {
    model.dispose();
  }
  return results;
}
