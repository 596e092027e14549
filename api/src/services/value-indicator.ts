/**
 * One indicator's value check (protection, then the independent audit), as a job that runs in the
 * build's thread or in a worker thread (decision 092). Everything a job carries is structured-
 * cloneable: the release-wide part (grids, block weights) goes to a worker once, each job carries
 * the indicator's values, published cells and candidates with their costs.
 */
import { threadId } from 'node:worker_threads';
import { auditValues, protectIndicator, type BlockValues, type CellSpec, type DisclosureGrid, type ExtraSum, type ValueFailure } from '@vw/analysis';

export type GridName = 'all' | 'victims' | 'victims_level';

/** The release-wide part of the check, in cloneable form. */
export interface ReleaseChecks {
  /** (A worker holds one at a time: the pool sends a grid with the first job that needs it.) */
  grids: Partial<Record<GridName, DisclosureGrid>>;
  /** Distinct block-weight maps; `weightOf[grid][i]` indexes them for the grid's i-th cell (−1: unweighted). */
  weightMaps: Map<string, number>[];
  weightOf: Record<GridName, Int32Array>;
  decimals: number;
  checked?: ReadonlySet<string>;
}

export interface IndicatorJob {
  /** Position in the build's order (results are reported in it). */
  index: number;
  key: string;
  grid: GridName;
  threshold: number;
  values: Map<string, BlockValues>;
  published: Set<string>;
  extra?: ExtraSum[];
  /** Ids of the cells (or extra sums) the protection may withdraw, and what each costs. */
  candidates: string[];
  costs: number[];
}

export interface IndicatorOutcome {
  index: number;
  key: string;
  /** Cell ids (and `v:` extra ids) withdrawn, in the order chosen. */
  withdrawn: string[];
  rounds: number;
  remaining: number;
  /** Non-empty: counts no withdrawal frees (decision 049); the audit did not run. */
  unfreeable: ValueFailure[];
  audit?: { ok: boolean; failures: ValueFailure[]; targets: number; earlier: number; lpSolves: number };
  protectLps: number;
  protectMs: number;
  auditMs: number;
  /** The thread that ran it (0: the build's own). */
  thread: number;
}

/** The block weights of a grid's cells, as `ValueInput.weights` wants them. */
function weightsOf(checks: ReleaseChecks, grid: GridName): ((c: CellSpec) => ReadonlyMap<string, number> | undefined) | undefined {
  const index = new Map<string, number>();
  const at = checks.weightOf[grid];
  checks.grids[grid]!.cells.forEach((c, i) => { if (at[i]! >= 0) index.set(c.id, at[i]!); });
  if (index.size === 0) return undefined;
  return (c) => { const i = index.get(c.id); return i === undefined ? undefined : checks.weightMaps[i]; };
}

/**
 * Converts a release's weight function to the cloneable form: one entry per distinct map (by
 * identity: a release has one map per period it publishes), an index per cell.
 */
export function releaseChecks(grids: Record<GridName, DisclosureGrid>, weights: ((c: CellSpec) => ReadonlyMap<string, number> | undefined) | undefined, rest: { decimals: number; checked?: ReadonlySet<string> }): ReleaseChecks {
  const maps: Map<string, number>[] = [];
  const ids = new Map<ReadonlyMap<string, number>, number>();
  const weightOf = {} as Record<GridName, Int32Array>;
  for (const name of Object.keys(grids) as GridName[]) {
    const cells = grids[name].cells;
    const at = new Int32Array(cells.length).fill(-1);
    if (weights) {
      cells.forEach((c, i) => {
        const w = weights(c);
        if (!w) return;
        let id = ids.get(w);
        if (id === undefined) { id = maps.length; ids.set(w, id); maps.push(new Map(w)); }
        at[i] = id;
      });
    }
    weightOf[name] = at;
  }
  return { grids, weightMaps: maps, weightOf, ...rest };
}

/** Per grid: the weight function and the cells by id (built once per grid and thread). */
const prepared = new WeakMap<DisclosureGrid, { weights: ReturnType<typeof weightsOf>; byId: Map<string, CellSpec> }>();

function gridContext(checks: ReleaseChecks, grid: GridName) {
  const g = checks.grids[grid];
  if (!g) throw new Error(`value check: grid ${grid} was not given`);
  let ctx = prepared.get(g);
  if (!ctx) {
    ctx = { weights: weightsOf(checks, grid), byId: new Map(g.cells.map((c) => [c.id, c])) };
    prepared.set(g, ctx);
  }
  return ctx;
}

/** Protection and then the audit of one indicator (what `protectIndicators` did inline before decision 092). */
export async function checkIndicator(checks: ReleaseChecks, job: IndicatorJob): Promise<IndicatorOutcome> {
  const { weights, byId } = gridContext(checks, job.grid);
  const extraById = new Map((job.extra ?? []).map((e) => [e.id, e]));
  const base = {
    grid: checks.grids[job.grid]!, threshold: job.threshold, values: job.values, published: job.published,
    ...(job.extra ? { extra: job.extra } : {}), ...(checks.checked ? { checked: checks.checked } : {}),
    ...(weights ? { weights, decimals: checks.decimals } : {}),
  };
  const cost = new Map(job.candidates.map((id, i) => [id, job.costs[i]!]));
  const candidates = job.candidates.map((id) => {
    const c = byId.get(id) ?? extraById.get(id);
    if (!c) throw new Error(`value check: candidate ${id} is no cell of grid ${job.grid}`);
    return c;
  });
  const t0 = performance.now();
  const p = await protectIndicator(base, { candidates, cost: (c) => cost.get(c.id)! });
  const t1 = performance.now();
  const out: IndicatorOutcome = {
    index: job.index, key: job.key, withdrawn: [...p.withdrawn], rounds: p.rounds, remaining: p.remaining.length,
    unfreeable: [...p.unfreeable], protectLps: p.lpSolves, protectMs: t1 - t0, auditMs: 0, thread: threadId,
  };
  if (p.unfreeable.length > 0) return out;
  const published = new Set(job.published);
  const withdrawnExtra = new Set<string>();
  for (const id of p.withdrawn) {
    if (id.startsWith('v:')) withdrawnExtra.add(id);
    else published.delete(id);
  }
  const audit = await auditValues({ ...base, published, hints: p.points, ...(job.extra ? { extra: job.extra.filter((e) => !withdrawnExtra.has(e.id)) } : {}) });
  out.auditMs = performance.now() - t1;
  out.audit = { ok: audit.ok, failures: [...audit.failures], targets: audit.targets, earlier: audit.earlier ?? 0, lpSolves: audit.lpSolves };
  return out;
}
