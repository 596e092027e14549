import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { csvColumns, werkbeleving } from '@vw/questionnaire';
import { responses, waves, waveUnits } from '../src/db/schema.js';
import { ImportError } from '../src/errors.js';
import { importResponses, storedResponseId } from '../src/services/import-responses.js';
import { importUnits } from '../src/services/import-units.js';
import { createWave } from '../src/repositories/waves.js';
import { getUnitsByCode } from '../src/repositories/units.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await importUnits(t.db, [
    'code,parent,name,level,excluded_from_pooling,valid_from,valid_to',
    'ORG,,Organisatie,organisatie,,,',
    'ORG-A,ORG,Afdeling A,afdeling,,,',
    'ORG-B,ORG,Afdeling B,afdeling,,,',
    'OTHER,,Ander ministerie,organisatie,,,',
  ].join('\n'));
});
afterAll(async () => { await t.destroy(); });

const ITEMS = csvColumns(werkbeleving);
const HEADER = ['response_id', 'wave', 'unit', 'submitted_on', ...ITEMS];

/** A CSV row from item values; every other item column is left empty. */
function row(meta: [string, string, string, string], values: Record<string, string>): string {
  for (const k of Object.keys(values)) if (!ITEMS.includes(k)) throw new Error(`test uses unknown column ${k}`);
  return [...meta, ...ITEMS.map((c) => values[c] ?? '')].join(',');
}
const multi = (item: string, chosen: string[]) => {
  const opts = ITEMS.filter((c) => c.startsWith(`${item}.`));
  return Object.fromEntries(opts.map((c) => [c, chosen.includes(c.slice(item.length + 1)) ? '1' : '0']));
};
const victim = {
  sv_team_observed: '3', sv_experienced: '3', ...multi('sv_form', ['pesten', 'kwaadspreken']),
  ...multi('sv_perpetrator', ['collega']), ...multi('sv_discussed', ['niemand']), sv_reported: 'nee',
  ...multi('sv_not_reported', ['gevolgen']), gender: 'vrouw', age_band: '25_34', personnel_type: 'militair', rank_mil: 'manschappen',
  wl1: '4', wl2: '2', wl3: '5', sat: '7',
};
const nonVictim = { sv_team_observed: '1', sv_experienced: '1', gender: 'zeg_niet', personnel_type: 'burger', scale_civ: 'schaal_7_10', sv_safe: '2' };

