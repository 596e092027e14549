/**
 * Benchmark and outside attacker for issue 10 (decision 040). Builds the release history of an
 * organisation oldest first (each wave, then the 4-year window that ends with it), timing each
 * release and the peak memory, and then attacks every release with everything published up to
 * it: for chosen indicators, an LP over the inner cells (block × column) with two unknowns each,
 * yes ≥ 0 and no ≥ 0 (the attacker does not know item n), "all = sum of groups" per block and
 * dimension, and per published row Σ yes = count and Σ no = n − count (this release and every
 * earlier one). For every suppressed row about fewer than k respondents (k_victims victims) it
 * minimises and maximises yes and no and counts the rows where either is a point. A zero or 100%
 * that a published larger group states of all its members is not counted (issue 10).
 * The LP is split into its independent parts (no row shares an unknown between them), so each
 * extreme is a sum of small LPs; a few shared objectives per part first, then each open row's own
 * extremes until it is shown wide. A pinned row's printed interval is exact on its pinned side
 * (the other side stops once it is a unit wide).
 *
 * This code shares nothing with analysis/src/disclosure (it reads the stored release rows and
 * grid blocks, and the raw wave counts).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/disclosure-attack.ts \
 *     [--size small|defence] [--value-protection] [--keep] [--attack-only DBNAME] [--targets PERIOD,…] [--weighted] [--indicators item/option/base,…]
 * --weighted: also the windows' published values (rounded to 3 decimals) with their stored block
 * weights (per wave part where stored, decision 094): Σ w·yes / Σ w·(yes + no) within half a unit
 * of the last decimal, two inequalities per row.
 * Creates a scratch database, loads the demo, builds the history, attacks, prints JSON.
 */
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import type loadHighsType from 'highs';
import type { Highs } from 'highs';
import { openDatabase, queryRows, sql, type Db } from '../api/src/db/client.js';
import { createTestDatabase } from '../api/test/helpers/db.js';
import { env } from '../api/src/env.js';
import { loadDemo } from '../api/src/services/load-demo.js';
import { buildRelease } from '../api/src/services/releases.js';
import { getInstrumentVersionById } from '../api/src/services/instruments.js';
import { layoutFor, featureKey, ANSWERED } from '../api/src/tables/layout.js';
import { waveCounts } from '../api/src/tables/counts.js';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: 'small' }, keep: { type: 'boolean' }, 'attack-only': { type: 'string' }, 'no-attack': { type: 'boolean' }, 'value-protection': { type: 'boolean' }, targets: { type: 'string' }, weighted: { type: 'boolean' }, indicators: { type: 'string' } } });
// --targets P1,P2: attack only these releases' suppressed rows (every release's published rows still count).
const targetPeriods = args.targets ? new Set(args.targets.split(',')) : undefined;
// HiGHS from the analysis package (bench/ has no dependencies of its own).
const loadHighs = createRequire(new URL('../analysis/package.json', import.meta.url))('highs') as typeof loadHighsType;
const url = env().DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL (a PostgreSQL server; the benchmark creates its own database)');
let name = args['attack-only'] ?? '';
let database: Awaited<ReturnType<typeof createTestDatabase>> | Awaited<ReturnType<typeof openDatabase>>;
if (args['attack-only']) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  database = await openDatabase({ url: u.toString() });
} else {
  database = await createTestDatabase();
  name = (await queryRows<{ d: string }>(database.db, sql`select current_database() as d`))[0]!.d;
}
const db = database.db;

