/**
 * Memory of a release history (issue 10: the defence history with peak RSS ≤ 2 GB). Attaches to a
 * database holding a demo (e.g. one kept by `bench/value-profile.ts --keep`), optionally deletes
 * the organisation's releases first, builds the periods oldest first and prints, per release, its
 * seconds and CPU seconds, the peak RSS and heap while it was built and the peak RSS per step
 * (between the build's log lines: RSS and heap used), and a SHA-256 over its stored rows in a fixed order (to show
 * that a change leaves the published rows byte-identical).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/history-memory.ts \
 *     --attach DBNAME [--org DEF] [--fresh] [--periods DEF-2017,…,2017-2020] [--value-protection] [--gc]
 * Without --periods: every wave, then every pooled 4-year window (as bench/releases.ts).
 * --gc (run node with --expose-gc) collects garbage after each build and prints what stays.
 */
import { openDatabase, queryRows, sql } from '../api/src/db/client.js';
import { env } from '../api/src/env.js';
import { buildRelease } from '../api/src/services/releases.js';
import { benchArgs, benchOrganisation, wavesAndWindows } from './bench-setup.js';

const USAGE = 'DATABASE_URL=… npx tsx bench/history-memory.ts --attach DBNAME [--org DEF] [--fresh] [--periods P1,P2] [--value-protection] [--gc] [--no-hash]';
const args = benchArgs(USAGE, {
  attach: { type: 'string' }, org: { type: 'string', default: 'DEF' }, fresh: { type: 'boolean' }, periods: { type: 'string' },
  'value-protection': { type: 'boolean' }, gc: { type: 'boolean' }, 'no-hash': { type: 'boolean' },
});
const url = env().DATABASE_URL;
if (!url || !args.attach) {
  process.stderr.write(`set DATABASE_URL and --attach DBNAME\nusage: ${USAGE}\n`);
  process.exit(2);
}
const u = new URL(url);
u.pathname = `/${args.attach}`;
const database = await openDatabase({ url: u.toString() });
const { db } = database;
const orgId = await benchOrganisation(db, args.org!, args.fresh);
const periods = args.periods ? args.periods.split(',') : await wavesAndWindows(db, orgId);

const MB = (x: number) => Math.round(x / 1048576);
let peak = 0;
let peakHeap = 0;
let peakExternal = 0;
let stepPeak = 0;
let stepHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss); stepPeak = Math.max(stepPeak, m.rss); stepHeap = Math.max(stepHeap, m.heapUsed); peakHeap = Math.max(peakHeap, m.heapUsed); peakExternal = Math.max(peakExternal, m.external);
};
const timer = setInterval(sample, 20);
const gc = (globalThis as { gc?: () => void }).gc;

/** SHA-256 over the release's rows, ordered by every key column, as text. */
async function rowsHash(id: string): Promise<string> {
  const [r] = await queryRows<{ h: string; n: number }>(db, sql`
    select encode(sha256(convert_to(coalesce(string_agg(t, E'\n' order by t), ''), 'UTF8')), 'hex') as h, count(*)::int as n from (
      select concat_ws('|', scope, dimension, "group", indicator, option, base, n, count, value::text, ci_low::text, ci_high::text, suppressed, reason) as t
      from release_rows where release_id = ${id}) x`);
  return `${r!.h.slice(0, 16)} (${r!.n} rows)`;
}

const t0 = performance.now();
let overallPeak = 0;
const out = [];
for (const p of periods) {
  peak = 0; peakHeap = 0; peakExternal = 0; stepPeak = 0; stepHeap = 0; sample();
  const steps: string[] = [];
  const t = performance.now();
  const cpu = process.cpuUsage();
  const s = await buildRelease(db, p, {
    org: args.org, valueProtection: !!args['value-protection'],
    log: (line) => {
      sample();
      steps.push(`rss ${MB(stepPeak)} heap ${MB(stepHeap)} MB: ${line.slice(0, 60)}`);
      const m = process.memoryUsage();
      stepPeak = m.rss; stepHeap = m.heapUsed;
    },
  });
  const c = process.cpuUsage(cpu);
  sample();
  const seconds = +((performance.now() - t) / 1000).toFixed(1);
  overallPeak = Math.max(overallPeak, peak);
  let retained: number | undefined;
  if (args.gc && gc) { gc(); gc(); retained = MB(process.memoryUsage().heapUsed); }
  const r = {
    release: s.id, rows: s.rows, suppressed: s.suppressed, seconds, cpuSeconds: +((c.user + c.system) / 1e6).toFixed(1),
    phases: Object.fromEntries(Object.entries(s.millis).map(([k, v]) => [k, +(v / 1000).toFixed(1)])),
    peakRssMB: MB(peak), peakHeapMB: MB(peakHeap), peakExternalMB: MB(peakExternal), ...(retained !== undefined ? { heapAfterGcMB: retained } : {}),
    rowsSha256: args['no-hash'] ? undefined : await rowsHash(s.id),
  };
  out.push(r);
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(0)} s ${JSON.stringify(r)}\n${steps.map((x) => `    ${x}`).join('\n')}\n`);
}
clearInterval(timer);
console.log(JSON.stringify({ database: args.attach, peakRssMB: MB(overallPeak), seconds: +((performance.now() - t0) / 1000).toFixed(0), releases: out }, null, 1));
await database.close();
