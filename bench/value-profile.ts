/**
 * Profile of the per-indicator value check (issue 10, decision 042). Loads a demo into a scratch
 * PostgreSQL database (or attaches to one kept by an earlier run), builds releases oldest first
 * and prints each build's log with timestamps, its time and the peak RSS (the kernel's high-water mark,
 * reset per build, where Linux gives it). With --dump DIR every
 * `protectIndicator` input of the listed periods is written to DIR (one JSON per indicator, the
 * grids once), so `bench/value-replay.ts` can time the engine on them without a database.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/value-profile.ts \
 *     [--size defence] [--periods DEF-2018,2015-2018,…] [--no-value-protection] [--keep]
 *     [--attach DBNAME [--fresh]] [--dump DIR --dump-periods 2015-2018]
 * Without --periods: every wave, then the 4-year window that ends with it, oldest first.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { valueTrace, type ValueInput, type ProtectOptions, type DisclosureGrid } from '../analysis/src/index.js';
import { openDatabase, queryRows, sql } from '../api/src/db/client.js';
import { createTestDatabase } from '../api/test/helpers/db.js';
import { env } from '../api/src/env.js';
import { loadDemo } from '../api/src/services/load-demo.js';
import { buildRelease } from '../api/src/services/releases.js';

const { values: args } = parseArgs({ options: {
  size: { type: 'string', default: 'defence' }, periods: { type: 'string' }, keep: { type: 'boolean' }, attach: { type: 'string' },
  'no-value-protection': { type: 'boolean' }, fresh: { type: 'boolean' }, dump: { type: 'string' }, 'dump-periods': { type: 'string' },
} });
const url = env().DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL');
const t0 = performance.now();
const stamp = () => `${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s`;
let database: Awaited<ReturnType<typeof createTestDatabase>> | Awaited<ReturnType<typeof openDatabase>>;
if (args.attach) {
  const u = new URL(url);
  u.pathname = `/${args.attach}`;
  database = await openDatabase({ url: u.toString() });
} else {
  database = await createTestDatabase();
}
const { db } = database;
const name = (await queryRows<{ d: string }>(db, sql`select current_database() as d`))[0]!.d;
process.stderr.write(`${stamp()} database ${name}\n`);
if (!args.attach) {
  await loadDemo(db, { size: args.size as 'small' | 'defence' }, (l) => process.stderr.write(`${stamp()} ${l}\n`));
  process.stderr.write(`${stamp()} demo loaded\n`);
}
if (args.fresh) {
  // Benchmark databases only: drop every earlier release first.
  for (const table of ['release_grids', 'release_comparisons', 'release_rows', 'releases']) await db.execute(sql`delete from ${sql.raw(table)}`);
}
let periods: string[];
if (args.periods) periods = args.periods.split(',');
else {
  const ws = await queryRows<{ code: string; year: number }>(db, sql`select code, extract(year from closes_at)::int as year from waves order by closes_at`);
  const first = ws[0]!.year;
  periods = ws.flatMap((w) => (w.year - 3 >= first ? [w.code, `${w.year - 3}-${w.year}`] : [w.code]));
}
const dumpPeriods = new Set((args['dump-periods'] ?? '').split(',').filter(Boolean));
let current = '';
let dumpIndex = 0;
let dumpObjects = 0;
const gridIds = new WeakMap<DisclosureGrid, number>();
const weightIds = new WeakMap<ReadonlyMap<string, number>, number>();
if (args.dump) {
  mkdirSync(args.dump, { recursive: true });
  valueTrace.onProtect = (input: ValueInput, opts: ProtectOptions) => {
    if (!dumpPeriods.has(current)) return;
    const dir = `${args.dump}/${current}`;
    mkdirSync(dir, { recursive: true });
    let g = gridIds.get(input.grid);
    if (g === undefined) {
      g = ++dumpObjects;
      gridIds.set(input.grid, g);
      writeFileSync(`${dir}/grid-${g}.json`, JSON.stringify(input.grid));
    }
    const weights: Record<string, number> = {};
    for (const c of input.grid.cells) {
      if (!input.published.has(c.id)) continue;
      const w = input.weights?.(c);
      if (!w) continue;
      let id = weightIds.get(w);
      if (id === undefined) {
        id = ++dumpObjects;
        weightIds.set(w, id);
        writeFileSync(`${dir}/weights-${id}.json`, JSON.stringify([...w]));
      }
      weights[c.id] = id;
    }
    writeFileSync(`${dir}/indicator-${String(dumpIndex).padStart(3, '0')}.json`, JSON.stringify({
      grid: g, threshold: input.threshold, values: [...input.values], published: [...input.published], extra: input.extra ?? null,
      decimals: input.decimals ?? 3, weights,
      candidates: opts.candidates.map((c) => ({ ...c, cost: opts.cost(c), lastResort: opts.lastResort?.(c) ?? false })),
    }));
    dumpIndex++;
  };
}
let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
/**
 * The kernel's peak RSS of this process (VmHWM) since the last reset: exact, unlike the sampler
 * above, whose timer does not fire while an indicator's LPs hold the thread. Linux only (else
 * undefined); `reset` starts a new peak (clear_refs 5).
 */
const kernelPeak = (reset = false): number | undefined => {
  try {
    if (reset) { writeFileSync('/proc/self/clear_refs', '5'); return undefined; }
    const kb = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
};
const out: { period: string; seconds: number; cpuSeconds: number; peakRssMB: number; error?: string; withdrawn?: number }[] = [];
let overall = 0;
for (const p of periods) {
  current = p;
  const t = performance.now();
  const c0 = process.cpuUsage();
  overall = Math.max(overall, peak);
  peak = process.memoryUsage().rss;
  kernelPeak(true);
  // CPU seconds of the whole process (every thread) and the peak RSS during this build.
  const measured = () => {
    peak = Math.max(peak, kernelPeak() ?? 0);
    return { seconds: +((performance.now() - t) / 1000).toFixed(1), cpuSeconds: +((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e6).toFixed(1), peakRssMB: Math.round(peak / 1048576) };
  };
  try {
    const s = await buildRelease(db, p, { log: (l) => process.stderr.write(`${stamp()}   ${l}\n`), valueProtection: !args['no-value-protection'],
      // (The dump hook sees the inputs of this thread only: no worker threads while dumping.)
      ...(args.dump ? { valueThreads: 1 } : {}) });
    const m = measured();
    out.push({ period: p, ...m, withdrawn: s.disclosure?.perIndicator.cells ?? 0 });
    process.stderr.write(`${stamp()} ${s.id}: ${m.seconds} s, ${m.cpuSeconds} CPU s, peak RSS ${m.peakRssMB} MB\n`);
  } catch (e) {
    const m = measured();
    out.push({ period: p, ...m, error: (e as Error).message.slice(0, 300) });
    process.stderr.write(`${stamp()} ${p}: REFUSED after ${m.seconds} s (${m.cpuSeconds} CPU s, peak RSS ${m.peakRssMB} MB): ${(e as Error).message.slice(0, 300)}\n`);
  }
}
overall = Math.max(overall, peak);
clearInterval(timer);
console.log(JSON.stringify({ database: name, peakRssMB: Math.round(overall / 1048576), releases: out }, null, 1));
if (!args.keep && !args.attach && 'destroy' in database) await database.destroy();
else await database.close();
