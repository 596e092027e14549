/**
 * Replays the respondent-count audit (`auditRelease`) on patterns dumped by
 * bench/dump-release-grids.ts (no database): time (wall and CPU), LP solves, failures.
 *
 *   npx tsx bench/count-audit.ts DIR/DEF-2021-r1.all.json [--repeat 3] [--engine /abs/path/to/analysis/src]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type * as Analysis from '../analysis/src/index.js';
import type { CellStatus, DisclosureGrid, SuppressionResult } from '../analysis/src/index.js';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { repeat: { type: 'string', default: '1' }, engine: { type: 'string' } } });
const { auditRelease } = (await import(args.engine ? `${args.engine}/index.js` : '../analysis/src/index.js')) as typeof Analysis;
for (const file of positionals) {
  const d = JSON.parse(readFileSync(file, 'utf8')) as { rules: { k: number; kVictims: number; perpetratorMaxDepth: number }; grid: string; pattern: { grid: DisclosureGrid; statuses: [string, boolean][] } };
  const cells: CellStatus[] = d.pattern.statuses.map(([id, suppressed]) => ({ id, n: 0, suppressed, reason: suppressed ? 'previous' : null, protected: false }));
  const result: SuppressionResult = { cells, byId: new Map(cells.map((c) => [c.id, c])), stats: { cells: cells.length, primary: 0, complementary: 0, published: 0, watched: 0, basisRank: 0, millis: 0 } };
  const base = d.grid === 'all' ? 'all' : 'victims';
  for (let i = 0; i < Number(args.repeat); i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await auditRelease(d.pattern.grid, result, { base, ...d.rules });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    console.log(JSON.stringify({ file: file.split('/').pop(), run: i + 1, ok: r.ok, failures: r.failures.length, checked: r.checkedCells, lpSolves: r.lpSolves,
      wall: +wall.toFixed(1), cpu: +((cpu.user + cpu.system) / 1e6).toFixed(1), rankS: +(r.millis.rank / 1000).toFixed(1), lpS: +(r.millis.lp / 1000).toFixed(1) }));
  }
}
