/**
 * A release built with its value check on two threads (decision 092) is the release built on one:
 * the same rows, the same withdrawals, the same audit. Two databases with the same history: two
 * waves and the window that pools them (weighted), every build on one thread in the first and on
 * two in the second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { buildRelease, getReleaseRows } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { importWave, SMALL_ORGANISATION, valueFixture } from './helpers/value-fixture.js';

const dbs: TestDatabase[] = [];
beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const t = await createTestDatabase();
    dbs.push(t);
    // VAL-A and VAL-A1 in 2021, VAL-B in 2022: the window 2019–2022 pools VAL (weighted).
    await valueFixture(t.db, SMALL_ORGANISATION.filter((p) => p.unit !== 'VAL-B'), { k: 5, kVictims: 3 }, [2021]);
    await importWave(t.db, SMALL_ORGANISATION.filter((p) => p.unit === 'VAL-B'), 2022);
  }
}, 120_000);
afterAll(async () => {
  for (const t of dbs) await t.destroy();
});

describe('the value check on two threads', () => {
  it('builds the same waves and window as on one thread', async () => {
    const withdrawn: number[] = [];
    for (const period of ['VAL-2021', 'VAL-2022', '2019-2022']) {
      const built = [];
      for (const [i, t] of dbs.entries()) {
        const log: string[] = [];
        const s = await buildRelease(t.db, period, { valueProtection: true, valueThreads: i + 1, log: (l) => log.push(l) });
        // The second database's check ran on two threads, the first's on one.
        expect(log.some((l) => /indicators: \d+ checked on 2 threads/.test(l)), `${period} ${i}`).toBe(i === 1);
        expect(log.some((l) => /value audit passed/.test(l))).toBe(true);
        const rows = await getReleaseRows(t.db, s.id);
        built.push({ id: s.id, rows: rows.map((r) => [r.scope, r.indicator, r.option, r.base, r.dimension, r.group, r.suppressed, r.reason, r.n, r.count, r.value].join('|')).sort() });
        if (i === 0) withdrawn.push((await queryRows<{ c: number }>(t.db, sql`select (summary->'disclosure'->'perIndicator'->>'cells')::int as c from releases where id = ${s.id}`))[0]?.c ?? -1);
      }
      expect(built[1]!.id).toBe(built[0]!.id);
      expect(built[1]!.rows).toEqual(built[0]!.rows);
    }
    // The check withdrew cells for some indicator (the comparison is about something).
    expect(withdrawn.some((c) => c > 0), JSON.stringify(withdrawn)).toBe(true);
  }, 300_000);
});
