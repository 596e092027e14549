import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { parseCsv } from '../src/csv/parse.js';
import { queryRows } from '../src/db/client.js';
import { releaseRows, releases, units, waves } from '../src/db/schema.js';
import { ConflictError, NotFoundError, UsageError } from '../src/errors.js';
import { buildRelease, getLatestRelease, getReleaseRows } from '../src/services/releases.js';
import { createWave } from '../src/repositories/waves.js';
import type { TestDatabase } from './helpers/db.js';
import { cliOn, demoDatabase } from './helpers/demo.js';

let t: TestDatabase;
const cli = cliOn(() => t);

beforeAll(async () => { t = await demoDatabase('small'); }, 120_000);
afterAll(() => t?.destroy());

describe('release build', () => {
  it('freezes a wave release whose suppressed rows carry no numbers', async () => {
    const id = await cli('release', 'build', '--period', 'DEF-2024');
    expect(id).toBe('DEF-2024-r1');
    const rows = await getReleaseRows(t.db, id);
    expect(rows.length).toBeGreaterThan(10_000);
    const suppressed = rows.filter((r) => r.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const r of suppressed) expect([r.n, r.count, r.value, r.ciLow, r.ciHigh]).toEqual([null, null, null, null, null]);
    for (const r of rows.filter((x) => !x.suppressed)) {
      expect(r.base === 'headcount' || r.n! >= 10).toBe(true);
      if (r.base === 'victims') expect(r.n!).toBeGreaterThanOrEqual(10);
    }
    // one label for every suppressed cell (which rule hid it would say n < k or n >= k); only the
    // level rule, which depends on the unit's tier alone, is named
    expect(new Set(suppressed.map((r) => r.reason))).toEqual(new Set(['suppressed', 'level']));
    // the database itself refuses a suppressed row with a number
    await expect(t.db.insert(releaseRows).values({ ...suppressed[0]!, indicator: 'x', n: 3 })).rejects.toThrow();
    // a value-checked build (the default): 10-60 s, minutes on a loaded 2-core machine; the tests below read this release
  }, 600_000);

  it('publishes the organisation total and suppresses small units entirely', async () => {
    const rows = await getReleaseRows(t.db, 'DEF-2024-r1');
    const root = rows.find((r) => r.scope === 'DEF' && r.dimension === 'all' && r.indicator === 'sv_experienced' && r.option === 'any')!;
    expect(root.suppressed).toBe(false);
    expect(root.value!).toBeGreaterThan(0.02);
    expect(root.value!).toBeLessThan(0.15);
    // a scope below k has no published cell at all
    const byScope = new Map<string, typeof rows>();
    for (const r of rows) byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r]);
    for (const [, list] of byScope) {
      const rr = list.find((r) => r.indicator === 'response_rate' && r.dimension === 'all');
      if (rr && rr.suppressed) expect(list.filter((r) => r.dimension === 'all' && r.base === 'all').every((r) => r.suppressed)).toBe(true);
    }
  });

  it('publishes every cell of the structure, values rounded, one measure in two bases (decision 040)', async () => {
    const rows = await getReleaseRows(t.db, 'DEF-2024-r1');
    // every scope has the same rows, answered or not: no row-presence signal
    const perScope = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.base === 'headcount') continue;
      const set = perScope.get(r.scope) ?? new Set<string>();
      set.add(`${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`);
      perScope.set(r.scope, set);
    }
    const sizes = new Set([...perScope.values()].map((s) => s.size));
    expect(sizes.size).toBe(1);
    expect([...sizes][0]).toBe(22 * 87);
    for (const r of rows.filter((x) => !x.suppressed)) {
      for (const v of [r.value!, r.ciLow!, r.ciHigh!]) expect(Math.abs(v * 1000 - Math.round(v * 1000))).toBeLessThan(1e-6);
    }
    // an all-base form row is published only where the victims-base row of the same cell is
    const key = (r: (typeof rows)[number]) => `${r.scope}|${r.dimension}|${r.group}|${r.indicator}|${r.option}`;
    const victims = new Map(rows.filter((r) => r.base === 'victims').map((r) => [key(r), r]));
    const forms = rows.filter((r) => r.indicator === 'sv_form' && r.base === 'all' && !r.suppressed);
    expect(forms.length).toBeGreaterThan(0);
    for (const r of forms) expect(victims.get(key(r))!.suppressed).toBe(false);
    // the disclosure summary says what was done
    const [rel] = await t.db.select().from(releases).where(eq(releases.id, 'DEF-2024-r1'));
    const d = (rel!.summary as { disclosure: { audit: { passed: boolean; checks: string[] }; rules: { k: number; decimals: number }; perIndicator: { enabled: boolean; indicators: number; cells: number }; rowsByReason: Record<string, number> } }).disclosure;
    expect(d.audit.passed).toBe(true);
    expect(d.rules).toMatchObject({ k: 10, decimals: 3 });
    // a build that does not choose runs the value check per indicator (the default since session 8, decision 047)
    expect(d.perIndicator.enabled).toBe(true);
    expect(d.perIndicator.indicators).toBeGreaterThan(0);
    expect(d.audit.checks).toContain('value');
    expect(d.rowsByReason.min_n).toBeGreaterThan(0);
    expect(d.rowsByReason.same_item_victims).toBeGreaterThan(0);
  });

  it('exports CSV with empty numbers for suppressed rows and reads only frozen releases', async () => {
    const csv = await cli('release', 'export', '--period', 'DEF-2024', '--scope', 'DEF');
    const [head, ...body] = parseCsv(csv);
    expect(head!.values).toEqual(['release', 'scope', 'period', 'dimension', 'group', 'indicator', 'option', 'base', 'n', 'count', 'value', 'ci_low', 'ci_high', 'suppressed', 'reason']);
    for (const r of body) {
      if (r.values[13] === 'true') expect(r.values.slice(8, 13)).toEqual(['', '', '', '', '']);
      else expect(r.values[8]).not.toBe('');
    }
    const json = JSON.parse(await cli('release', 'export', '--period', 'DEF-2024', '--scope', 'DEF', '--format', 'json')) as Record<string, unknown>[];
    expect(json.length).toBe(body.length);
    for (const r of json.filter((x) => x.suppressed)) expect([r.n, r.count, r.value, r.ciLow, r.ciHigh]).toEqual([null, null, null, null, null]);
    await expect(cli('release', 'export', '--period', 'DEF-2023')).rejects.toThrow(NotFoundError);
    await expect(cli('report', 'unit', 'DEF', '--period', 'DEF-2023')).rejects.toThrow(/no frozen release/);
  });

  it('gives a unit report with comparisons and says when a unit is too small', async () => {
    const brigade = (await t.db.select().from(units).where(eq(units.level, 'brigade')))[0]!;
    const report = JSON.parse(await cli('report', 'unit', brigade.code, '--period', 'DEF-2024')) as { ownReport: boolean; rows: { suppressed: boolean }[]; comparisons: { against: string }[] };
    expect(report.ownReport).toBe(true);
    expect(report.rows.length).toBeGreaterThan(100);
    expect(report.comparisons.some((c) => c.against === 'parent_rest')).toBe(true);
  });

  it('builds a pooled window and a rebuild that respect the earlier releases', async () => {
    await cli('release', 'build', '--period', 'DEF-2023');
    const w = await cli('release', 'build', '--period', '2023-2025');
    expect(w).toBe('DEF-2023-2025-r1');
    const again = await cli('release', 'build', '--period', 'DEF-2024');
    expect(again).toBe('DEF-2024-r2');
    // what r1 published stays published in r2 (cells can never be withdrawn)
    const r1 = new Map((await getReleaseRows(t.db, 'DEF-2024-r1')).map((r) => [`${r.scope}|${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`, r]));
    for (const r of await getReleaseRows(t.db, 'DEF-2024-r2')) {
      const old = r1.get(`${r.scope}|${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`);
      if (old && !old.suppressed) expect(r.suppressed).toBe(false);
    }
    expect((await getLatestRelease(t.db, 'DEF-2024')).id).toBe('DEF-2024-r2');
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from releases`);
    expect(n).toBe(4);
    // three builds with the value check (a wave, the window, a rebuild): ~2 min on 2 idle cores, 557 s at load 13-17
  }, 900_000);

  it('refuses open waves, single years and windows shorter than the survey cycle', async () => {
    const [w] = await t.db.select().from(waves).where(eq(waves.code, 'DEF-2025'));
    const [u] = await t.db.select().from(units).where(eq(units.code, 'DEF'));
    await createWave(t.db, {
      code: 'DEF-OPEN', organisationId: w!.organisationId, instrumentVersionId: w!.instrumentVersionId, unitIds: [u!.id],
      opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000), kind: 'census',
    });
    await expect(buildRelease(t.db, 'DEF-OPEN')).rejects.toThrow(ConflictError);
    await expect(buildRelease(t.db, 'DEF-OPEN')).rejects.toThrow(/still open/);
    await expect(buildRelease(t.db, '2024')).rejects.toThrow(UsageError);
    await expect(buildRelease(t.db, '2024-2025')).rejects.toThrow(/shorter than the survey cycle of 3 years/);
    await expect(buildRelease(t.db, 'NOPE')).rejects.toThrow(NotFoundError);
    expect(await t.db.select().from(releases).where(eq(releases.period, 'DEF-OPEN'))).toEqual([]);
  });
});
