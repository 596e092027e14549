/**
 * Builds releases of a demo oldest first in a scratch database and dumps each release's stored
 * disclosure patterns (grid and statuses per grid, as `release_grids` holds them) to JSON, so the
 * count audit (`auditRelease`) can be profiled without a database: see bench/count-audit.ts.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/dump-release-grids.ts --size defence --periods DEF-2018,DEF-2021 --out DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { queryRows, sql } from '../api/src/db/client.js';
import { loadDemo } from '../api/src/services/load-demo.js';
import { buildRelease } from '../api/src/services/releases.js';
import { createTestDatabase } from '../api/test/helpers/db.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'small' }, periods: { type: 'string' }, out: { type: 'string' } } });
if (!values.out || !values.periods) throw new Error('usage: dump-release-grids.ts --periods P1,P2 --out DIR [--size small|defence]');
mkdirSync(values.out, { recursive: true });
const t = await createTestDatabase();
try {
  await loadDemo(t.db, { size: values.size === 'defence' ? 'defence' : 'small' });
  for (const period of values.periods.split(',')) {
    const s = await buildRelease(t.db, period, { log: (l) => console.error(l) });
    const grids = await queryRows<{ grid: string; pattern: unknown }>(t.db, sql`select grid, pattern from release_grids where release_id = ${s.id}`);
    for (const g of grids) writeFileSync(`${values.out}/${s.id}.${g.grid}.json`, JSON.stringify({ rules: s.disclosure.rules, grid: g.grid, pattern: g.pattern }));
    console.error(`${s.id}: ${grids.length} grids dumped; suppress ${(s.millis.suppress / 1000).toFixed(1)} s, audit ${(s.millis.audit / 1000).toFixed(1)} s`);
  }
} finally {
  await t.destroy();
}
