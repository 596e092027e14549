/**
 * What the value check assumes a window published is what it published (decision 003, session
 * 11; decisions 040, 094): a window over census waves weights only the cells that pool several
 * waves, each wave's part with one weight (its units' headcount over their respondents), and a
 * cell over one wave's units carries that wave's unweighted share. Later checks read the part
 * weights and `weightedPooledOnly` from the stored pattern; were the rows weighted otherwise, a
 * weighted value would be an equation the check never saw.
 *
 * VAL-2021 surveys VAL-A and VAL-A1 (different staff per respondent), VAL-2022 VAL-B: in the
 * window 2019–2022, VAL pools two waves; VAL-A (with VAL-A1) and VAL-B hold one wave each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { buildRelease, getReleaseRows } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { importWave, valueFixture, type Respondent } from './helpers/value-fixture.js';

const people = (n: number, victims: number, unit: string): Respondent[] =>
  Array.from({ length: n }, (_, i) => ({ unit, gender: i % 2 ? 'man' : 'vrouw', age: '35_44', personnel: 'militair', victim: i < victims }));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, [...people(12, 8, 'VAL-A'), ...people(11, 0, 'VAL-A1')], { k: 5, kVictims: 3 }, [2021]);
  await importWave(t.db, people(15, 0, 'VAL-B'), 2022);
  // Staff per respondent: VAL-A's own 100 for 12, VAL-A1 11 for 11, VAL-B 15 for 15.
  for (const [unit, wave, headcount] of [['VAL-A', 'VAL-2021', 111], ['VAL-A1', 'VAL-2021', 11], ['VAL-B', 'VAL-2022', 15]] as const) {
    await t.db.execute(sql`update population set headcount = ${headcount} where period = ${wave} and dimension = 'all'
      and unit_id = (select id from units where code = ${unit})`);
  }
}, 120_000);
afterAll(async () => {
  await t?.destroy();
});

describe('a window’s published shares', () => {
  it('are weighted exactly where the stored pattern says, so the value check models every published value', async () => {
    await buildRelease(t.db, 'VAL-2021', { valueProtection: true });
    await buildRelease(t.db, 'VAL-2022', { valueProtection: true });
    const { id } = await buildRelease(t.db, '2019-2022', { valueProtection: true });
    const [stored] = await queryRows<{ p: { grid: { cells: { id: string; blocks: string[]; column: string }[] }; partWeights?: Record<string, number>; weightedPooledOnly?: boolean } }>(
      t.db, sql`select pattern as p from release_grids where release_id = ${id} and grid = 'all'`);
    const { grid, partWeights, weightedPooledOnly } = stored!.p;
    expect(weightedPooledOnly).toBe(true);
    // One weight per scope and wave part: Σ own staff / Σ respondents of the scope's units in it.
    expect(partWeights?.['VAL|VAL-2021']).toBeCloseTo(111 / 23, 12);
    expect(partWeights?.['VAL|VAL-2022']).toBeCloseTo(1, 12);
    // Per block (unit@wave) and column: respondents and victims, from the raw responses.
    const raw = await queryRows<{ block: string; gender: string; n: number; y: number }>(t.db, sql`
      select u.code || '@' || w.code as block, r.gender, count(*)::int as n, count(*) filter (where r.victim)::int as y
      from responses r join units u on u.id = r.unit_id join waves w on w.id = r.wave_id group by 1, 2`);
    const ny = (block: string, column: string) => raw.filter((r) => r.block === block && (column === 'all' || column === `gender:${r.gender}`))
      .reduce((s, r) => ({ n: s.n + r.n, y: s.y + r.y }), { n: 0, y: 0 });
    const cells = new Map(grid.cells.map((c) => [c.id, c]));
    const rows = (await getReleaseRows(t.db, id)).filter((r) => r.indicator === 'sv_experienced' && r.option === 'any' && r.base === 'all' && !r.suppressed && (r.dimension === 'all' || r.dimension === 'gender'));
    const seen = { pooled: 0, single: 0 };
    for (const r of rows) {
      const column = r.dimension === 'all' ? 'all' : `${r.dimension}:${r.group}`;
      const cell = cells.get(`2019-2022|${r.scope}|${column}`)!;
      const waves = new Set(cell.blocks.map((b) => b.slice(b.lastIndexOf('@'))));
      let wn = 0;
      let wy = 0;
      for (const b of cell.blocks) {
        const w = waves.size > 1 ? partWeights![`${r.scope}|${b.slice(b.lastIndexOf('@') + 1)}`]! : 1;
        const { n, y } = ny(b, column);
        wn += w * n;
        wy += w * y;
      }
      if (waves.size > 1) seen.pooled++;
      else seen.single++;
      expect(Math.abs(Number(r.value) - wy / wn), `${r.scope} ${column}`).toBeLessThanOrEqual(0.0005 + 1e-12);
    }
    expect(seen.pooled).toBeGreaterThan(0);
    expect(seen.single).toBeGreaterThan(0);
    // Weights matter here: VAL pools 8 victims of 38 to (111 · 8/23) / 126 (by wave part: VAL-A's
    // and VAL-A1's 23 respondents stand for their 111 staff together; weighted per unit it would
    // be (100 · 8/12) / 126 = 0.529); VAL-A holds 8 of 23 from one wave.
    const share = (scope: string) => Number(rows.find((r) => r.scope === scope && r.dimension === 'all')!.value);
    expect(share('VAL')).toBeCloseTo((111 * 8 / 23) / 126, 3);
    expect(share('VAL-A')).toBeCloseTo(8 / 23, 3);
  });
});
