import { chiSquareSurvival } from './chi-square-distribution.js';
import { StatsError } from './errors.js';
import { assertCount } from './validate.js';

export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Expected counts under independence (0 for dropped empty rows/columns). */
  expected: number[][];
  /** Smallest expected count among the rows and columns tested. */
  minExpected: number;
}

/** Checks a rectangular table of non-negative integer counts and returns its row count and width. */
export function assertCountTable(table: readonly (readonly number[])[]): { rows: number; columns: number } {
  const columns = table[0]?.length ?? 0;
  if (table.length === 0 || columns === 0) throw new StatsError('EMPTY_SAMPLE', 'the table is empty');
  for (const row of table) {
    if (row.length !== columns) throw new StatsError('INVALID_ARGUMENT', 'the table is not rectangular');
    for (const cell of row) assertCount(cell, 'cell count');
  }
  return { rows: table.length, columns };
}

/**
 * Pearson chi-square test of independence for an r × c table of counts. Rows or columns whose
 * total is 0 carry no information and are left out (their df too); at least a 2 × 2 table must
 * remain. For multi-select items test each option as its own yes/no table.
 *
 * @example
 * chiSquareTest([[762, 327, 468], [484, 239, 477]]); // { statistic: 30.070…, df: 2, pValue: 2.954e-7, … }
 */
export function chiSquareTest(table: readonly (readonly number[])[]): ChiSquareResult {
  const { rows, columns } = assertCountTable(table);
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const columnTotals = Array.from({ length: columns }, (_, j) => table.reduce((s, row) => s + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  if (total === 0) throw new StatsError('EMPTY_SAMPLE', 'the table has no observations');
  const usedRows = rowTotals.filter((t) => t > 0).length;
  const usedColumns = columnTotals.filter((t) => t > 0).length;
  if (usedRows < 2 || usedColumns < 2) {
    throw new StatsError('DEGENERATE', 'a chi-square test needs at least two non-empty rows and two non-empty columns');
  }

  let statistic = 0;
  let minExpected = Number.POSITIVE_INFINITY;
  const expected: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const expectedRow: number[] = [];
    for (let j = 0; j < columns; j++) {
      const e = ((rowTotals[i] ?? 0) * (columnTotals[j] ?? 0)) / total;
      expectedRow.push(e);
      if (e > 0) {
        statistic += ((table[i]?.[j] ?? 0) - e) ** 2 / e;
        minExpected = Math.min(minExpected, e);
      }
    }
    expected.push(expectedRow);
  }
  const df = (usedRows - 1) * (usedColumns - 1);
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), expected, minExpected };
}