describe('import responses', () => {
  it('loads a good file, creating a closed census wave', async () => {
    const csv = [HEADER.join(','), row(['r1', 'ORG-2020', 'ORG-A', '2020-03-04'], victim), row(['r2', 'ORG-2020', 'ORG-B', '2020-03'], nonVictim)].join('\n');
    const r = await importResponses(t.db, csv, { wave: 'ORG-2020' });
    expect(r).toEqual({ inserted: 2, waveCreated: true });
    const [w] = await t.db.select().from(waves).where(eq(waves.code, 'ORG-2020'));
    expect(w!.kind).toBe('census');
    expect(w!.closedAt).not.toBeNull();
    expect((await t.db.select().from(waveUnits).where(eq(waveUnits.waveId, w!.id))).length).toBe(2);
    const stored = await t.db.select().from(responses).where(eq(responses.waveId, w!.id));
    const v = stored.find((s) => s.id === storedResponseId('r1'))!;
    expect(v.victim).toBe(true);
    expect([v.gender, v.ageBand, v.personnelType, v.rankGroup]).toEqual(['vrouw', '25_34', 'militair', 'manschappen']);
    expect((v.answers as Record<string, unknown>).sv_form).toEqual(['kwaadspreken', 'pesten']);
    // werkdruk = mean(4, 2, 6 - 5) = 2.333…
    expect((v.scores as Record<string, number>).werkdruk).toBeCloseTo(7 / 3, 10);
    const nv = stored.find((s) => s.id === storedResponseId('r2'))!;
    expect([nv.gender, nv.ageBand, nv.rankGroup, nv.victim, nv.submittedOn]).toEqual(['onbekend', 'onbekend', 'schaal_7_10', false, '2020-03-01']);
  });

  it('rejects re-importing the same responses (duplicate ids) and stores nothing', async () => {
    const before = (await t.db.select().from(responses)).length;
    const csv = [HEADER.join(','), row(['r3', 'ORG-2020', 'ORG-A', '2020-03-05'], nonVictim), row(['r1', 'ORG-2020', 'ORG-A', '2020-03-04'], victim)].join('\n');
    const err = await importResponses(t.db, csv, { wave: 'ORG-2020' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).issues).toEqual([{ line: 3, column: 'response_id', reason: 'this response was already imported (duplicate id)' }]);
    expect((await t.db.select().from(responses)).length).toBe(before);
  });

  it('reports each kind of bad row with its line and column', async () => {
    const before = (await t.db.select().from(responses)).length;
    const csv = [
      HEADER.join(','),
      row(['x1', 'ORG-2021', 'ORG-A', '2021-01-01'], { ...nonVictim, sv_experienced: '7' }),
      row(['x2', 'ORG-2021', 'NOPE', '2021-01-01'], nonVictim),
      row(['x2', 'ORG-2021', 'ORG-A', '2021-13-01'], nonVictim),
      row(['x4', 'ORG-2021', 'ORG-A', '2021-01-01'], { ...nonVictim, gender: 'robot' }),
      row(['x5', 'ORG-2021', 'ORG-A', '2021-01-01'], { ...nonVictim, ...multi('sv_form', ['pesten']) }),
      row(['x6', 'ORG-2021', 'ORG-A', '2021-01-01'], { ...victim, ...multi('sv_discussed', ['niemand', 'collega']) }),
      row(['x7', 'OTHER-WAVE', 'ORG-A', '2021-01-01'], nonVictim),
      row(['x8', 'ORG-2021', 'ORG-A', '2021-01-01'], { ...nonVictim, personnel_type: 'burger', rank_mil: 'officieren' }),
    ].join('\n');
    const err = await importResponses(t.db, csv, { wave: 'ORG-2021' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    const got = (err as ImportError).issues;
    const has = (line: number, column: RegExp, reason: RegExp) =>
      expect(got.some((i) => i.line === line && column.test(i.column) && reason.test(i.reason)), `${line} ${column} ${reason}\n${JSON.stringify(got, null, 1)}`).toBe(true);
    has(2, /^sv_experienced$/, /range|1.*5/i);
    has(3, /^unit$/, /unknown unit "NOPE"/);
    has(4, /^response_id$/, /duplicate.*line 3/);
    has(4, /^submitted_on$/, /not a date/);
    has(5, /^gender$/, /robot/);
    has(6, /^sv_form/, /not (shown|asked)|condition/i);
    has(7, /^sv_discussed/, /exclusive|combined/i);
    has(8, /^wave$/, /differs/);
    has(9, /^rank_mil/, /not (shown|asked)|condition/i);
    expect((await t.db.select().from(responses)).length).toBe(before);
    expect(await t.db.select().from(waves).where(eq(waves.code, 'ORG-2021'))).toHaveLength(0);
  });

  it('rejects unknown columns and units of two organisations in one new wave', async () => {
    const bad = await importResponses(t.db, `${HEADER.join(',')},favourite_colour\n`, { wave: 'ORG-2022' }).catch((e: unknown) => e);
    expect((bad as ImportError).issues).toContainEqual({ line: 1, column: 'favourite_colour', reason: 'unknown column' });
    const csv = [HEADER.join(','), row(['y1', 'ORG-2022', 'ORG-A', '2022-01-01'], nonVictim), row(['y2', 'ORG-2022', 'OTHER', '2022-01-01'], nonVictim)].join('\n');
    const err = await importResponses(t.db, csv, { wave: 'ORG-2022' }).catch((e: unknown) => e);
    expect((err as ImportError).issues.map((i) => i.reason)).toContain('the units of one wave must belong to one organisation');
  });

  it('refuses an open wave and a unit outside an existing wave', async () => {
    const csv = [HEADER.join(','), row(['z1', 'ORG-2020', 'ORG', '2020-03-04'], nonVictim)].join('\n');
    const err = await importResponses(t.db, csv, { wave: 'ORG-2020' }).catch((e: unknown) => e);
    expect((err as ImportError).issues[0]).toMatchObject({ line: 2, column: 'unit', reason: 'unit "ORG" is not part of wave ORG-2020' });
    const [w] = await t.db.select().from(waves).where(eq(waves.code, 'ORG-2020'));
    await createWave(t.db, {
      code: 'ORG-OPEN', organisationId: w!.organisationId, instrumentVersionId: w!.instrumentVersionId, unitIds: [(await getUnitsByCode(t.db, ['ORG-A'])).get('ORG-A')!.id],
      opensAt: new Date('2030-01-01T00:00:00Z'), closesAt: new Date('2030-02-01T00:00:00Z'), kind: 'census',
    });
    const openCsv = [HEADER.join(','), row(['z2', 'ORG-OPEN', 'ORG-A', '2030-01-04'], nonVictim)].join('\n');
    const open = await importResponses(t.db, openCsv, { wave: 'ORG-OPEN', now: new Date('2030-01-10T00:00:00Z') }).catch((e: unknown) => e);
    expect((open as ImportError).issues[0]!.reason).toBe('wave ORG-OPEN is still open; responses can only be imported into a closed wave');
  });
});
