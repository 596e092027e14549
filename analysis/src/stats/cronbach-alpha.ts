import { StatsError } from './errors.js';
import { reverseCode } from './scale-score.js';
import { assertFinite } from './validate.js';

export interface CronbachOptions {
  /** Reverse-code these zero-based items as (min + max) − x before computing alpha. */
  reverse?: { items: readonly number[]; min: number; max: number };
}

export interface CronbachResult {
  alpha: number;
  /** Respondents with every item answered (listwise deletion). */
  respondents: number;
  items: number;
}

function sampleVariance(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

/**
 * Cronbach's alpha k/(k − 1) · (1 − Σ item variances / variance of the sum) from a
 * respondents × items matrix; respondents with any missing item are dropped (listwise).
 *
 * @example
 * cronbachAlpha([[4, 2, 5, 4], [3, 3, 4, 3], [5, 1, 5, 5], [2, 4, 2, 2], [4, 2, 4, 3], [3, 3, 3, 4]], {
 *   reverse: { items: [1], min: 1, max: 5 },
 * }).alpha; // 0.960…
 */
export function cronbachAlpha(
  matrix: readonly (readonly (number | null | undefined)[])[],
  options: CronbachOptions = {},
): CronbachResult {
  const k = matrix[0]?.length ?? 0;
  if (matrix.length === 0 || k === 0) throw new StatsError('EMPTY_SAMPLE', 'the matrix is empty');
  if (k < 2) throw new StatsError('INSUFFICIENT_DATA', "Cronbach's alpha needs at least two items");
  const reversed = new Set(options.reverse?.items ?? []);
  for (const index of reversed) {
    if (!Number.isInteger(index) || index < 0 || index >= k) {
      throw new StatsError('INVALID_ARGUMENT', `reversed item index ${index} is out of range`);
    }
  }

  const complete: number[][] = [];
  for (const row of matrix) {
    if (row.length !== k) throw new StatsError('INVALID_ARGUMENT', 'every respondent needs one entry per item');
    if (row.some((v) => v === null || v === undefined)) continue;
    complete.push(
      row.map((v, j) => {
        const value = v as number;
        assertFinite(value, 'answer');
        const reverse = options.reverse;
        return reverse && reversed.has(j) ? reverseCode(value, reverse.min, reverse.max) : value;
      }),
    );
  }
  if (complete.length < 2) throw new StatsError('INSUFFICIENT_DATA', 'alpha needs at least two complete respondents');

  const itemVariances = Array.from({ length: k }, (_, j) => sampleVariance(complete.map((row) => row[j] ?? 0)));
  const totalVariance = sampleVariance(complete.map((row) => row.reduce((s, v) => s + v, 0)));
  if (totalVariance === 0) throw new StatsError('DEGENERATE', 'the summed score has no variance');
  const alpha = (k / (k - 1)) * (1 - itemVariances.reduce((s, v) => s + v, 0) / totalVariance);
  return { alpha, respondents: complete.length, items: k };
}