let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
const releasesBuilt: { id: string; seconds: number; withdrawn: number; rows: number; suppressed: number; byDepth: Record<string, number>; byGrid: Record<string, number>; rowsByReason: Record<string, number> }[] = [];
const failures: { period: string; error: string }[] = [];
let totalSeconds = 0;
if (!args['attack-only']) {
  await loadDemo(db, { size: args.size as 'small' | 'defence' });
  const ws = await queryRows<{ code: string; year: number }>(db, sql`select code, extract(year from closes_at)::int as year from waves order by closes_at`);
    const periods: string[] = [];
  for (const w of ws) {
    periods.push(w.code);
    periods.push(`${w.year - 3}-${w.year}`);
  }
  for (const p of periods) {
    const t = performance.now();
    try {
      const s = await buildRelease(db, p, { log: (l) => process.stderr.write(`  ${l}\n`), valueProtection: args['value-protection'] ?? false });
      const sec = (performance.now() - t) / 1000;
      totalSeconds += sec;
      releasesBuilt.push({ id: s.id, seconds: +sec.toFixed(1), withdrawn: s.disclosure?.perIndicator.cells ?? 0, rows: s.rows, suppressed: s.suppressed, byDepth: s.disclosure?.perIndicator.byDepth ?? {}, byGrid: s.disclosure?.perIndicator.byGrid ?? {}, rowsByReason: s.disclosure?.rowsByReason ?? {} });
      process.stderr.write(`${s.id}: ${sec.toFixed(1)} s\n`);
    } catch (e) {
      totalSeconds += (performance.now() - t) / 1000;
      failures.push({ period: p, error: (e as Error).message.slice(0, 400) });
      process.stderr.write(`${p}: REFUSED ${(e as Error).message.slice(0, 400)}\n`);
    }
  }
}

// ---- the attacker ----
// --indicators item/option/base,…: these instead of the six.
const INDICATORS: [string, string, string][] = args.indicators
  ? args.indicators.split(',').map((x) => x.split('/') as [string, string, string])
  : [
    ['sv_experienced', 'any', 'all'], ['sv_experienced', 'often', 'all'], ['sv_unsafe', 'yes', 'all'],
    ['sv_form', 'pesten', 'victims'], ['sv_perpetrator', 'collega', 'victims'], ['sv_discussed', 'vertrouwenspersoon', 'victims'],
  ];
const attack = args['no-attack'] ? [] : await attackAll(db);
clearInterval(timer);
console.log(JSON.stringify({ database: name, size: args.size, peakRssMB: Math.round(peak / 1048576), totalSeconds: +totalSeconds.toFixed(1), releases: releasesBuilt, refused: failures, attack }, null, 1));
if (!args.keep && 'destroy' in database) await database.destroy();
else await database.close();

