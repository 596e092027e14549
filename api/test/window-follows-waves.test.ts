/**
 * A window's cell over one wave's units shows, per indicator, what that wave shows (decision 093):
 * where the wave hid a count (respondent-count pattern or its own value check), the window does
 * not publish the same count again; a cell that pools both waves shows a figure only where each
 * wave published its part (decision 094). Two waves (VAL-A and VAL-A1 in 2021, VAL-B in 2022) and the
 * window 2019–2022 that pools them, built with the value check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { buildRelease, getReleaseRows } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { importWave, SMALL_ORGANISATION, valueFixture } from './helpers/value-fixture.js';

let t: TestDatabase;
let withdrawnKey = '';
type Row = Awaited<ReturnType<typeof getReleaseRows>>[number];
const rows: Record<string, Row[]> = {};
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, SMALL_ORGANISATION.filter((p) => p.unit !== 'VAL-B'), { k: 5, kVictims: 3 }, [2021]);
  await importWave(t.db, SMALL_ORGANISATION.filter((p) => p.unit === 'VAL-B'), 2022);
}, 120_000);
afterAll(async () => {
  await t.destroy();
});

const key = (r: Row) => [r.scope, r.dimension, r.group, r.indicator, r.option, r.base].join('|');

describe('a window over one wave’s units', () => {
  it('hides every proportion the wave hid, and publishes it with the same numbers otherwise', async () => {
    for (const period of ['VAL-2021', 'VAL-2022', '2019-2022']) {
      const s = await buildRelease(t.db, period, { valueProtection: true });
      rows[period] = await getReleaseRows(t.db, s.id);
      ids[period] = s.id;
      if (period !== 'VAL-2021') continue;
      // As if VAL-2021's value check had withdrawn VAL-A's total for one indicator (a wave does
      // that to protect a small group below it; this fixture is too small to need it), and VAL's,
      // which in 2021 is over the same respondents (VAL-B was surveyed in 2022): recorded with the
      // release's other withdrawals, their rows hidden.
      // (An item published among victims too is protected as that measure: take one that is not.)
      const amongVictims = new Set(rows[period]!.filter((r) => r.base === 'victims').map((r) => `${r.indicator}|${r.option}`));
      const row = rows[period]!.find((r) => r.scope === 'VAL-A' && r.dimension === 'all' && r.base === 'all' && !r.suppressed && r.indicator !== 'sv_experienced'
        && !amongVictims.has(`${r.indicator}|${r.option}`) && r.count !== null)!;
      withdrawnKey = `${row.indicator}|${row.option}|all`;
      await t.db.execute(sql`update release_grids set pattern = jsonb_set(pattern, ${`{extra,${withdrawnKey}}`}::text[], coalesce(pattern->'extra'->${withdrawnKey}, '[]'::jsonb) || '["VAL-2021|VAL-A|all", "VAL-2021|VAL|all"]'::jsonb) where release_id = ${s.id} and grid = 'all'`);
      await t.db.execute(sql`update release_rows set suppressed = true, reason = 'suppressed', n = null, count = null, value = null, ci_low = null, ci_high = null where release_id = ${s.id} and scope in ('VAL-A', 'VAL') and dimension = 'all' and indicator = ${row.indicator} and option = ${row.option} and base = 'all'`);
      for (const r of rows[period]!) if ((r.scope === 'VAL-A' || r.scope === 'VAL') && r.dimension === 'all' && r.indicator === row.indicator && r.option === row.option && r.base === 'all') r.suppressed = true;
      // And as if it had withdrawn VAL-A's victims count (and so VAL's, the same victims in 2021):
      // every victims row of those cells hidden.
      await t.db.execute(sql`update release_grids set pattern = jsonb_set(pattern, '{extra,victims_count}', coalesce(pattern->'extra'->'victims_count', '[]'::jsonb) || '["VAL-2021|VAL-A|all", "VAL-2021|VAL|all"]'::jsonb) where release_id = ${s.id} and grid = 'victims'`);
      await t.db.execute(sql`update release_rows set suppressed = true, reason = 'suppressed', n = null, count = null, value = null, ci_low = null, ci_high = null where release_id = ${s.id} and scope in ('VAL-A', 'VAL') and dimension = 'all' and base = 'victims'`);
      for (const r of rows[period]!) if ((r.scope === 'VAL-A' || r.scope === 'VAL') && r.dimension === 'all' && r.base === 'victims') r.suppressed = true;
    }
    // The unit each window scope takes from one wave: VAL-A (with VAL-A1) from 2021, VAL-B from 2022.
    const waveOf: Record<string, string> = { 'VAL-A': 'VAL-2021', 'VAL-A1': 'VAL-2021', 'VAL-B': 'VAL-2022' };
    const waveRows = new Map<string, Row>();
    for (const period of ['VAL-2021', 'VAL-2022']) for (const r of rows[period]!) if (waveOf[r.scope] === period) waveRows.set(key(r), r);
    let hiddenInWave = 0;
    let publishedInBoth = 0;
    const shownAgain: string[] = [];
    for (const r of rows['2019-2022']!) {
      if (r.base !== 'all' && r.base !== 'victims') continue;
      const w = waveRows.get(key(r));
      if (!w || r.count === null && !r.suppressed) continue;
      if (w.suppressed) {
        hiddenInWave++;
        if (!r.suppressed) shownAgain.push(`${key(r)}: ${r.count} of ${r.n}`);
      } else if (!r.suppressed) {
        publishedInBoth++;
        expect([r.n, r.count], key(r)).toEqual([w.n, w.count]);
      }
    }
    // The fixture has counts the waves hid and counts both publish (the test is about something).
    expect(hiddenInWave).toBeGreaterThan(0);
    expect(publishedInBoth).toBeGreaterThan(0);
    expect(shownAgain).toEqual([]);
    // The window records VAL-A's victims count as withdrawn, as the wave did (later releases read it).
    const [recorded] = await queryRows<{ ids: string[] }>(t.db, sql`select coalesce(pattern->'extra'->'victims_count', '[]'::jsonb) as ids from release_grids where release_id = ${ids['2019-2022']!} and grid = 'victims'`);
    expect(recorded?.ids).toContain('2019-2022|VAL-A|all');
    const victimsRows = rows['2019-2022']!.filter((r) => r.scope === 'VAL-A' && r.dimension === 'all' && r.base === 'victims');
    expect(victimsRows.length).toBeGreaterThan(0);
    expect(victimsRows.filter((r) => !r.suppressed).map(key)).toEqual([]);
    const again = rows['2019-2022']!.find((r) => `${r.scope}|${r.dimension}|${r.indicator}|${r.option}|${r.base}` === `VAL-A|all|${withdrawnKey}`);
    expect(again?.suppressed, withdrawnKey).toBe(true);
  }, 300_000);

  it('publishes a pooled figure only where each wave published its part, and then with the waves’ numbers', async () => {
    // VAL pools VAL-2021's VAL (VAL-A and VAL-A1) and VAL-2022's VAL (VAL-B): the same respondents
    // as those waves' own VAL cells.
    const wave = (period: string) => new Map(rows[period]!.filter((r) => r.scope === 'VAL').map((r) => [key(r), r]));
    const w21 = wave('VAL-2021');
    const w22 = wave('VAL-2022');
    const shownAlthoughHidden: string[] = [];
    let pooledPublished = 0;
    let hiddenByAWave = 0;
    for (const r of rows['2019-2022']!) {
      if (r.scope !== 'VAL' || (r.base !== 'all' && r.base !== 'victims') || r.count === null && !r.suppressed) continue;
      const a = w21.get(key(r));
      const b = w22.get(key(r));
      const bothPublished = a !== undefined && b !== undefined && !a.suppressed && !b.suppressed;
      if (!bothPublished) hiddenByAWave++;
      if (r.suppressed) continue;
      pooledPublished++;
      if (!bothPublished) { shownAlthoughHidden.push(key(r)); continue; }
      // The pooled count and n are the waves' counts added up.
      expect([r.n, r.count], key(r)).toEqual([a.n! + b.n!, a.count! + b.count!]);
    }
    expect(pooledPublished).toBeGreaterThan(0);
    expect(hiddenByAWave).toBeGreaterThan(0);
    expect(shownAlthoughHidden).toEqual([]);
    // VAL-2021 withdrew VAL's total for one indicator and VAL's victims count: the pooled VAL
    // hides that indicator and every victims row.
    const pooled = (k: string) => rows['2019-2022']!.filter((r) => `${r.scope}|${r.dimension}|${r.indicator}|${r.option}|${r.base}` === k);
    expect(pooled(`VAL|all|${withdrawnKey}`).map((r) => r.suppressed)).toEqual([true]);
    const victims = rows['2019-2022']!.filter((r) => r.scope === 'VAL' && r.dimension === 'all' && r.base === 'victims');
    expect(victims.length).toBeGreaterThan(0);
    expect(victims.filter((r) => !r.suppressed).map(key)).toEqual([]);
    // And the window records those as its own withdrawals (later releases read them).
    const [recorded] = await queryRows<{ ids: string[]; extra: string[] }>(t.db, sql`select coalesce(v.pattern->'extra'->'victims_count', '[]'::jsonb) as ids,
      coalesce(a.pattern->'extra'->${withdrawnKey}, '[]'::jsonb) as extra from release_grids v join release_grids a on a.release_id = v.release_id and a.grid = 'all'
      where v.release_id = ${ids['2019-2022']!} and v.grid = 'victims'`);
    expect(recorded?.ids).toContain('2019-2022|VAL|all');
    expect(recorded?.extra).toContain('2019-2022|VAL|all');
  }, 60_000);
});
