/**
 * Benchmark (issue 4): build the complete unprotected table — every scope × period (each wave
 * and each pooled 4-year window) × dimension × indicator — for an organisation already in the
 * database, and one unit's complete table. Prints JSON with times and peak memory.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/analysis-table.ts [--org DEF] [--unit CODE]
 *   DATA_DIR=…               npx tsx bench/analysis-table.ts      (embedded PGlite)
 */
import { parseArgs } from 'node:util';
import { openDatabase, queryRows, sql, targetFromEnv } from '../api/src/db/client.js';
import { env } from '../api/src/env.js';
import { buildPeriodTable, type TableRow } from '../api/src/tables/build.js';
import { loadWaveCounts, type UnitCounts } from '../api/src/tables/counts.js';
import { layoutFor } from '../api/src/tables/layout.js';
import { werkbeleving } from '../questionnaire/src/index.js';
import { planPeriod } from '../api/src/tables/periods.js';

const { values } = parseArgs({ options: { org: { type: 'string', default: 'DEF' }, unit: { type: 'string' } } });
const database = await openDatabase(targetFromEnv(env()));
await database.migrate();
const { db } = database;
const [org] = await queryRows<{ id: number; code: string }>(db, sql`select id, code from organisations where code = ${values.org!}`);
if (!org) throw new Error(`no organisation ${values.org}`);
const ws = await queryRows<{ code: string; year: number }>(db, sql`
  select code, extract(year from closes_at)::int as year from waves where organisation_id = ${org.id} order by closes_at`);
const years = ws.map((w) => w.year);
const periods = [...ws.map((w) => w.code)];
for (let y = Math.min(...years); y + 3 <= Math.max(...years); y++) periods.push(`${y}-${y + 3}`);

let peakRss = 0;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
const timer = setInterval(sample, 50);
const cache = new Map<number, UnitCounts>();
const timing = { sqlMillis: 0 };
const t0 = performance.now();
// All waves' count tables, two queries at a time (the database has two cores to aggregate on).
const waveIds = await queryRows<{ id: number }>(db, sql`select id from waves where organisation_id = ${org.id}`);
await loadWaveCounts(db, layoutFor(werkbeleving), waveIds.map((w) => w.id), cache, 2);
timing.sqlMillis = performance.now() - t0;
let rows = 0;
const perPeriod: Record<string, { rows: number; millis: number }> = {};
let lastScopes = 0;
for (const p of periods) {
  const t = performance.now();
  const plan = await planPeriod(db, p, { org: org.code });
  let n = 0;
  const table = await buildPeriodTable(db, plan, (batch: TableRow[]) => { n += batch.length; }, { countsCache: cache, timing });
  lastScopes = Math.max(lastScopes, table.scopes.length);
  rows += n;
  perPeriod[p] = { rows: n, millis: Math.round(performance.now() - t) };
  sample();
}
const total = performance.now() - t0;

// One unit's complete table: a unit of the latest wave, every column and indicator.
const latest = ws[ws.length - 1]!;
const plan = await planPeriod(db, latest.code);
// Default: the brigade with the most respondents in the latest wave.
const respondentsUnder = (code: string) => plan.inner.filter((r) => {
  for (let u = plan.tree.get(r.unitId); u; u = u.parentId === null ? undefined : plan.tree.get(u.parentId)) if (u.code === code) return true;
  return false;
}).reduce((s, r) => s + r.respondents, 0);
const unitCode = values.unit ?? [...plan.tree.values()].filter((u) => u.level === 'brigade').map((u) => ({ code: u.code, n: respondentsUnder(u.code) })).sort((a, b) => b.n - a.n)[0]!.code;
const unitPlan = { ...plan, inner: plan.inner.filter((r) => {
  for (let u = plan.tree.get(r.unitId); u; u = u.parentId === null ? undefined : plan.tree.get(u.parentId)) if (u.code === unitCode) return true;
  return false;
}) };
const tu = performance.now();
let unitRows = 0;
await buildPeriodTable(db, unitPlan, (b) => { unitRows += b.filter((r) => r.scope === unitCode).length; }, { countsCache: cache });
const unitMillis = performance.now() - tu;
clearInterval(timer);
sample();
console.log(JSON.stringify({
  database: database.kind, organisation: org.code, periods: periods.length, rows, scopesMax: lastScopes,
  totalSeconds: +(total / 1000).toFixed(1), sqlSeconds: +(timing.sqlMillis / 1000).toFixed(1),
  unit: unitCode, unitRows, unitMillis: Math.round(unitMillis), peakRssMB: Math.round(peakRss / 1048576), perPeriod,
}, null, 1));
await database.close();
