import { assertCountTable } from './chi-square-test.js';
import { StatsError } from './errors.js';
import { logFactorial } from './log-gamma.js';

export type Alternative = 'two-sided' | 'greater' | 'less';

export interface FisherResult {
  pValue: number;
  alternative: Alternative;
}

// Tables whose probability is within this relative distance of the observed one count as
// "as extreme": without it, rounding in the log factorials drops tied tables (R uses the same).
const RELATIVE_TOLERANCE = 1e-7;

/**
 * Fisher's exact test for a 2 × 2 table [[a, b], [c, d]], conditioning on all margins.
 * Two-sided p sums the probabilities of all tables no more likely than the observed one;
 * 'greater' tests odds ratio > 1 (large a), 'less' odds ratio < 1.
 *
 * @example
 * fisherExactTest([[3, 1], [1, 3]]); // { pValue: 0.4857…, alternative: 'two-sided' }
 * fisherExactTest([[3, 1], [1, 3]], { alternative: 'greater' }); // { pValue: 0.2429…, … }
 */
export function fisherExactTest(
  table: readonly (readonly number[])[],
  options: { alternative?: Alternative } = {},
): FisherResult {
  const alternative = options.alternative ?? 'two-sided';
  const { rows, columns } = assertCountTable(table);
  if (rows !== 2 || columns !== 2) throw new StatsError('INVALID_ARGUMENT', 'Fisher exact test needs a 2 × 2 table');
  const a = table[0]?.[0] ?? 0;
  const b = table[0]?.[1] ?? 0;
  const c = table[1]?.[0] ?? 0;
  const d = table[1]?.[1] ?? 0;
  const row1 = a + b;
  const col1 = a + c;
  const total = a + b + c + d;
  if (total === 0) throw new StatsError('EMPTY_SAMPLE', 'the table has no observations');

  const minA = Math.max(0, row1 + col1 - total);
  const maxA = Math.min(row1, col1);
  // Hypergeometric log-probabilities up to the constant ln C(total, col1), normalised below.
  const logWeights: number[] = [];
  for (let k = minA; k <= maxA; k++) {
    logWeights.push(
      -logFactorial(k) - logFactorial(row1 - k) - logFactorial(col1 - k) - logFactorial(total - row1 - col1 + k),
    );
  }
  const maxLog = Math.max(...logWeights);
  const weights = logWeights.map((l) => Math.exp(l - maxLog));
  const sum = weights.reduce((s, w) => s + w, 0);
  const observed = weights[a - minA] ?? 0;

  let tail = 0;
  weights.forEach((w, index) => {
    const k = minA + index;
    if (alternative === 'greater' ? k >= a : alternative === 'less' ? k <= a : w <= observed * (1 + RELATIVE_TOLERANCE)) {
      tail += w;
    }
  });
  return { pValue: Math.min(1, tail / sum), alternative };
}
