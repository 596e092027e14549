/**
 * A window that determines part of the next window (decision 082, addendum session 11). Found on
 * the defence demo built in the order its releases close: the windows 2018–2021 and 2022–2025 were
 * refused, because the window before each, with the waves, already revealed some of their small
 * cells — cells to which the next wave adds nobody, so they are sums of the earlier window's
 * blocks that no pattern of the later releases can hide.
 *
 * Reduced: VAL has staff of its own and two units below it; the survey cycle is three years, k 5.
 * VAL-2021 surveys VAL-A (10 women, 20 men), VAL-2022 VAL-B (2 women, 20 men), VAL-2023 VAL's own
 * staff (2 women, 20 men); VAL-2024 surveys VAL-A again (20 men). Unplanned, the window 2020–2023
 * published VAL's 14 women and VAL-2021 VAL's 10: their difference is the 4 women of VAL-B and
 * VAL's own staff, which is exactly what the window 2021–2024 has for VAL's women (VAL-A's 2024
 * wave adds none). VAL-2024 was then built without planning that window, and the window was
 * refused: "VAL-2021-r1#VAL-2021|VAL|gender:man exposes 2021-2024|VAL|gender:vrouw".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { buildRelease, getReleaseRows } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { importWave, valueFixture, type Respondent } from './helpers/value-fixture.js';

const many = (n: number, unit: string, gender: string): Respondent[] =>
  Array.from({ length: n }, () => ({ unit, gender, age: '35_44', personnel: 'militair', victim: false }));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, [...many(10, 'VAL-A', 'vrouw'), ...many(20, 'VAL-A', 'man')], { k: 5, kVictims: 3 }, [2021]);
  await importWave(t.db, [...many(2, 'VAL-B', 'vrouw'), ...many(20, 'VAL-B', 'man')], 2022);
  await importWave(t.db, [...many(2, 'VAL', 'vrouw'), ...many(20, 'VAL', 'man')], 2023);
  await importWave(t.db, many(20, 'VAL-A', 'man'), 2024);
}, 120_000);
afterAll(async () => {
  await t?.destroy();
});

const women = async (release: string, scope: string) => (await getReleaseRows(t.db, release))
  .find((r) => r.indicator === 'sv_experienced' && r.option === 'any' && r.base === 'all' && r.scope === scope && r.dimension === 'gender' && r.group === 'vrouw');

describe('a window plans what the next window carries over from it', () => {
  it('hides what would give the next window away, so the next window builds in the order the releases close', async () => {
    for (const wave of ['VAL-2021', 'VAL-2022', 'VAL-2023']) await buildRelease(t.db, wave, { valueProtection: false });
    const log: string[] = [];
    await buildRelease(t.db, '2020-2023', { valueProtection: false, log: (l) => log.push(l) });
    expect(log.join('\n')).not.toMatch(/built without planning/);
    // VAL-2021 published VAL's 10 women: the window may not publish VAL's 14.
    expect((await women('VAL-2021-r1', 'VAL'))?.suppressed).toBe(false);
    expect((await women('VAL-2020-2023-r1', 'VAL'))?.suppressed).toBe(true);
    const waveLog: string[] = [];
    await buildRelease(t.db, 'VAL-2024', { valueProtection: false, log: (l) => waveLog.push(l) });
    expect(waveLog.join('\n')).not.toMatch(/built without planning/);
    const next = await buildRelease(t.db, '2021-2024', { valueProtection: false });
    expect(next.id).toBe('VAL-2021-2024-r1');
    expect((await women('VAL-2021-2024-r1', 'VAL'))?.suppressed).toBe(true);
    expect((await queryRows<{ id: string }>(t.db, sql`select id from releases order by id`)).map((r) => r.id))
      .toEqual(['VAL-2020-2023-r1', 'VAL-2021-2024-r1', 'VAL-2021-r1', 'VAL-2022-r1', 'VAL-2023-r1', 'VAL-2024-r1']);
  });

});
