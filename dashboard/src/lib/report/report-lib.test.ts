import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { figuresOnPage, releaseCsv } from './figures';
import { nonOverlappingWindows } from './org-view';
import { messages } from '$lib/i18n';
import { xlsx } from '$lib/server/xlsx';
import type { UnitReport } from './types';

describe('non-overlapping windows', () => {
  it('keeps the latest window and earlier ones that end before it starts', () => {
    const w = (period: string) => ({ period });
    expect(nonOverlappingWindows([w('2018-2021'), w('2019-2022'), w('2022-2025'), w('2017-2020')]).map((x) => x.period)).toEqual(['2018-2021', '2022-2025']);
  });
});

describe('figures download', () => {
  it('writes release-table CSV with empty numbers for suppressed rows', () => {
    const csv = releaseCsv([
      { release: 'R', scope: 'U', period: 'P', dimension: 'all', group: 'all', indicator: 'sv_experienced', option: 'any', base: 'all', n: 40, count: 3, value: 0.075, ciLow: 0.02, ciHigh: 0.2, suppressed: false, reason: null },
      { release: 'R', scope: 'U', period: 'P', dimension: 'gender', group: 'vrouw', indicator: 'sv_experienced', option: 'any', base: 'all', n: null, count: null, value: null, ciLow: null, ciHigh: null, suppressed: true, reason: 'min_n' },
    ]);
    expect(csv.split('\n')).toEqual([
      'release,scope,period,dimension,group,indicator,option,base,n,count,value,ci_low,ci_high,suppressed,reason',
      'R,U,P,all,all,sv_experienced,any,all,40,3,0.075000,0.020000,0.200000,false,',
      'R,U,P,gender,vrouw,sv_experienced,any,all,,,,,,true,min_n',
      '',
    ]);
  });

  it('takes the unit rows on the page, the benchmarks and the earlier waves', () => {
    const base = { period: 'P', group: 'all', base: 'all', n: 1, count: 1, value: 1, ciLow: 1, ciHigh: 1, suppressed: false, reason: null };
    const report = {
      release: 'R2', rows: [
        { ...base, release: 'R2', scope: 'U', dimension: 'all', indicator: 'sv_form', option: 'pesten' },
        { ...base, release: 'R2', scope: 'U', dimension: 'gender', group: 'man', indicator: 'sv_form', option: 'pesten' },
        { ...base, release: 'R2', scope: 'U', dimension: 'gender', group: 'man', indicator: 'sv_experienced', option: 'any' },
      ],
      benchmarks: { parent: [{ ...base, release: 'R2', scope: 'B', dimension: 'all', indicator: 'sv_experienced', option: 'any' }], organisation: [] },
      trend: [{ release: 'R1', period: 'P1', rows: [{ ...base, release: 'R1', scope: 'U', dimension: 'all', indicator: 'sv_experienced', option: 'any' }] }],
    } as unknown as UnitReport;
    expect(figuresOnPage(report).map((r) => `${r.release}:${r.scope}:${r.dimension}:${r.indicator}`)).toEqual([
      'R2:U:all:sv_form', 'R2:U:gender:sv_experienced', 'R2:B:all:sv_experienced', 'R1:U:all:sv_experienced',
    ]);
  });

  it('writes an XLSX zip whose sheet holds the rows', () => {
    const file = xlsx('P', [['a', 'b'], ['x & y', 0.5], ['z', null]]);
    expect(file.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const text = file.toString('latin1');
    for (const name of ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/styles.xml']) expect(text).toContain(name);
    expect(text).toContain('x &amp; y');
    expect(text).toContain('<v>0.5</v>');
    expect(() => inflateRawSync(Buffer.alloc(0))).toThrow(); // stored entries need no inflating
  });
});

describe('report texts', () => {
  it('has every key in both languages', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.nl).sort());
  });
});
