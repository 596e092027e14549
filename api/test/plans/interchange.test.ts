/**
 * `pnpm cli plans import|export` in process: the round trip through plans.csv, export values as
 * the frozen releases hold them, XLSX, and a file with bad rows rejected as a whole.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands.js';
import { parseCsv } from '../../src/csv/parse.js';
import { ImportError } from '../../src/errors.js';
import { auditLog, planActions, planProgress, plans } from '../../src/db/schema.js';
import { PLAN_EXPORT_COLUMNS, PLAN_IMPORT_COLUMNS } from '../../src/services/plans-interchange.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createPlanFixture, freeze, releaseRow, type PlanFixture } from './fixture.js';

let t: TestDatabase;
let f: PlanFixture;
const dir = mkdtempSync(join(tmpdir(), 'vw-plans-'));

async function cli(...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runCommand(t, argv, (l) => lines.push(l));
  return lines;
}

const HEADER = PLAN_IMPORT_COLUMNS.join(',');
const FILE = [
  HEADER,
  'COMP-A,sv_experienced,any,all,ORG-2022,Fewer people experience unwanted behaviour,Team dialogue in every platoon,team_dialogue,company sergeant major,2022-10-01,done',
  'COMP-A,sv_experienced,any,all,ORG-2022,Fewer people experience unwanted behaviour,"Introduce the confidential adviser, in person",confidential_adviser,commander,2022-11-15,in_progress',
  'COMP-A,sv_trust,agree,all,ORG-2022,More trust that reports are handled,,,,,',
  'COMP-B,sv_experienced,any,all,ORG-2022,Keep it low,Leadership coaching for team leaders,leadership_coaching,HR adviser,2023-02-01,planned',
].join('\n');

beforeAll(async () => {
  t = await createTestDatabase();
  f = await createPlanFixture(t.db);
  await freeze(t.db, f.orgId, 'ORG-2022', [
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 40, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', suppressed: true },
    { scope: 'COMP-B', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 },
  ], new Date('2022-05-01T00:00:00Z'));
  await freeze(t.db, f.orgId, 'ORG-2023', [
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', count: 60, n: 100 },
  ], new Date('2023-05-01T00:00:00Z'));
}, 120_000);
afterAll(async () => { await t.destroy(); });

describe('plans import and export', () => {
  it('rejects a file with bad rows as a whole, naming line and column of each', async () => {
    const bad = [
      HEADER,
      'COMP-A,sv_experienced,any,all,ORG-2022,Goal,Dialogue,team_dialogue,CSM,2022-10-01,done',
      'NOPE,sv_experienced,any,all,ORG-2022,Goal,Dialogue,team_dialogue,CSM,2022-10-01,done',
      'COMP-A,sv_experienced,any,all,ORG-2019,Goal,Dialogue,party,CSM,2022-13-01,finished',
      'COMP-A,sv_experienced,any,all,ORG-2022,Another goal,Training,training,CSM,2022-10-01,planned',
      'COMP-B,sv_trust,agree,all,ORG-2022,Goal,Dialogue,team_dialogue,,2022-10-01,planned',
      'COMP-A,sv_perpetrator,colleague,victims,ORG-2022,Goal,Dialogue,team_dialogue,CSM,2022-10-01,planned',
    ].join('\n');
    const file = join(dir, 'bad.csv');
    writeFileSync(file, bad);
    const err = await cli('plans', 'import', file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    const where = (err as ImportError).issues.map((i) => `${i.line}:${i.column}`);
    expect(where).toEqual(expect.arrayContaining(['3:unit', '4:baseline_period', '4:action_type', '4:due', '4:status', '5:goal', '6:owner', '6:indicator', '7:indicator']));
    expect((err as ImportError).report()).toContain('line 4, column action_type');
    expect(await t.db.select().from(plans)).toEqual([]);
    expect(await t.db.select().from(planActions)).toEqual([]);
  });

  it('imports, exports with the release values, and round-trips', async () => {
    const file = join(dir, 'plans.csv');
    writeFileSync(file, FILE);
    expect(await cli('plans', 'import', file)).toEqual(['plans: 3 plans with 3 actions stored']);
    expect((await t.db.select().from(auditLog)).filter((a) => a.action === 'plan.import')).toHaveLength(3);
    // A second import of the same file changes nothing: those plans exist.
    await expect(cli('plans', 'import', file)).rejects.toBeInstanceOf(ImportError);
    expect(await t.db.select().from(plans)).toHaveLength(3);

    const out = join(dir, 'export.csv');
    await cli('plans', 'export', '--org', 'ORG', '--out', out);
    const text = readFileSync(out, 'utf8');
    const [head, ...body] = parseCsv(text);
    expect(head!.values).toEqual([...PLAN_IMPORT_COLUMNS, ...PLAN_EXPORT_COLUMNS]);
    const rec = body.map((r) => Object.fromEntries(head!.values.map((h, i) => [h, r.values[i]!])));
    expect(rec).toHaveLength(4);
    const a = rec.find((r) => r.unit === 'COMP-A' && r.indicator === 'sv_experienced' && r.status === 'done')!;
    const before = releaseRow('x', { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 40, n: 100 });
    const after = releaseRow('x', { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 });
    expect([a.baseline_value, a.baseline_ci_low, a.baseline_ci_high]).toEqual([before.value!.toFixed(6), before.ciLow!.toFixed(6), before.ciHigh!.toFixed(6)]);
    expect([a.followup_period, a.followup_value, a.followup_ci_low]).toEqual(['ORG-2023', after.value!.toFixed(6), after.ciLow!.toFixed(6)]);
    expect(Number(a.diff)).toBeCloseTo(-0.2, 6);
    expect(a.verdict).toBe('improved');
    // Suppressed baseline: empty numbers, still a plan; not measurable at the follow-up.
    const trust = rec.find((r) => r.indicator === 'sv_trust')!;
    expect([trust.baseline_value, trust.baseline_ci_low, trust.action, trust.verdict]).toEqual(['', '', '', 'not_measurable']);
    // COMP-B was not surveyed after 2022.
    expect(rec.find((r) => r.unit === 'COMP-B')!).toMatchObject({ followup_period: '', verdict: 'not_measurable' });

    // Round trip: the export imports back into an empty plan store and exports identically.
    await t.db.delete(planProgress);
    await t.db.delete(planActions);
    await t.db.delete(plans);
    expect(await cli('plans', 'import', out)).toEqual(['plans: 3 plans with 3 actions stored']);
    const again = join(dir, 'again.csv');
    await cli('plans', 'export', '--org', 'ORG', '--out', again);
    expect(readFileSync(again, 'utf8')).toBe(text);

    const unitOnly = (await cli('plans', 'export', '--org', 'ORG', '--unit', 'COMP-B')).join('\n');
    expect(parseCsv(unitOnly)).toHaveLength(2);
    const xlsx = join(dir, 'plans.xlsx');
    await cli('plans', 'export', '--org', 'ORG', '--format', 'xlsx', '--out', xlsx);
    expect(readFileSync(xlsx).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    await expect(cli('plans', 'export', '--org', 'ORG', '--format', 'pdf')).rejects.toThrow(/csv or xlsx/);
    await expect(cli('plans', 'export', '--org', 'NOPE')).rejects.toThrow(/no organisation/);
  });
});
