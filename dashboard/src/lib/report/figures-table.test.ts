import { describe, expect, it } from 'vitest';
import { xlsx } from '$lib/server/xlsx';
import { figuresCsv, unitFiguresTable } from './figures-table';
import type { ReleaseRecord, UnitReport } from './types';

const row = (o: Partial<ReleaseRecord>): ReleaseRecord => ({
  release: 'R', scope: 'U', period: 'DEF-2025', dimension: 'all', group: 'all', indicator: 'sv_fear', option: 'agree', base: 'all',
  n: 40, count: 9, value: 0.225, ciLow: 0.1232, ciHigh: 0.3749, suppressed: false, reason: null, ...o,
});
const hidden = { n: null, count: null, value: null, ciLow: null, ciHigh: null, suppressed: true };

const report: UnitReport = {
  release: 'R', period: 'DEF-2025', kind: 'wave', frozenAt: '2026-01-01T00:00:00Z', unit: { code: 'U', name: 'A-compagnie', level: 'compagnie' },
  parent: { code: 'B', name: '13 Bevo' }, organisation: { code: 'O', name: 'Defensie', minGroupSize: 10, minVictims: 10 }, ownReport: true, sameAsWave: null, withOwnReport: [],
  respondents: 40, headcount: 60,
  rows: [
    row({}),
    row({ indicator: 'werkdruk', option: 'mean', value: 3.4567, ciLow: 3.2, ciHigh: 3.7 }),
    row({ dimension: 'gender', group: 'vrouw', ...hidden, reason: 'min_n' }),
  ],
  comparisons: [{ scope: 'U', dimension: 'all', group: 'all', indicator: 'sv_fear', option: 'agree', base: 'all', against: 'organisation_rest', difference: 0.1, ciLow: 0.02, ciHigh: 0.18, pValue: 0.001, pAdjusted: 0.01, significant: true }],
  benchmarks: { parent: [row({ scope: 'B', value: 0.2 })], organisation: [row({ scope: 'O', value: 0.125 })] }, children: [], releases: [], trend: [],
};

describe('the figures download', () => {
  const nl = unitFiguresTable('nl', report);
  const en = unitFiguresTable('en', report);

  it('has labels in the page language, values rounded as on the page, comparisons in words and suppression as words', () => {
    expect(nl.header).toEqual(['Onderdeel', 'Onderwerp', 'Groep', 'Periode', 'A-compagnie', 'Ondergrens 95%', 'Bovengrens 95%', 'Aantal', 'Bovenliggend: 13 Bevo', 'Organisatie', 'Significant verschil', 'Toelichting']);
    expect(en.header[1]).toBe('Topic');
    const fear = nl.rows.find((r) => r[1] === 'Bang voor negatieve gevolgen van melden')!;
    expect(fear.slice(4, 10)).toEqual([
      { value: 0.225, format: 'percent' }, { value: 0.123, format: 'percent' }, { value: 0.375, format: 'percent' }, { value: 40, format: 'integer' },
      { value: 0.2, format: 'percent' }, { value: 0.125, format: 'percent' },
    ]);
    // Higher fear of reporting is worse, whatever the sign says.
    expect(fear[10]).toBe('hoger: slechter dan de rest van de organisatie');
    const work = nl.rows.find((r) => r[1] === 'Werkdruk (1–5)')!;
    expect(work[4]).toEqual({ value: 3.5, format: 'decimal1' });
    const women = nl.rows.find((r) => r[2] === 'Vrouw' && r[1] === 'Bang voor negatieve gevolgen van melden')!;
    expect(women.slice(4, 8)).toEqual([null, null, null, null]);
    expect(women[11]).toBe('minder dan 10 deelnemers');
  });

  it('writes Dutch CSV with ; and decimal commas, English CSV with , and points', () => {
    const csvNl = figuresCsv('nl', nl);
    expect(csvNl.startsWith('\uFEFFOnderdeel;Onderwerp;Groep;')).toBe(true);
    expect(csvNl).toContain('Kerncijfers;Bang voor negatieve gevolgen van melden;Iedereen;DEF-2025;22,5%;12,3%;37,5%;40;20%;12,5%;hoger: slechter dan de rest van de organisatie;');
    expect(csvNl).toContain(';3,5;');
    const csvEn = figuresCsv('en', en);
    expect(csvEn).toContain('Headline figures,Fears negative consequences of reporting,Everyone,DEF-2025,22.5%,12.3%,37.5%,40,20%,12.5%,higher: worse than the rest of the organisation,');
  });

  it('writes an XLSX whose numbers are number cells with formats, and labels in the page language', () => {
    const sheet = xlsx('DEF-2025', [nl.header, ...nl.rows]).toString('utf8');
    expect(sheet).toContain('<numFmt numFmtId="164" formatCode="0.0%"/>');
    expect(sheet).toMatch(/<c r="E\d+" s="2"><v>0\.225<\/v><\/c>/);
    expect(sheet).toMatch(/<c r="H\d+" s="4"><v>40<\/v><\/c>/);
    expect(sheet).toMatch(/<c r="E\d+" s="3"><v>3\.5<\/v><\/c>/);
    expect(sheet).toContain('<t xml:space="preserve">Bang voor negatieve gevolgen van melden</t>');
  });
});
