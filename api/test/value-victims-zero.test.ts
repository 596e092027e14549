/**
 * Regression (decision 043): the value check once took a victims-grid cell with 0 victims as a
 * published victims count of 0. The grid does not suppress such a cell (n = 0 is not below
 * k_victims) but the release always does (n = 0 rows, decision 041), so nobody outside reads that
 * 0; counting it as published "stated" all members of the cell as non-victims and exempted them
 * from the check, and the outside attacker pinned an `sv_experienced/any` count at 0. Here: a
 * small organisation whose VAL-B has 2 respondents of gender `anders`, neither a victim, built with
 * the value check on, attacked by decision 040's independent outside attacker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { buildRelease, getReleaseRows } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { pinnedVictimCounts, SMALL_ORGANISATION, valueFixture } from './helpers/value-fixture.js';

const K = 5;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, SMALL_ORGANISATION, { k: K, kVictims: 3 });
}, 120_000);
afterAll(async () => { await t?.destroy(); });

describe('value check: a victims cell with 0 victims is not a published zero', () => {
  it('leaves no suppressed sv_experienced/any count pinned', async () => {
    const s = await buildRelease(t.db, 'VAL-2024', { valueProtection: true });
    expect(s.disclosure.perIndicator.enabled).toBe(true);
    expect(s.disclosure.audit.checks).toContain('value');

    // The situation of the bug is there: victims-grid cells with 0 victims left unsuppressed by
    // the grid, among them VAL-B's `anders`, whose release rows are suppressed all the same.
    const [stored] = await queryRows<{ pattern: { grid: { blocks: { id: string; counts: Record<string, number> }[]; cells: { id: string; blocks: string[]; column: string }[] }; statuses: [string, boolean][] } }>(
      t.db, sql`select pattern from release_grids where release_id = ${s.id} and grid = 'victims'`,
    );
    const { grid, statuses } = stored!.pattern;
    const counts = new Map(grid.blocks.map((b) => [b.id, b.counts]));
    const suppressed = new Map(statuses);
    const victimsOf = (c: { blocks: string[]; column: string }) => c.blocks.reduce((n, b) => n + (counts.get(b)?.[c.column] ?? 0), 0);
    const zeroUnsuppressed = grid.cells.filter((c) => suppressed.get(c.id) === false && victimsOf(c) === 0).map((c) => c.id);
    expect(zeroUnsuppressed).toContain('VAL-2024|VAL-B|gender:anders');
    const rows = await getReleaseRows(t.db, s.id);
    const anders = rows.filter((r) => r.scope === 'VAL-B' && r.dimension === 'gender' && r.group === 'anders');
    expect(anders.filter((r) => r.base === 'victims').every((r) => r.suppressed)).toBe(true);
    expect(anders.find((r) => r.indicator === 'sv_experienced' && r.option === 'any' && r.base === 'all')!.suppressed).toBe(true);

    // The outside attacker pins none of the small suppressed cells (it had VAL-B's `anders` at
    // [0, 0] while the value check counted the unpublished victims zero).
    const attack = await pinnedVictimCounts(t.db, s.id, 'VAL-2024', K);
    expect(attack.targets).toBeGreaterThan(0);
    expect(attack.pinned).toEqual([]);
  }, 120_000);
});
