/**
 * Replays the per-indicator value check on inputs dumped by `bench/value-profile.ts --dump`
 * (no database): per indicator, `protectIndicator` and then `auditValues` on the result, as
 * `api/src/services/release-values.ts` runs them. Prints time, LP solves and withdrawals (per depth).
 *
 *   npx tsx bench/value-replay.ts DIR/PERIOD [--only indicator-00] [--exact] [--engine /abs/path/to/analysis/src]
 *     [--checked R1,R2,…] [--save-points F] [--hints F1,F2] [--virtual …] [--stratum | --stratum-strict]
 * (The last three are experiments on the inputs, described where the options are read.)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type * as Analysis from '../analysis/src/index.js';
import type { BlockValues, CellSpec, DisclosureGrid, ExtraSum, ValueInput } from '../analysis/src/index.js';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' }, exact: { type: 'boolean' }, engine: { type: 'string' }, checked: { type: 'string' }, 'single-unweighted': { type: 'boolean' }, 'save-points': { type: 'string' }, hints: { type: 'string' }, virtual: { type: 'string' }, stratum: { type: 'boolean' }, 'stratum-strict': { type: 'boolean' } } });
// --stratum (an experiment, session 17, windows only): what if a window weighted each pooled cell
// by stratum (a branch's units in one wave: weight = their headcount / their respondents) instead
// of by unit? A pooled cell whose waves' parts are all published cells (of the same column, over
// the same blocks) is then a function of published counts: it adds no row and is left out (and
// is no candidate). The other pooled cells keep their rows, weighted by stratum.
// --stratum-strict: the same, and a pooled cell that is not implied is withdrawn (counted as withdrawn).
const waveOf = (b: string) => b.slice(b.lastIndexOf('@') + 1);
/** A cell's blocks by wave. */
const partsByWave = (blocks: readonly string[]) => {
  const parts = new Map<string, string[]>();
  for (const b of blocks) { const w = waveOf(b); const l = parts.get(w); if (l) l.push(b); else parts.set(w, [b]); }
  return parts;
};
/** The same column over the same blocks, whatever their order. */
const countsKey = (column: string, blocks: readonly string[]) => `${column}|${[...blocks].sort().join(',')}`;
// --virtual WINDOW_GRID,WINDOW_WEIGHTS,WAVE,GRID (an experiment, session 17): the wave's indicators
// on grid GRID are checked as if every pooled cell of the later window (cells of WINDOW_GRID over
// more than one wave's blocks) published this wave's part of it exactly: its count and its
// weighted sum with the window's block weights (WINDOW_WEIGHTS), as rows that cannot be withdrawn.
// What would a wave have to withdraw for its proofs to hold in every window it joins?
const virtualSpec = args.virtual?.split(',');
const virtualCells = (() => {
  if (!virtualSpec) return undefined;
  const [gridFile, weightsFile, wave, gridId] = virtualSpec as [string, string, string, string];
  const window = JSON.parse(readFileSync(gridFile, 'utf8')) as DisclosureGrid;
  const weights = new Map(JSON.parse(readFileSync(weightsFile, 'utf8')) as [string, number][]);
  const cells: CellSpec[] = [];
  for (const c of window.cells) {
    if (c.id.includes('#') || c.hidden || c.planned) continue;
    const waves = new Set(c.blocks.map(waveOf));
    if (waves.size <= 1) continue;
    const part = c.blocks.filter((b) => waveOf(b) === wave);
    if (part.length === 0) continue;
    cells.push({ id: `virtual|${c.id}`, column: c.column, blocks: part, ...(c.depth !== undefined ? { depth: c.depth } : {}) });
  }
  return { cells, weights, gridId: Number(gridId) };
})();
let virtualGrid: DisclosureGrid | undefined;
if (virtualCells) console.log(`virtual: ${virtualCells.cells.length} cells (${virtualSpec![2]}'s parts of the window's pooled cells)`);
// --save-points FILE: the protection's points (one indicator, --only) as JSON; --hints F1,F2: such
// points of earlier releases given to the protection as hints (an experiment: would the earlier
// releases' certificates, kept, settle this release's targets?).
const hintsIn = args.hints ? args.hints.split(',').flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as [string, number][][]).map((pt) => new Map(pt))) : undefined;
// --engine DIR: another copy of analysis/src (e.g. main's, to compare engines on the same inputs).
const { auditValues, protectIndicator, withdrawalCost } = (await import(args.engine ? `${args.engine}/index.js` : '../analysis/src/index.js')) as typeof Analysis;
const dir = positionals[0];
if (!dir) throw new Error('usage: value-replay.ts DIR/PERIOD');
const files = readdirSync(dir).filter((f) => f.startsWith('indicator-')).sort();
const grids = new Map<number, DisclosureGrid>();
const weightMaps = new Map<number, Map<string, number>>();
const gridOf = (id: number) => {
  if (!grids.has(id)) grids.set(id, JSON.parse(readFileSync(`${dir}/grid-${id}.json`, 'utf8')) as DisclosureGrid);
  return grids.get(id)!;
};
const weightsOf = (id: number) => {
  if (!weightMaps.has(id)) weightMaps.set(id, new Map(JSON.parse(readFileSync(`${dir}/weights-${id}.json`, 'utf8')) as [string, number][]));
  return weightMaps.get(id)!;
};
let total = 0;
const cpu0 = process.cpuUsage();
let totalWithdrawn = 0;
let solves = 0;
const byDepth: Record<string, number> = {};
let failed = 0;
for (const f of files) {
  const d = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as {
    grid: number; threshold: number; values: [string, BlockValues][]; published: string[]; extra: ExtraSum[] | null; decimals: number;
    weights: Record<string, number>; candidates: ((CellSpec | ExtraSum) & { cost: number; lastResort: boolean })[];
  };
  if (args.only && !f.includes(args.only)) continue;
  const virtual = virtualCells && virtualCells.gridId === d.grid ? virtualCells : undefined;
  if (virtualCells && !virtual) continue;
  const baseGrid = gridOf(d.grid);
  const grid = virtual ? (virtualGrid ??= { ...baseGrid, cells: [...baseGrid.cells, ...virtual.cells] }) : baseGrid;
  const hasWeights = Object.keys(d.weights).length > 0;
  const input: ValueInput = {
    grid, threshold: d.threshold, values: new Map(d.values), published: new Set([...d.published, ...(virtual?.cells.map((c) => c.id) ?? [])]), decimals: virtual ? 12 : d.decimals,
    ...(virtual ? { weights: (c: CellSpec) => (c.id.startsWith('virtual|') ? virtual.weights : undefined) } : {}),
    ...(d.extra ? { extra: d.extra } : {}),
    ...(args.checked ? { checked: new Set(args.checked.split(',')) } : {}),
    ...(hintsIn ? { hints: hintsIn } : {}),
    ...(hasWeights ? { weights: (c: CellSpec) => (d.weights[c.id] === undefined || (args['single-unweighted'] && new Set(c.blocks.map((b) => b.slice(b.indexOf('@')))).size <= 1) ? undefined : weightsOf(d.weights[c.id]!)) } : {}),
  };
  const strictWithdrawn = new Set<string>();
  const depthOf = new Map(d.candidates.map((c) => [c.id, c.depth ?? 0]));
  if ((args.stratum || args['stratum-strict']) && hasWeights) {
    const publishedSets = new Set(grid.cells.filter((c) => input.published.has(c.id)).map((c) => countsKey(c.column, c.blocks)));
    const respondents = new Map(grid.blocks.map((b) => [b.id, b.counts['all'] ?? 0]));
    const implied = new Set<string>();
    const weightsByCell = new Map<string, Map<string, number>>();
    for (const c of grid.cells) {
      if (c.id.includes('#') || !input.published.has(c.id) || d.weights[c.id] === undefined) continue;
      const parts = partsByWave(c.blocks);
      if (parts.size <= 1) continue;
      if ([...parts.values()].every((part) => publishedSets.has(countsKey(c.column, part)))) { implied.add(c.id); continue; }
      // Stratum weights: per wave part (the cell's scope's units in that wave), Σ headcount / Σ respondents.
      const unit = weightsOf(d.weights[c.id]!);
      const w = new Map<string, number>();
      for (const part of parts.values()) {
        let head = 0;
        let resp = 0;
        for (const b of part) { const r = respondents.get(b) ?? 0; head += (unit.get(b) ?? 1) * r; resp += r; }
        for (const b of part) w.set(b, resp > 0 ? head / resp : 1);
      }
      weightsByCell.set(c.id, w);
    }
    if (args['stratum-strict']) {
      for (const id of weightsByCell.keys()) strictWithdrawn.add(id);
      // Pooled extra sums (a window's victims counts): implied when each wave's part is a published
      // cell or an earlier extra sum over the same blocks; otherwise withdrawn too.
      const extraSets = new Set((d.extra ?? []).filter((e) => e.id.includes('#')).map((e) => countsKey(e.column, e.blocks)));
      const kept: ExtraSum[] = [];
      let extraImplied = 0;
      for (const e of d.extra ?? []) {
        const parts = partsByWave(e.blocks);
        if (e.id.includes('#') || parts.size <= 1) { kept.push(e); continue; }
        if ([...parts.values()].every((part) => publishedSets.has(countsKey(e.column, part)) || extraSets.has(countsKey(e.column, part)))) extraImplied++;
        else strictWithdrawn.add(e.id);
      }
      Object.assign(input, { extra: kept });
      d.extra = kept;
      console.log(`stratum-strict: pooled extra sums ${extraImplied} implied, ${kept.length} kept`);
    }
    const published = new Set([...input.published].filter((id) => !implied.has(id) && !strictWithdrawn.has(id)));
    const unitWeights = input.weights!;
    Object.assign(input, { published, weights: (c: CellSpec) => weightsByCell.get(c.id) ?? unitWeights(c) });
    d.candidates = d.candidates.filter((c) => !implied.has(c.id) && !strictWithdrawn.has(c.id));
    console.log(`stratum: ${implied.size} pooled cells implied by their waves' published parts (no row), ${weightsByCell.size} weighted by stratum`);
  }
  const cost = new Map(d.candidates.map((c) => [c.id, c.cost]));
  const last = new Set(d.candidates.filter((c) => c.lastResort).map((c) => c.id));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const nOf = (c: { blocks: readonly string[]; column: string }) => c.blocks.reduce((s, b) => s + (input.values.get(b)?.n[c.column] ?? 0), 0);
  const p = await protectIndicator(input, withdrawalCost
    ? { candidates: d.candidates, cost: (c) => withdrawalCost(c, nOf(c), last.has(c.id)) }
    : ({ candidates: d.candidates, cost: (c: { id: string }) => cost.get(c.id)!, lastResort: (c: { id: string }) => last.has(c.id) } as never));
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  if (args['save-points']) writeFileSync(args['save-points'], JSON.stringify(p.points.map((pt) => [...pt])));
  const published = new Set(input.published);
  for (const id of p.withdrawn) published.delete(id);
  const withdrawnExtra = new Set(p.withdrawn.filter((id) => id.startsWith('v:')));
  const audit = await auditValues({ ...input, published, ...(p.points && !process.env.NOHINTS ? { hints: p.points } : {}), ...(d.extra ? { extra: d.extra.filter((e) => !withdrawnExtra.has(e.id)) } : {}) }, { exact: args.exact ?? false });
  const t2 = performance.now();
  total += t2 - t0;
  totalWithdrawn += p.withdrawn.length + strictWithdrawn.size;
  solves += p.lpSolves + audit.lpSolves;
  for (const id of [...p.withdrawn, ...strictWithdrawn]) { const at = String(depthOf.get(id)); byDepth[at] = (byDepth[at] ?? 0) + 1; }
  if (!audit.ok) failed++;
  console.log(`${f} targets ${audit.targets} (earlier ${(audit as { earlier?: number }).earlier ?? 0}) withdrawn ${p.withdrawn.length} rounds ${p.rounds} ${JSON.stringify(p.stats ?? {})} left ${p.remaining.length} unfreeable ${(p as { unfreeable?: unknown[] }).unfreeable?.length ?? '-'} protect ${((t1 - t0) / 1000).toFixed(2)} s, ${((c1.user + c1.system) / 1e6).toFixed(2)} CPU s (${p.lpSolves} LPs) audit ${audit.ok ? 'ok' : `FAILED ${audit.failures.length}`} ${((t2 - t1) / 1000).toFixed(2)} s (${audit.lpSolves} LPs)`);
}
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ seconds: +(total / 1000).toFixed(1), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), withdrawn: totalWithdrawn, byDepth, lpSolves: solves, auditFailed: failed, peakRssMB: Math.round(process.memoryUsage().rss / 1048576) }));
