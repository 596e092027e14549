/**
 * Benchmark (issue 5): build, suppress, audit and freeze the release of every wave and every
 * pooled 4-year window of an organisation already in the database, oldest first (so each release
 * must respect all earlier ones). Prints JSON per release: cells, primary and complementary
 * suppressions per grid, the share of rows suppressed per tree depth, and time per phase.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/releases.ts [--org DEF] [--fresh] [--only 2018-2021]
 *   --fresh deletes the organisation's earlier releases first (benchmark databases only).
 */
import { openDatabase, targetFromEnv } from '../api/src/db/client.js';
import { env } from '../api/src/env.js';
import { buildRelease } from '../api/src/services/releases.js';
import { benchArgs, benchOrganisation, wavesAndWindows } from './bench-setup.js';

const values = benchArgs('DATABASE_URL=… npx tsx bench/releases.ts [--org DEF] [--fresh] [--only P1,P2]', {
  org: { type: 'string', default: 'DEF' }, fresh: { type: 'boolean' }, only: { type: 'string' },
});
const database = await openDatabase(targetFromEnv(env()));
await database.migrate();
const { db } = database;
const orgId = await benchOrganisation(db, values.org!, values.fresh);
const periods = values.only ? values.only.split(',') : await wavesAndWindows(db, orgId);

const results = [];
let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
for (const p of periods) {
  const t = performance.now();
  const s = await buildRelease(db, p, { org: values.org });
  const r = {
    release: s.id, rows: s.rows, suppressedRows: s.suppressed, comparisons: s.comparisons,
    grids: s.cells, suppressedShareByDepth: Object.fromEntries(Object.entries(s.suppressedShareByDepth).map(([d, v]) => [d, +v.toFixed(3)])),
    seconds: { table: +(s.millis.table / 1000).toFixed(1), suppress: +(s.millis.suppress / 1000).toFixed(1), audit: +(s.millis.audit / 1000).toFixed(1), store: +(s.millis.store / 1000).toFixed(1), total: +((performance.now() - t) / 1000).toFixed(1) },
  };
  results.push(r);
  console.error(`${r.release}: ${JSON.stringify(r.seconds)}`);
}
clearInterval(timer);
console.log(JSON.stringify({ database: database.kind, organisation: values.org, peakRssMB: Math.round(peak / 1048576), releases: results }, null, 1));
await database.close();
