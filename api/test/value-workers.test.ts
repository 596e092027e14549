/**
 * The value check's worker threads (decision 092): an indicator checked on a worker gets the same
 * input as in the build's thread — the block weights of a weighted release included — so the
 * outcome is the same; outcomes come back in the jobs' order.
 */
import { describe, expect, it } from 'vitest';
import { buildGrid, suppress, withdrawalCost, type BlockValues, type CellSpec, type DisclosureGrid } from '@vw/analysis';
import { parseEnv } from '../src/env.js';
import { releaseChecks, type IndicatorJob, type IndicatorOutcome } from '../src/services/value-indicator.js';
import { runIndicatorJobs, valueWorkers } from '../src/services/value-pool.js';

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

async function run(weighted: boolean, size: number): Promise<IndicatorOutcome[]> {
  const f = fixture();
  const checks = releaseChecks({ all: f.grid, victims: f.grid, victims_level: f.grid }, weighted ? () => f.weights : undefined, { decimals: 9, weighted });
  const out: IndicatorOutcome[] = [];
  await runIndicatorJobs(checks, 3, f.job, size, (o) => { out.push(o); });
  return out;
}

describe('value check on worker threads', () => {
  it('gives each indicator the same outcome as the build’s thread, weights included, in the jobs’ order', async () => {
    const f = fixture();
    expect(f.published.has('W1|P|all')).toBe(true);
    const inThread = await run(true, 0);
    const onWorkers = await run(true, 2);
    expect(inThread.map((o) => o.thread)).toEqual([0, 0, 0]);
    expect(onWorkers.every((o) => o.thread > 0)).toBe(true);
    expect(onWorkers.map((o) => o.index)).toEqual([0, 1, 2]);
    const result = (o: IndicatorOutcome) => ({ key: o.key, withdrawn: o.withdrawn, unfreeable: o.unfreeable, audit: o.audit && { ok: o.audit.ok, failures: o.audit.failures } });
    expect(onWorkers.map(result)).toEqual(inThread.map(result));
    // The weights matter: with them the protection withdraws and the audit passes; without them
    // (counts only) nothing is pinned and nothing is withdrawn.
    expect(inThread[0]!.withdrawn.length).toBeGreaterThan(0);
    expect(inThread[0]!.audit!.ok).toBe(true);
    const unweighted = await run(false, 2);
    expect(unweighted[0]!.withdrawn).toEqual([]);
  }, 60_000);

  it('stops handing out jobs after one says stop, and reports the ones before it', async () => {
    const f = fixture();
    const checks = releaseChecks({ all: f.grid, victims: f.grid, victims_level: f.grid }, () => f.weights, { decimals: 9, weighted: true });
    const seen: number[] = [];
    await runIndicatorJobs(checks, 6, f.job, 2, (o) => { seen.push(o.index); return o.index === 1 ? 'stop' : undefined; });
    expect(seen).toEqual([0, 1]);
  }, 60_000);

  it('runs the jobs of a worker that runs out of heap in the build’s thread, with the same outcomes', async () => {
    const f = fixture();
    const checks = releaseChecks({ all: f.grid, victims: f.grid, victims_level: f.grid }, () => f.weights, { decimals: 9, weighted: true });
    const out: IndicatorOutcome[] = [];
    await runIndicatorJobs(checks, 3, f.job, 2, (o) => { out.push(o); }, { maxOldGenerationSizeMb: 4 });
    expect(out.map((o) => o.thread)).toEqual([0, 0, 0]);
    const inThread = await run(true, 0);
    expect(out.map((o) => o.withdrawn)).toEqual(inThread.map((o) => o.withdrawn));
  }, 60_000);

  it('VW_VALUE_WORKERS: auto uses workers for weighted releases only; bad values are refused', () => {
    expect(valueWorkers('auto', true, 2)).toBe(2);
    expect(valueWorkers('auto', true, 16)).toBe(4);
    expect(valueWorkers('auto', true, 1)).toBe(0);
    expect(valueWorkers('auto', false, 8)).toBe(0);
    expect(valueWorkers(3, false, 1)).toBe(3);
    expect(parseEnv({}).VW_VALUE_WORKERS).toBe('auto');
    expect(parseEnv({ VW_VALUE_WORKERS: '0' }).VW_VALUE_WORKERS).toBe(0);
    for (const bad of ['two', '1.5', '-1', '17']) expect(() => parseEnv({ VW_VALUE_WORKERS: bad })).toThrow(/VW_VALUE_WORKERS: must be auto/);
  });
});
