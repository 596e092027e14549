/**
 * Retention of raw responses (decision 053): per organisation, expired responses are deleted,
 * releases stay intact, and a table that would need deleted responses is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvColumns, werkbeleving } from '@vw/questionnaire';
import { runCommand } from '../src/cli/commands.js';
import { queryRows, sql } from '../src/db/client.js';
import { importPopulation } from '../src/services/import-population.js';
import { importResponses } from '../src/services/import-responses.js';
import { buildRelease, getReleaseRows } from '../src/services/releases.js';
import { applyRetention } from '../src/services/retention.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createOrganisation } from './survey/factories.js';

const ITEMS = csvColumns(werkbeleving);
function responsesCsv(wave: string, year: number, n: number): string {
  const lines = [['response_id', 'wave', 'unit', 'submitted_on', ...ITEMS].join(',')];
  for (let i = 0; i < n; i++) {
    const v: Record<string, string> = { sv_team_observed: '1', sv_experienced: '1', gender: i % 2 ? 'vrouw' : 'man', personnel_type: 'burger', scale_civ: 'schaal_7_10', wl1: String((i % 5) + 1), sat: String((i % 10) + 1) };
    lines.push([`${wave}-${i}`, wave, i % 3 ? 'TST-A' : 'TST-B', `${year}-03-04`, ...ITEMS.map((c) => v[c] ?? '')].join(','));
  }
  return lines.join('\n');
}

let t: TestDatabase;
const YEAR = 365.25 * 86_400_000;
const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(t.db, q))[0]!.n);
const responsesOf = (wave: string) => count(sql`select count(*)::int as n from responses r join waves w on w.id = r.wave_id where w.code = ${wave}`);

beforeAll(async () => {
  t = await createTestDatabase();
  await createOrganisation(t.db);
  for (const year of [2020, 2022]) {
    await importPopulation(t.db, ['unit,period,dimension,group,headcount', `TST,TST-${year},all,all,60`, `TST-A,TST-${year},all,all,40`, `TST-B,TST-${year},all,all,20`].join('\n'), 'p.csv');
    await importResponses(t.db, responsesCsv(`TST-${year}`, year, 45), { wave: `TST-${year}`, file: 'r.csv' });
    await buildRelease(t.db, `TST-${year}`);
  }
  await importResponses(t.db, responsesCsv('TST-2023', 2023, 30), { wave: 'TST-2023', file: 'r.csv' }); // no release yet
}, 300_000);
afterAll(async () => { await t.destroy(); });

describe('retention', () => {
  it('keeps everything before the retention period ends, and per organisation', async () => {
    const early = await applyRetention(t.db, { now: new Date(Date.now() + 3 * YEAR) });
    expect(early.deleted).toEqual([]);
    expect(early.kept.map((k) => k.wave)).toEqual(['TST-2020', 'TST-2022', 'TST-2023']);
    expect(early.kept.find((k) => k.wave === 'TST-2023')!.reason).toBe('no frozen release yet');
    await t.db.execute(sql`update organisations set response_retention_years = 10 where code = 'TST'`);
    expect((await applyRetention(t.db, { now: new Date(Date.now() + 5 * YEAR) })).deleted).toEqual([]);
    await t.db.execute(sql`update organisations set response_retention_years = 4 where code = 'TST'`);
    const dry = await applyRetention(t.db, { now: new Date(Date.now() + 5 * YEAR), dryRun: true });
    expect(dry.deleted.map((d) => [d.wave, d.responses])).toEqual([['TST-2020', 45], ['TST-2022', 45]]);
    expect(await responsesOf('TST-2020')).toBe(45);
    await expect(t.db.execute(sql`update organisations set response_retention_years = 0 where code = 'TST'`)).rejects.toThrow();
  });

  it('deletes expired raw responses; releases stay; a table that needs them is refused', async () => {
    const before = { r2020: await getReleaseRows(t.db, 'TST-2020-r1'), r2022: await getReleaseRows(t.db, 'TST-2022-r1') };
    expect(before.r2020.length).toBeGreaterThan(10);
    const r = await applyRetention(t.db, { now: new Date(Date.now() + 5 * YEAR) });
    expect(r.deleted.map((d) => d.wave)).toEqual(['TST-2020', 'TST-2022']);
    expect(await responsesOf('TST-2020')).toBe(0);
    expect(await responsesOf('TST-2022')).toBe(0);
    expect(await responsesOf('TST-2023')).toBe(30);
    expect(await count(sql`select count(*)::int as n from waves where responses_deleted_at is not null`)).toBe(2);
    // Releases intact, row for row, and still exported by the CLI.
    expect(await getReleaseRows(t.db, 'TST-2020-r1')).toEqual(before.r2020);
    expect(await getReleaseRows(t.db, 'TST-2022-r1')).toEqual(before.r2022);
    const out: string[] = [];
    await runCommand(t, ['release', 'export', '--period', 'TST-2022', '--format', 'csv'], (l) => out.push(l));
    expect(out.join('\n').split('\n').length).toBeGreaterThan(10);
    // Anything that needs the deleted responses is refused, naming the wave and what to do.
    await expect(buildRelease(t.db, '2020-2022')).rejects.toThrow(/raw responses of wave TST-20(20|22) were deleted on \d{4}-\d\d-\d\d under the organisation's retention \(4 years/);
    await expect(buildRelease(t.db, 'TST-2020')).rejects.toThrow(/raw responses of wave TST-2020 were deleted.*frozen releases remain available/);
    // A second run finds nothing more to delete.
    expect((await applyRetention(t.db, { now: new Date(Date.now() + 5 * YEAR) })).deleted).toEqual([]);
  });

  it('is a CLI command that reports what it keeps', async () => {
    const out: string[] = [];
    await runCommand(t, ['db', 'retention', '--org', 'TST', '--dry-run'], (l) => out.push(l));
    expect(out.at(-1)).toMatch(/retention: 0 wave\(s\) would delete, 1 kept; releases are never deleted/);
    expect(out.join('\n')).toMatch(/TST-2023 \(TST\): kept \(no frozen release yet\)/);
    await expect(runCommand(t, ['db', 'retention', '--org', 'NOPE'], () => {})).rejects.toThrow(/no organisation "NOPE"/);
  });
});
