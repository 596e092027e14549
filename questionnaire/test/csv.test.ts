import { describe, expect, it } from 'vitest';
import { answersFromCsvRow, answersToCsvRow, checkCsvHeader, csvColumns, werkbeleving } from '../src/index.js';
import type { Answers } from '../src/index.js';

describe('csvColumns', () => {
  it('lists item columns in order, one per option for multi items', () => {
    const columns = csvColumns(werkbeleving);
    expect(columns.slice(0, 3)).toEqual(['wl1', 'wl2', 'wl3']);
    expect(columns.filter((c) => c.startsWith('sv_perpetrator.'))).toEqual([
      'sv_perpetrator.collega',
      'sv_perpetrator.leidinggevende',
      'sv_perpetrator.hoger_leidinggevende',
      'sv_perpetrator.ondergeschikte',
      'sv_perpetrator.intern_anders',
      'sv_perpetrator.extern',
      'sv_perpetrator.zeg_niet',
    ]);
    expect(columns).not.toContain('sv_form');
    expect(columns.slice(-5)).toEqual(['gender', 'age_band', 'personnel_type', 'rank_mil', 'scale_civ']);
    expect(new Set(columns).size).toBe(columns.length);
  });
});

describe('CSV round trip', () => {
  const answers: Answers = {
    wl1: 4,
    wl3: 1,
    sat: 10,
    sv_experienced: 3,
    sv_form: ['pesten', 'discriminatie'],
    sv_discr_ground: ['leeftijd'],
    sv_perpetrator: ['zeg_niet'],
    sv_discussed: [],
    sv_reported: 'nee',
    sv_not_reported: ['gevolgen', 'anders'],
    sv_aware_where: 'ja',
    gender: 'zeg_niet',
    personnel_type: 'burger',
    scale_civ: 'schaal_11plus',
  };

  it('writes every column, multi items as 1/0 and empty when not asked', () => {
    const row = answersToCsvRow(werkbeleving, answers);
    expect(Object.keys(row)).toEqual(csvColumns(werkbeleving));
    expect(row).toMatchObject({ wl1: '4', wl2: '', sat: '10', 'sv_form.pesten': '1', 'sv_form.kwaadspreken': '0', 'sv_discussed.niemand': '0', gender: 'zeg_niet', rank_mil: '' });
    expect(answersToCsvRow(werkbeleving, {})['sv_form.pesten']).toBe('');
  });

  it('reads back what it wrote', () => {
    expect(answersFromCsvRow(werkbeleving, answersToCsvRow(werkbeleving, answers))).toEqual({ answers });
  });
});

describe('answersFromCsvRow', () => {
  const formColumns = csvColumns(werkbeleving).filter((c) => c.startsWith('sv_form.'));
  const formRow = (values: Record<string, string>) => Object.fromEntries(formColumns.map((c) => [c, values[c] ?? '0']));

  it('ignores meta columns and trims numbers and codes', () => {
    expect(answersFromCsvRow(werkbeleving, { response_id: 'r1', wave: 'DEF-2021', wl1: ' 4 ', gender: 'man ' })).toEqual({ answers: { wl1: 4, gender: 'man' } });
  });

  it('multi: all empty means not asked, all 0 means asked and nothing chosen', () => {
    expect(answersFromCsvRow(werkbeleving, { sv_experienced: '1' })).toEqual({ answers: { sv_experienced: 1 } });
    expect(answersFromCsvRow(werkbeleving, { sv_experienced: '2', ...formRow({}) })).toEqual({ answers: { sv_experienced: 2, sv_form: [] } });
  });

  it('multi: rejects a partly filled item and values other than 1/0', () => {
    const partial = { sv_experienced: '2', ...formRow({ 'sv_form.pesten': '1', 'sv_form.stalking': '' }) };
    expect(answersFromCsvRow(werkbeleving, partial)).toEqual({ errors: [{ column: 'sv_form.stalking', reason: expect.stringMatching(/fill all \(1\/0\) or none/) }] });
    expect(answersFromCsvRow(werkbeleving, { sv_experienced: '2', ...formRow({ 'sv_form.pesten': 'ja' }) })).toEqual({
      errors: [{ column: 'sv_form.pesten', reason: 'expected 1 or 0, got "ja"' }],
    });
  });

  it('numbers must be whole numbers in range', () => {
    expect(answersFromCsvRow(werkbeleving, { wl1: '3.5' })).toEqual({ errors: [{ column: 'wl1', reason: 'expected a whole number, got "3.5"' }] });
    expect(answersFromCsvRow(werkbeleving, { sat: 'acht' })).toMatchObject({ errors: [{ column: 'sat' }] });
    expect(answersFromCsvRow(werkbeleving, { wl1: '6' })).toMatchObject({ errors: [{ column: 'wl1', reason: expect.stringMatching(/from 1 to 5/) }] });
  });

  it('reports unknown codes, hidden answers and exclusive combinations against their column', () => {
    expect(answersFromCsvRow(werkbeleving, { gender: 'x' })).toMatchObject({ errors: [{ column: 'gender', reason: expect.stringMatching(/no option "x"/) }] });
    expect(answersFromCsvRow(werkbeleving, { sv_experienced: '1', ...formRow({ 'sv_form.pesten': '1' }) })).toMatchObject({
      errors: [{ column: 'sv_form.kwaadspreken', reason: expect.stringMatching(/not shown/) }],
    });
    const discussed = Object.fromEntries(csvColumns(werkbeleving).filter((c) => c.startsWith('sv_discussed.')).map((c) => [c, '0']));
    expect(answersFromCsvRow(werkbeleving, { sv_experienced: '2', ...discussed, 'sv_discussed.niemand': '1', 'sv_discussed.collega': '1' })).toMatchObject({
      errors: [{ column: 'sv_discussed.niemand', reason: expect.stringMatching(/cannot be combined/) }],
    });
    expect(answersFromCsvRow(werkbeleving, { personnel_type: 'extern', rank_mil: 'officieren' })).toMatchObject({ errors: [{ column: 'rank_mil' }] });
  });
});

describe('checkCsvHeader', () => {
  it('accepts meta plus item columns, missing item columns included', () => {
    expect(checkCsvHeader(werkbeleving, ['response_id', 'wave', 'unit', 'submitted_on', ...csvColumns(werkbeleving)])).toEqual([]);
    expect(checkCsvHeader(werkbeleving, ['response_id', 'wave', 'unit', 'submitted_on', 'wl1'])).toEqual([]);
  });

  it('reports unknown, duplicate and missing meta columns', () => {
    expect(checkCsvHeader(werkbeleving, ['response_id', 'wave', 'unit', 'wl1', 'wl1', 'sv_form', 'sv_form.bogus'])).toEqual([
      { column: 'wl1', reason: 'duplicate column' },
      { column: 'sv_form', reason: 'unknown column' },
      { column: 'sv_form.bogus', reason: 'unknown column' },
      { column: 'submitted_on', reason: 'missing column' },
    ]);
  });
});
