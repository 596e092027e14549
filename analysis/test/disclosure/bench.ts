// Timing of suppression and audit on a synthetic release:
// `npx tsx test/disclosure/bench.ts [units] [scale] [nolp]` (scale multiplies unit sizes).
// Base `all` without the level rule; base `victims` (about 15% of respondents) with it.
import { auditRelease, buildGrid, suppress, type UnitCounts } from '../../src/disclosure/index.js';
import { DEFENCE_DIMENSIONS, syntheticOrganisation } from './synthetic.js';

const size = Number(process.argv[2] ?? 600);
const scale = Number(process.argv[3] ?? 1);
const lp = process.argv[4] !== 'nolp';
const org = syntheticOrganisation(size, 42, { scale });
const victims = syntheticOrganisation(size, 43, { scale: scale * 0.15 });
const runs = [
  { base: 'all' as const, units: org.units.map((u) => ({ code: u.code, parent: u.parent })), counts: org.counts },
  { base: 'victims' as const, units: victims.units, counts: victims.counts as UnitCounts[] },
];
for (const run of runs) {
  const grid = buildGrid({ period: 'W1', units: run.units, dimensions: DEFENCE_DIMENSIONS, waves: ['W1'], counts: run.counts });
  let t = performance.now();
  const result = suppress(grid, { base: run.base });
  const s = result.stats;
  console.log(
    `${run.base}: ${grid.cells.length} cells, primary ${s.primary}, complementary ${s.complementary}, published ${s.published}; suppress ${(performance.now() - t).toFixed(0)} ms`,
  );
  t = performance.now();
  const report = await auditRelease(grid, result, { base: run.base }, { lp });
  console.log(
    `  audit ${(performance.now() - t).toFixed(0)} ms (rank+insider ${report.millis.rank.toFixed(0)}, lp ${report.millis.lp.toFixed(0)}, ${report.lpSolves} LPs), checked ${report.checkedCells}, ok ${report.ok}`,
    report.failures.slice(0, 3),
  );
}
