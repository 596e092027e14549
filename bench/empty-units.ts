/**
 * Benchmark (decision 046): what putting surveyed units nobody answered in into the disclosure
 * grids costs. Loads the small demo into a fresh database, removes the DEF-2024 answers of some
 * surveyed leaf units, builds DEF-2023, DEF-2024 and the 2022-2024 window oldest first, and
 * prints per release and grid the complementary suppressions per tree depth (own cells, hidden
 * rows left out), the share of rows suppressed per depth and the time.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/empty-units.ts [--every 10] [--units A,B]
 *     [--size defence --periods 2018-2021,DEF-2021]
 *   --units  codes of the units whose DEF-2024 answers are removed (default: the read-back
 *            test's two companies; `none`: the demo as generated); --every n also removes every
 *            n-th surveyed leaf by code.
 * Runs on any version of the code (before 046 the emptied units are outside the grids).
 */
import { parseArgs } from 'node:util';
import { cellCount, primaryDecision, type Block, type DisclosureGrid } from '../analysis/src/index.js';
import { queryRows, sql } from '../api/src/db/client.js';
import { loadDemo } from '../api/src/services/load-demo.js';
import { buildRelease } from '../api/src/services/releases.js';
import { createTestDatabase } from '../api/test/helpers/db.js';

const { values } = parseArgs({ options: {
  every: { type: 'string' }, units: { type: 'string' }, size: { type: 'string', default: 'small' }, periods: { type: 'string' },
} });
const t = await createTestDatabase();
try {
  await loadDemo(t.db, { size: values.size === 'defence' ? 'defence' : 'small' });
  const [w] = await queryRows<{ id: number }>(t.db, sql`select id from waves where code = 'DEF-2024'`);
  const chosen = new Set(values.units === 'none' ? [] : (values.units ?? 'CLAS-43MECHBRIG-44PAINFBAT-ACIE,CLAS-43MECHBRIG-45PAINFBAT-ACIE').split(','));
  if (values.every) {
    const leaves = await queryRows<{ code: string }>(t.db, sql`select distinct u.code from responses r join units u on u.id = r.unit_id
      where r.wave_id = ${w!.id} and not exists (select 1 from units c where c.parent_id = u.id) order by u.code`);
    leaves.forEach((l, i) => { if (i % Number(values.every) === 0) chosen.add(l.code); });
  }
  if (chosen.size > 0) await queryRows(t.db, sql`delete from responses where wave_id = ${w!.id} and unit_id in (select id from units where code in ${sql.raw(`(${[...chosen].map((c) => `'${c}'`).join(',')})`)})`);
  const out = [];
  for (const period of values.periods?.split(',') ?? ['DEF-2023', 'DEF-2024', '2022-2024']) {
    const started = performance.now();
    const s = await buildRelease(t.db, period);
    const grids = await queryRows<{ grid: string; pattern: { grid: DisclosureGrid; statuses: [string, boolean][] } }>(t.db,
      sql`select grid, pattern from release_grids where release_id = ${s.id}`);
    const byGrid: Record<string, { complementary: number; byDepth: Record<string, number>; primary: number; nobodyAnsweredBlocks: string[] }> = {};
    for (const { grid, pattern } of grids) {
      const blocks = new Map<string, Block>(pattern.grid.blocks.map((b) => [b.id, b]));
      const status = new Map(pattern.statuses);
      const threshold = grid === 'all' ? s.disclosure.rules.k : s.disclosure.rules.kVictims;
      const totals = new Map<string, number>();
      for (const c of pattern.grid.cells) if (c.column === 'all' && c.scope !== undefined && !c.hidden) totals.set(c.scope, cellCount(c, blocks));
      const acc = { complementary: 0, byDepth: {} as Record<string, number>, primary: 0, nobodyAnsweredBlocks: pattern.grid.blocks.filter((b) => b.nobodyAnswered).map((b) => b.id) };
      for (const c of pattern.grid.cells) {
        if (c.hidden || c.id.includes('#') || !status.get(c.id)) continue;
        const unknown = c.blocks.some((b) => blocks.get(b)?.nobodyAnswered === true);
        const d = primaryDecision(c, cellCount(c, blocks), c.scope === undefined ? undefined : totals.get(c.scope), threshold, 'min_n', unknown);
        if (d.reason !== null) { acc.primary++; continue; }
        acc.complementary++;
        acc.byDepth[String(c.depth ?? 0)] = (acc.byDepth[String(c.depth ?? 0)] ?? 0) + 1;
      }
      byGrid[grid] = acc;
    }
    out.push({
      release: s.id, rows: s.rows, suppressedRows: s.suppressed, grids: byGrid,
      suppressedShareByDepth: Object.fromEntries(Object.entries(s.suppressedShareByDepth).map(([d, v]) => [d, +v.toFixed(3)])),
      seconds: { suppress: +(s.millis.suppress / 1000).toFixed(1), audit: +(s.millis.audit / 1000).toFixed(1), total: +((performance.now() - started) / 1000).toFixed(1) },
    });
  }
  console.log(JSON.stringify({ emptied: [...chosen].sort(), releases: out }, null, 1));
} finally {
  await t.destroy();
}
