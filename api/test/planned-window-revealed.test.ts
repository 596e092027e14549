/**
 * A wave whose planned window (decision 082) the earlier releases already give away, and nothing
 * of its own: found on the defence demo built in the order its releases close (DEF-2017…2020, the
 * window 2017–2020, then DEF-2021): the window 2017–2020 published cells that reveal cells of the
 * window 2018–2021 that DEF-2021 plans, so DEF-2021 was refused — for ever, since the window is
 * frozen — and its units got no results. Now the wave is built without planning that window, and
 * the window is refused when it is built (rightly: earlier releases reveal its cells).
 *
 * Reduced (analysis/test/disclosure/planned-windows.test.ts, in the API's grids): VAL has staff
 * of its own and two units below it, VAL-A and VAL-B. VAL-2021 surveys all three; VAL-2024 only
 * VAL-B (one man). The window 2021–2024 takes VAL and VAL-A from 2021 and VAL-B from 2024, so its
 * VAL women are 1 + 3 = 4 < k = 5; VAL-2021 published VAL's 5 women, and the one woman of VAL-B
 * in 2021 knows she is one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { ConflictError } from '../src/errors.js';
import { buildRelease } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { importWave, valueFixture, type Respondent } from './helpers/value-fixture.js';

const person = (unit: string, gender: string): Respondent => ({ unit, gender, age: '35_44', personnel: 'militair', victim: false });
const many = (n: number, unit: string, gender: string) => Array.from({ length: n }, () => person(unit, gender));
const W2021 = [...many(5, 'VAL', 'man'), ...many(1, 'VAL', 'vrouw'), ...many(9, 'VAL-A', 'man'), ...many(3, 'VAL-A', 'vrouw'), ...many(4, 'VAL-B', 'man'), ...many(1, 'VAL-B', 'vrouw')];
const W2024 = [person('VAL-B', 'man')];

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, W2021, { k: 5, kVictims: 3 }, [2021]);
  await importWave(t.db, W2024, 2024);
}, 120_000);
afterAll(async () => {
  await t?.destroy();
});

describe('a wave whose planned window the earlier releases already give away', () => {
  it('is built without planning that window (it says so), and the window is refused when it is built', async () => {
    await buildRelease(t.db, 'VAL-2021', { valueProtection: false });
    const log: string[] = [];
    const built = await buildRelease(t.db, 'VAL-2024', { valueProtection: false, log: (l) => log.push(l) });
    expect(built.id).toBe('VAL-2024-r1');
    expect(log.join('\n')).toMatch(/earlier releases already reveal cells of the window 2021-2024 that VAL-2024 plans for \(all\): .*2021-2024\|VAL\|gender:vrouw.*; VAL-2024 is built without planning that window, which cannot be published on this history \(decision 082\)/);
    const window = await buildRelease(t.db, '2021-2024', { valueProtection: false }).then(() => null, (e: unknown) => e);
    expect(window).toBeInstanceOf(ConflictError);
    expect((window as Error).message).toMatch(/^earlier releases already reveal cells of 2021-2024 \(all\): .*2021-2024\|VAL\|gender:vrouw/);
    expect((await queryRows<{ id: string }>(t.db, sql`select id from releases order by id`)).map((r) => r.id)).toEqual(['VAL-2021-r1', 'VAL-2024-r1']);
  });
});