async function attackAll(db: Db) {
  const highs = await loadHighs();
  const rels = await queryRows<{ id: string; period: string }>(db, sql`select id, period from releases order by frozen_at`);
  const [w0] = await queryRows<{ v: number }>(db, sql`select instrument_version_id as v from waves limit 1`);
  const layout = layoutFor((await getInstrumentVersionById(db, w0!.v)).definition);
  const unitIds = new Map((await queryRows<{ id: number; code: string }>(db, sql`select id, code from units`)).map((x) => [x.code, x.id]));
  const waveIds = new Map((await queryRows<{ id: number; code: string }>(db, sql`select id, code from waves`)).map((x) => [x.code, x.id]));
  const counts = new Map<number, Map<number, Float64Array>>();
  const vec = async (block: string) => {
    const at = block.lastIndexOf('@');
    const w = waveIds.get(block.slice(at + 1))!;
    if (!counts.has(w)) counts.set(w, await waveCounts(db, layout, w));
    return counts.get(w)!.get(unitIds.get(block.slice(0, at))!);
  };
  const S = layout.size;
  const F = layout.featureCount;
  const dims = layout.dimensions.map((d) => d.groups.map((g) => `${d.name}:${g}`));
  const k = 10;
  const out: Record<string, unknown>[] = [];
  // cell blocks per release and grid
  const cellBlocks = new Map<string, Map<string, string[]>>();
  for (const r of rels) {
    for (const g of await queryRows<{ grid: string; pattern: { grid: { cells: { id: string; blocks: string[] }[] } } }>(db, sql`select grid, pattern from release_grids where release_id = ${r.id}`)) {
      const m = new Map<string, string[]>();
      for (const c of g.pattern.grid.cells) m.set(c.id, c.blocks);
      cellBlocks.set(`${r.id}|${g.grid}`, m);
    }
  }
  for (const [indicator, option, base] of INDICATORS) {
    const spec = layout.def.indicators.find((i) => i.code === indicator && i.base === base)!;
    const item = 'item' in spec ? spec.item : indicator;
    const denItem = ('denominator' in spec && spec.denominator) || item;
    const numFeatures: number[] = [];
    if (spec.select === 'collapse') {
      const code = spec.collapses.find((c) => c.option === option)!.collapse;
      const col = layout.def.collapses.find((c) => c.code === code)!;
      for (let v = col.min; v <= col.max; v++) numFeatures.push(layout.features.get(featureKey(item, String(v)))!);
    } else numFeatures.push(layout.features.get(featureKey(item, option))!);
    const den = layout.features.get(featureKey(denItem, ANSWERED))!;
    const section = base === 'victims' ? 1 : 0;
    const gridName = base === 'all' ? 'all' : indicator === 'sv_perpetrator' || indicator === 'sv_discussed' ? 'victims_level' : 'victims';
    // unknowns
    const varOf = new Map<string, number>();
    const truthY: number[] = [];
    const truthN: number[] = [];
    const ensure = async (block: string) => {
      if (varOf.has(`${block}|all`)) return;
      const v = await vec(block);
      for (let c = 0; c < layout.columns.length; c++) {
        const off = c * S + section * F;
        const n = v ? v[off + den]! : 0;
        if (n === 0) { varOf.set(`${block}|${layout.columns[c]}`, -1); continue; }
        let y = 0;
        for (const f of numFeatures) y += v![off + f]!;
        varOf.set(`${block}|${layout.columns[c]}`, truthY.length);
        truthY.push(y); truthN.push(n);
      }
    };
    // cover: the inner cells a published 0 (or 100%) speaks about: its own column, and for the
    // `all` column every group column of its blocks.
    const rowsEq: { idx: number[]; y: number; z: number; cover: number[] }[] = [];
    // A weighted (window) row's published value, rounded to 3 decimals, bounds Σ w·yes / Σ w·(yes + no):
    // two inequalities over the unknowns (indices ≥ N are the no-counts; N is known only at the end).
    const ratioRows: { blocks: [number, number][]; v: number }[] = [];
    const perRelease: { release: string; targets: number; pinned: number; examples: string[] }[] = [];
    for (const r of rels) {
      const blocksOf = cellBlocks.get(`${r.id}|${gridName}`)!;
      const rows = await queryRows<{ scope: string; dimension: string; group: string; n: number | null; count: number | null; value: number | null; suppressed: boolean }>(db, sql`
        select scope, dimension, "group", n, count, value, suppressed from release_rows where release_id = ${r.id} and indicator = ${indicator} and option = ${option} and base = ${base}`);
      // The block weights a window's values were computed with (stored with its grids).
      // A window that weights only pooled cells publishes a cell over one census wave unweighted
      // (its value is count / n: nothing more than the count).
      // Census windows since decision 094: one weight per scope and wave part (`partWeights`).
      const [wrow] = await queryRows<{ w: Record<string, number> | null; pw: Record<string, number> | null; pooledOnly: boolean | null }>(db, sql`select pattern->'weights' as w, pattern->'partWeights' as pw, (pattern->>'weightedPooledOnly')::boolean as "pooledOnly" from release_grids where release_id = ${r.id} and grid = 'all'`);
      const weights = args.weighted ? wrow?.w ?? null : null;
      const weightOf = (scope: string, b: string) => (wrow?.pw ? wrow.pw[`${scope}|${b.slice(b.lastIndexOf('@') + 1)}`] : weights?.[b]) ?? 1;
      const weightedRow = (blocks: readonly string[]) => !wrow?.pooledOnly || new Set(blocks.map((b) => b.slice(b.lastIndexOf('@')))).size > 1;
      const respondentRows = await queryRows<{ scope: string; dimension: string; group: string }>(db, sql`select 1`); void respondentRows;
      const targets: { id: string; idx: number[] }[] = [];
      for (const row of rows) {
        const col = row.dimension === 'all' ? 'all' : `${row.dimension}:${row.group}`;
        const cid = `${r.period}|${row.scope}|${col}`;
        const blocks = blocksOf.get(cid);
        if (!blocks) continue;
        for (const b of blocks) await ensure(b);
        const idx = blocks.map((b) => varOf.get(`${b}|${col}`)!).filter((x) => x >= 0);
        if (!row.suppressed && weights && row.value !== null && weightedRow(blocks)) {
          const wb: [number, number][] = [];
          for (const b of blocks) { const x = varOf.get(`${b}|${col}`)!; if (x >= 0) wb.push([x, weightOf(row.scope, b)]); }
          if (wb.length > 1) ratioRows.push({ blocks: wb, v: Number(row.value) });
        }
        if (!row.suppressed) {
          const cover = col === 'all' ? blocks.flatMap((b) => layout.columns.map((c2) => varOf.get(`${b}|${c2}`)!).filter((x) => x >= 0)) : idx;
          rowsEq.push({ idx, y: row.count!, z: row.n! - row.count!, cover });
        } else {
          const n = idx.reduce((s, x) => s + truthN[x]!, 0);
          // respondents of the base in the cell (the all or victims grid count)
          let resp = 0;
          for (const b of blocks) {
            const v = await vec(b);
            const c = layout.columns.indexOf(col);
            resp += v ? v[c * S + section * F]! : 0;
          }
          if (n > 0 && (resp < k || n < k)) targets.push({ id: `${cid}`, idx });
        }
      }
      // publicly stated zeros / 100%: a published cell with y = 0 (z = 0) states it of every member
      const zeroY = new Set<number>();
      const zeroZ = new Set<number>();
      for (const e of rowsEq) { if (e.y === 0) e.cover.forEach((x) => zeroY.add(x)); if (e.z === 0) e.cover.forEach((x) => zeroZ.add(x)); }
      if (targetPeriods && !targetPeriods.has(r.period)) continue;
      const live = targets.filter((t) => !t.idx.every((x) => zeroY.has(x)) && !t.idx.every((x) => zeroZ.has(x)));
      const pinned = live.length ? solvePins(highs, truthY, truthN, varOf, dims, rowsEq, live, ratioRows) : [];
      perRelease.push({ release: r.id, targets: live.length, pinned: pinned.length, examples: pinned.slice(0, 3) });
      process.stderr.write(`attack ${indicator}/${option}/${base} ${r.id}: ${pinned.length} pinned of ${live.length}\n`);
    }
    out.push({ indicator: `${indicator}/${option}/${base}`, pinnedTotal: perRelease.reduce((s, x) => s + x.pinned, 0), targetsTotal: perRelease.reduce((s, x) => s + x.targets, 0), perRelease });
  }
  return out;
}

