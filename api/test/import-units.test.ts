import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, population, units } from '../src/db/schema.js';
import { ImportError } from '../src/errors.js';
import { importPopulation } from '../src/services/import-population.js';
import { importUnits } from '../src/services/import-units.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.destroy(); });

const HEADER = 'code,parent,name,level,excluded_from_pooling,valid_from,valid_to';
const GOOD = [
  HEADER,
  'MIN,,Ministerie,organisatie,,,',
  'MIN-A,MIN,Directie A,directie,false,,',
  'MIN-A1,MIN-A,"Team A1, Den Haag",team,,2019-01-01,',
  'MIN-X,MIN,Inlichtingen,directie,true,,',
  'MIN-OLD,MIN-A,Oud team,team,,2015-01-01,2020-12-31',
].join('\n');

async function expectRejected(text: string, expected: { line: number; column: string; reason: RegExp }[]) {
  const before = (await t.db.select().from(units)).length;
  const err = await importUnits(t.db, text).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  const issues = (err as ImportError).issues;
  for (const e of expected) {
    expect(issues.some((i) => i.line === e.line && i.column === e.column && e.reason.test(i.reason)), JSON.stringify(issues)).toBe(true);
  }
  expect((await t.db.select().from(units)).length).toBe(before);
}

describe('import units', () => {
  it('loads a good file, creating the organisation from the root', async () => {
    const r = await importUnits(t.db, GOOD);
    expect(r).toEqual({ inserted: 5, updated: 0 });
    const rows = await t.db.select().from(units);
    const byCode = new Map(rows.map((u) => [u.code, u]));
    expect(byCode.get('MIN-A1')!.parentId).toBe(byCode.get('MIN-A')!.id);
    expect(byCode.get('MIN-A1')!.name).toBe('Team A1, Den Haag');
    expect(byCode.get('MIN-X')!.excludedFromPooling).toBe(true);
    expect(byCode.get('MIN-OLD')!.validTo).toBe('2020-12-31');
    const orgs = await t.db.select().from(organisations);
    expect(orgs.map((o) => [o.code, o.minGroupSize, o.minVictims])).toEqual([['MIN', 10, 10]]);
  });

  it('updates existing units on a second import', async () => {
    const r = await importUnits(t.db, `${HEADER}\nMIN-A,MIN,Directie A (nieuw),directie,false,,\n`);
    expect(r).toEqual({ inserted: 0, updated: 1 });
    const rows = await t.db.select().from(units);
    expect(rows.find((u) => u.code === 'MIN-A')!.name).toBe('Directie A (nieuw)');
  });

  it('reports every bad row with its line and column and stores nothing', async () => {
    await expectRejected([
      HEADER,
      'MIN-B,MIN,Directie B,directie,,,',
      'MIN-B,MIN,Dubbel,directie,,,',
      'MIN-C,NOPE,Zonder ouder,directie,,,',
      'MIN-D,MIN,,directie,maybe,2020-02-30,',
      'MIN-E,MIN,Omgekeerd,directie,,2021-01-01,2020-01-01',
      'bad code,MIN,Spatie,team,,,',
      'MIN-F,MIN,Te kort,team',
    ].join('\n'), [
      { line: 3, column: 'code', reason: /duplicate code "MIN-B".*line 2/ },
      { line: 4, column: 'parent', reason: /unknown parent unit "NOPE"/ },
      { line: 5, column: 'name', reason: /required/ },
      { line: 5, column: 'excluded_from_pooling', reason: /not true or false/ },
      { line: 5, column: 'valid_from', reason: /not a date/ },
      { line: 6, column: 'valid_to', reason: /before it starts/ },
      { line: 7, column: 'code', reason: /not a valid code/ },
      { line: 8, column: '', reason: /expected 7 fields, found 4/ },
    ]);
  });

  it('rejects a cycle, unknown and missing columns, and an empty file', async () => {
    await expectRejected(`${HEADER}\nCYC-1,CYC-2,Een,team,,,\nCYC-2,CYC-1,Twee,team,,,\n`, [
      { line: 2, column: 'parent', reason: /cycle/ },
    ]);
    await expectRejected('code,parent,name,level,colour\nX,,X,team,red\n', [
      { line: 1, column: 'colour', reason: /unknown column/ },
      { line: 1, column: 'excluded_from_pooling', reason: /missing/ },
    ]);
    await expectRejected('', [{ line: 1, column: '', reason: /empty/ }]);
    await expectRejected(`${HEADER}\n"unterminated,,x,y,,,\n`, [{ line: 2, column: '', reason: /not closed/ }]);
  });
});

describe('import population', () => {
  const PHEADER = 'unit,period,dimension,group,headcount';
  it('loads headcounts and replaces them on re-import', async () => {
    await importPopulation(t.db, `${PHEADER}\nMIN,2021,all,all,120\nMIN,2021,gender,vrouw,40\nMIN-A,MIN-2021,age_band,25_34,12\n`);
    await importPopulation(t.db, `${PHEADER}\nMIN,2021,all,all,125\n`);
    const rows = await t.db.select().from(population);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.dimension === 'all')!.headcount).toBe(125);
  });

  it('reports every bad row and stores nothing', async () => {
    const before = (await t.db.select().from(population)).length;
    const err = await importPopulation(t.db, [
      PHEADER,
      'NOPE,2021,all,all,1',
      'MIN,2021,shoe_size,all,1',
      'MIN,2021,gender,onbekend,1',
      'MIN,2021,all,vrouw,1',
      'MIN,2021,all,all,-3',
      'MIN,2022,all,all,10',
      'MIN,2022,all,all,11',
    ].join('\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    const issues = (err as ImportError).issues.map((i) => `${i.line}:${i.column}`);
    expect(issues).toEqual(['2:unit', '3:dimension', '4:group', '5:group', '6:headcount', '8:group']);
    expect((await t.db.select().from(population)).length).toBe(before);
  });
});
