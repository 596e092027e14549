/**
 * The value check's worker threads (decision 092): an indicator checked on a worker gets the same
 * input as in the build's thread — the block weights of a weighted release included — so the
 * outcome is the same; outcomes come back in the jobs' order.
 */
import { describe, expect, it } from 'vitest';
import { buildGrid, suppress, withdrawalCost, type BlockValues, type CellSpec, type DisclosureGrid } from '@vw/analysis';
import { parseEnv } from '../src/env.js';
import { releaseChecks, type IndicatorJob, type IndicatorOutcome } from '../src/services/value-indicator.js';
import { runIndicatorJobs, THREADED_CELLS, valueThreads } from '../src/services/value-pool.js';

/**
 * P with A (6 respondents, 1 yes) and B (7, 3 yes); only P is published (13, 4 yes). Counts alone
 * leave A's and B's yes-counts open; P's weighted value (A weighs 1.37, B 2.91) to nine decimals
 * pins them (analysis/test/disclosure/values.test.ts), so the protection must withdraw.
 */
function fixture() {
  const gender = { name: 'gender', groups: ['man', 'vrouw'] };
  const units = [{ code: 'P', parent: null }, { code: 'A', parent: 'P' }, { code: 'B', parent: 'P' }];
  const split: Record<string, [number, number]> = { A: [6, 1], B: [7, 3] };
  const counts = Object.entries(split).map(([unit, [n]]) => ({ unit, wave: 'W1', counts: { all: n, 'gender:man': n, 'gender:vrouw': 0 } }));
  const grid: DisclosureGrid = buildGrid({ period: 'W1', units, dimensions: [gender], waves: ['W1'], counts });
  const values = new Map<string, BlockValues>(Object.entries(split).map(([unit, [n, y]]) => [`${unit}@W1`, { n: { all: n, 'gender:man': n }, y: { all: y, 'gender:man': y } }]));
  const result = suppress(grid, { base: 'all', k: 10 });
  const published = new Set(grid.cells.filter((c) => result.byId.get(c.id)?.suppressed === false).map((c) => c.id));
  const weights = new Map([['A@W1', 1.37], ['B@W1', 2.91]]);
  const nOf = (c: CellSpec) => c.blocks.reduce((s, b) => s + (values.get(b)?.n[c.column] ?? 0), 0);
  const candidates = grid.cells.filter((c) => published.has(c.id));
  const job = (index: number): IndicatorJob => ({
    // (The third job reads another grid: a worker holds one at a time and gets the next with its job.)
    index, key: `k${index}`, grid: index === 2 ? 'victims' : 'all', threshold: 10, values, published,
    candidates: candidates.map((c) => c.id), costs: candidates.map((c) => withdrawalCost(c, nOf(c))),
  });
  return { grid, weights, job, published };
}

/** Enough jobs that the worker gets some while this thread runs its own. */
const JOBS = 6;

async function run(weighted: boolean, threads: number): Promise<IndicatorOutcome[]> {
  const f = fixture();
  const checks = releaseChecks({ all: f.grid, victims: f.grid, victims_level: f.grid }, weighted ? () => f.weights : undefined, { decimals: 9 });
  const out: IndicatorOutcome[] = [];
  await runIndicatorJobs(checks, JOBS, f.job, threads, (o) => { out.push(o); });
  return out;
}

describe('value check on worker threads', () => {
  it('gives each indicator the same outcome as the build’s thread, weights included, in the jobs’ order', async () => {
    const f = fixture();
    expect(f.published.has('W1|P|all')).toBe(true);
    const inThread = await run(true, 1);
    const threaded = await run(true, 2);
    expect(inThread.map((o) => o.thread)).toEqual(Array(JOBS).fill(0));
    // This thread and one worker share the jobs.
    expect(threaded.some((o) => o.thread > 0)).toBe(true);
    expect(threaded.map((o) => o.index)).toEqual([...Array(JOBS).keys()]);
    // The worker gets the first three jobs; this thread, done with its own while the worker still
    // starts (tsx, HiGHS: about a second against milliseconds a job), takes back the ones not started.
    expect(threaded.slice(0, 3).some((o) => o.thread === 0), threaded.map((o) => o.thread).join(',')).toBe(true);
    const result = (o: IndicatorOutcome) => ({ key: o.key, withdrawn: o.withdrawn, unfreeable: o.unfreeable, audit: o.audit && { ok: o.audit.ok, failures: o.audit.failures } });
    expect(threaded.map(result)).toEqual(inThread.map(result));
    // The weights matter: with them the protection withdraws and the audit passes; without them
    // (counts only) nothing is pinned and nothing is withdrawn.
    expect(inThread[0]!.withdrawn.length).toBeGreaterThan(0);
    expect(inThread[0]!.audit!.ok).toBe(true);
    const unweighted = await run(false, 2);
    for (const o of unweighted) expect(o.withdrawn).toEqual([]);
    expect(unweighted.some((o) => o.thread > 0)).toBe(true);
  }, 60_000);

  it('stops handing out jobs after one says stop, and reports the ones before it', async () => {
    const f = fixture();
    const checks = releaseChecks({ all: f.grid, victims: f.grid, victims_level: f.grid }, () => f.weights, { decimals: 9 });
    const seen: number[] = [];
    await runIndicatorJobs(checks, 8, f.job, 3, (o) => { seen.push(o.index); return o.index === 1 ? 'stop' : undefined; });
    expect(seen).toEqual([0, 1]);
  }, 60_000);

  it('runs the jobs of a worker that runs out of heap in the build’s thread, with the same outcomes', async () => {
    const f = fixture();
    const checks = releaseChecks({ all: f.grid, victims: f.grid, victims_level: f.grid }, () => f.weights, { decimals: 9 });
    const out: IndicatorOutcome[] = [];
    await runIndicatorJobs(checks, JOBS, f.job, 3, (o) => { out.push(o); }, { maxOldGenerationSizeMb: 4 });
    expect(out.map((o) => o.thread)).toEqual(Array(JOBS).fill(0));
    const inThread = await run(true, 1);
    expect(out.map((o) => o.withdrawn)).toEqual(inThread.map((o) => o.withdrawn));
  }, 60_000);

  it('VW_VALUE_THREADS: 1 by default; auto uses a thread per core (up to 4) for large weighted releases only; bad values are refused', () => {
    const big = THREADED_CELLS;
    expect(valueThreads('auto', true, big, 2)).toBe(2);
    expect(valueThreads('auto', true, big, 16)).toBe(4);
    expect(valueThreads('auto', true, big, 1)).toBe(1);
    expect(valueThreads('auto', true, big - 1, 8)).toBe(1);
    expect(valueThreads('auto', false, big, 8)).toBe(1);
    expect(valueThreads(3, false, 10, 1)).toBe(3);
    expect(parseEnv({}).VW_VALUE_THREADS).toBe(1);
    expect(parseEnv({ VW_VALUE_THREADS: 'auto' }).VW_VALUE_THREADS).toBe('auto');
    expect(parseEnv({ VW_VALUE_THREADS: '1' }).VW_VALUE_THREADS).toBe(1);
    for (const bad of ['two', '1.5', '0', '17']) expect(() => parseEnv({ VW_VALUE_THREADS: bad }), bad).toThrow(/VW_VALUE_THREADS: must be auto/);
  });
});