function solvePins(highs: Highs, truthY: number[], truthN: number[], varOf: Map<string, number>, dims: string[][], eqs: { idx: number[]; y: number; z: number }[], targets: { id: string; idx: number[] }[], ratios: { blocks: [number, number][]; v: number }[] = []): string[] {
  const N = truthY.length;
  const rows: { idx: number[]; val: number[]; rhs: number; upper?: number }[] = [];
  const HALF = 0.0005;
  for (const { blocks, v } of ratios) {
    // Σ w·y ≥ (v − h)·Σ w·(y + z)  and  Σ w·y ≤ (v + h)·Σ w·(y + z)
    const idx = [...blocks.map(([x]) => x), ...blocks.map(([x]) => x + N)];
    rows.push({ idx, val: [...blocks.map(([, w]) => w * (1 - v + HALF)), ...blocks.map(([, w]) => -w * (v - HALF))], rhs: 0, upper: Infinity });
    rows.push({ idx, val: [...blocks.map(([, w]) => w * (1 - v - HALF)), ...blocks.map(([, w]) => -w * (v + HALF))], rhs: -Infinity, upper: 0 });
  }
  const blocks = new Set<string>();
  for (const key of varOf.keys()) blocks.add(key.slice(0, key.lastIndexOf('|')));
  for (const b of blocks) for (const d of dims) for (const off of [0, N]) {
    const idx: number[] = []; const val: number[] = [];
    const a = varOf.get(`${b}|all`)!; if (a >= 0) { idx.push(a + off); val.push(1); }
    for (const c of d) { const x = varOf.get(`${b}|${c}`)!; if (x >= 0) { idx.push(x + off); val.push(-1); } }
    if (idx.length > 1) rows.push({ idx, val, rhs: 0 });
  }
  for (const e of eqs) {
    if (e.idx.length === 0) continue;
    rows.push({ idx: e.idx, val: e.idx.map(() => 1), rhs: e.y });
    rows.push({ idx: e.idx.map((x) => x + N), val: e.idx.map(() => 1), rhs: e.z });
  }
  // Independent parts: rows that share no unknown make a product of feasible sets, so the extremes
  // of a sum over several parts are the sums of each part's extremes (one small LP per part).
  const parent = Int32Array.from({ length: 2 * N }, (_, i) => i);
  const find = (x: number): number => { while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; } return x; };
  for (const r of rows) for (let i = 1; i < r.idx.length; i++) { const a = find(r.idx[0]!); const b = find(r.idx[i]!); if (a !== b) parent[a] = b; }
  type Part = { cols: number[]; rows: number[]; portions: Portion[]; model?: ReturnType<Highs['createModel']>; local?: Map<number, number> };
  type Portion = { i: number; side: 0 | 1; cols: number[]; lo: number; hi: number };
  const parts = new Map<number, Part>();
  const partOf = (c: number) => { const root = find(c); let p = parts.get(root); if (!p) { p = { cols: [], rows: [], portions: [] }; parts.set(root, p); } return p; };
  const truth = (c: number) => (c < N ? truthY[c]! : truthN[c - N]! - truthY[c - N]!);
  const portionsOf = targets.map((t, i) => ([0, 1] as const).flatMap((side) => {
    const by = new Map<Part, number[]>();
    for (const k of t.idx) { const c = k + side * N; const p = partOf(c); const l = by.get(p); if (l) l.push(c); else by.set(p, [c]); }
    return [...by].map(([p, cols]) => { const v = cols.reduce((s, c) => s + truth(c), 0); const q: Portion = { i, side, cols, lo: v, hi: v }; p.portions.push(q); return q; });
  }));
  const used = new Set([...parts.values()].filter((p) => p.portions.length > 0));
  for (let c = 0; c < 2 * N; c++) { const p = parts.get(find(c)); if (p && used.has(p)) p.cols.push(c); }
  rows.forEach((r, ri) => { const p = parts.get(find(r.idx[0]!)); if (p && used.has(p)) p.rows.push(ri); });
  const modelOf = (p: Part) => {
    if (p.model) return p.model;
    const local = new Map(p.cols.map((c, i) => [c, i]));
    const starts = [0]; const indices: number[] = []; const values: number[] = [];
    for (const ri of p.rows) {
      const r = rows[ri]!;
      const o = r.idx.map((c, i) => [local.get(c)!, r.val[i]!] as const).sort((a, b) => a[0] - b[0]);
      for (const [c, v] of o) { indices.push(c); values.push(v); }
      starts.push(indices.length);
    }
    const n = p.cols.length;
    const sel = p.rows.map((ri) => rows[ri]!);
    p.model = highs.createModel({
      numCols: n, numRows: sel.length, colCost: new Float64Array(n), colLower: new Float64Array(n), colUpper: new Float64Array(n).fill(highs.infinity),
      rowLower: sel.map((r) => (r.rhs === -Infinity ? -highs.infinity : r.rhs)), rowUpper: sel.map((r) => (r.upper === undefined ? r.rhs : r.upper === Infinity ? highs.infinity : r.upper)), matrix: { format: 'csr', numRows: sel.length, numCols: n, starts, indices, values },
    });
    p.model.options.set({ output_flag: false });
    p.local = local;
    return p.model;
  };
  const run = (p: Part, weights: Map<number, number>, sense: number, single?: Portion) => {
    const model = modelOf(p);
    const local = p.local!;
    const cost = new Float64Array(p.cols.length);
    for (const [c, w] of weights) cost[local.get(c)!] = w;
    model.changeColsCost({ kind: 'set', indices: p.cols.map((_, i) => i) }, Array.from(cost));
    model.changeObjectiveSense(sense);
    model.run();
    const status = model.getModelStatus();
    if (status === highs.constants.modelStatus.unbounded || status === highs.constants.modelStatus.unboundedOrInfeasible) {
      // Without item n the attacker has no upper bound for cells outside every published row.
      if (single) single.hi = Infinity;
      return;
    }
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`attacker LP status ${status}`);
    const x = model.getSolution().colValue;
    for (const q of p.portions) {
      const v = q.cols.reduce((s, c) => s + x[local.get(c)!]!, 0);
      if (v < q.lo) q.lo = v;
      if (v > q.hi) q.hi = v;
    }
  };
  const width = (i: number, side: 0 | 1) => { let w = 0; for (const q of portionsOf[i]!) if (q.side === side) w += q.hi - q.lo; return w; };
  const isOpen = (i: number) => width(i, 0) < 1 - 1e-6 || width(i, 1) < 1 - 1e-6;
  const MIN = highs.constants.objectiveSense.minimize;
  const MAX = highs.constants.objectiveSense.maximize;
  const mix = (i: number, pass: number) => { let h = 2166136261 ^ pass; h = Math.imul(h ^ i, 16777619); h = Math.imul(h ^ (i >>> 8), 16777619); return ((h >>> 0) % 5) - 2; };
  try {
    // Shared objectives per part over the targets still open: first all yes down and no up (and
    // back), then mixed weights while a pass still settles a tenth of what is open.
    for (const p of used) {
      let before = Infinity;
      for (let pass = 0; pass < 8; pass++) {
        const live = p.portions.filter((q) => isOpen(q.i));
        if (live.length <= 2) break;
        if (pass >= 2 && live.length > 0.9 * before) break;
        before = live.length;
        const w = new Map<number, number>();
        for (const q of live) {
          const sign = pass < 2 ? ((pass % 2 ? 1 : -1) * (q.side ? -1 : 1)) : mix(q.i * 2 + q.side, pass);
          for (const c of q.cols) w.set(c, (w.get(c) ?? 0) + sign);
        }
        run(p, w, MIN); run(p, w, MAX);
      }
    }
    // Then each open target's own extremes, part by part, until it is shown wide.
    const pinned: string[] = [];
    for (let i = 0; i < targets.length; i++) {
      if (!isOpen(i)) continue;
      for (const q of portionsOf[i]!) {
        if (width(i, q.side) >= 1 - 1e-6) continue;
        const p = parts.get(find(q.cols[0]!))!;
        const w = new Map(q.cols.map((c) => [c, 1]));
        run(p, w, MIN); run(p, w, MAX, q);
      }
      if (isOpen(i)) {
        const iv = (side: 0 | 1) => { let l = 0; let h = 0; for (const q of portionsOf[i]!) if (q.side === side) { l += q.lo; h += q.hi; } return `[${l.toFixed(2)}, ${h.toFixed(2)}]`; };
        pinned.push(`${targets[i]!.id} yes ${iv(0)} no ${iv(1)}`);
      }
    }
    return pinned;
  } finally {
    for (const p of used) p.model?.dispose();
  }
}
