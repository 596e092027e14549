/**
 * The per-indicator value check of decision 040, wired into release builds behind an option
 * (decision 041): on a fresh organisation history it protects, audits and says so in the summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { releases } from '../src/db/schema.js';
import { runCommand } from '../src/cli/commands.js';
import { loadDemo } from '../src/services/load-demo.js';
import { getReleaseRows } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let t: TestDatabase;
const out: string[] = [];
const cli = async (...argv: string[]) => { out.length = 0; await runCommand(t, argv, (l) => out.push(l)); return out.join('\n'); };

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemo(t.db, { size: 'small' });
}, 120_000);
afterAll(async () => { await t.destroy(); });

describe('release build --value-protection', () => {
  it('withdraws cells per indicator, passes the value audit and says so in the summary', async () => {
    const id = await cli('release', 'build', '--period', 'DEF-2023', '--value-protection');
    expect(id).toBe('DEF-2023-r1');
    const [rel] = await t.db.select().from(releases).where(eq(releases.id, id));
    const d = (rel!.summary as { disclosure: { audit: { passed: boolean; checks: string[] }; perIndicator: { enabled: boolean; cells: number; byDepth: Record<string, number> }; rowsByReason: Record<string, number> } }).disclosure;
    expect(d.perIndicator.enabled).toBe(true);
    expect(d.audit.passed).toBe(true);
    expect(d.audit.checks).toContain('value');
    expect(d.perIndicator.cells).toBeGreaterThan(0);
    expect(Object.values(d.perIndicator.byDepth).reduce((a, b) => a + b, 0)).toBe(d.perIndicator.cells);
    // the withdrawn cells' rows are suppressed, under the one label, with no numbers
    const rows = await getReleaseRows(t.db, id);
    expect(rows.filter((r) => r.suppressed).length).toBe((rel!.summary as { suppressed: number }).suppressed);
    expect(d.rowsByReason.indicator).toBeGreaterThan(0);
    for (const r of rows.filter((x) => x.suppressed)) {
      expect(['suppressed', 'level']).toContain(r.reason);
      expect([r.n, r.count, r.value]).toEqual([null, null, null]);
    }
  }, 300_000);
});
