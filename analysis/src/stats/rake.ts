import { StatsError } from './errors.js';
import { assertCount } from './validate.js';

export interface RakingCell {
  /** Respondents in the cell. */
  sampleSize: number;
  /** The cell's level in each margin, in the order of `margins`. */
  levels: readonly string[];
  /** Starting (design) weight per respondent, default 1. */
  baseWeight?: number;
}

export interface RakingOptions {
  /** Largest relative margin error accepted, default 1e-10. */
  tolerance?: number;
  /** Full passes over all margins before giving up, default 1000. */
  maxIterations?: number;
  /**
   * Cap per-respondent weights at this multiple of the mean weight (population / sample):
   * weights above it are trimmed after every pass and the others re-raked to the margins.
   */
  maxWeightRatio?: number;
}

export interface RakingResult {
  /** Weight per respondent of each cell (input order); 0 for cells without respondents. */
  weights: number[];
  iterations: number;
  converged: boolean;
  /** Largest relative difference between a weighted margin and its target at the end. */
  maxMarginError: number;
  /** Indices of cells whose weight sits at the cap. */
  cappedCells: number[];
}

/** Population target per level of one dimension, e.g. `{ men: 7000, women: 1500 }`. */
export type RakingMargin = Readonly<Record<string, number>>;

function validate(cells: readonly RakingCell[], margins: readonly RakingMargin[]): number {
  if (cells.length === 0) throw new StatsError('EMPTY_SAMPLE', 'raking needs at least one cell');
  if (margins.length === 0) throw new StatsError('INVALID_ARGUMENT', 'raking needs at least one margin');
  let total: number | undefined;
  for (const margin of margins) {
    let sum = 0;
    for (const [level, target] of Object.entries(margin)) {
      if (!Number.isFinite(target) || target < 0) {
        throw new StatsError('INVALID_ARGUMENT', `margin target for ${level} must be finite and ≥ 0`);
      }
      sum += target;
    }
    if (total === undefined) total = sum;
    else if (Math.abs(sum - total) > 1e-9 * Math.max(sum, total)) {
      throw new StatsError('INVALID_ARGUMENT', `margins disagree on the population total (${total} vs ${sum})`);
    }
  }
  if (!total) throw new StatsError('INVALID_ARGUMENT', 'margins have a population total of 0');
  for (const cell of cells) {
    assertCount(cell.sampleSize, 'sampleSize');
    const base = cell.baseWeight ?? 1;
    if (!Number.isFinite(base) || base <= 0) throw new StatsError('INVALID_ARGUMENT', 'baseWeight must be finite and > 0');
    if (cell.levels.length !== margins.length) {
      throw new StatsError('INVALID_ARGUMENT', 'every cell needs one level per margin');
    }
    cell.levels.forEach((level, d) => {
      if (!Object.hasOwn(margins[d] ?? {}, level)) {
        throw new StatsError('INVALID_ARGUMENT', `level ${level} has no target in margin ${d}`);
      }
    });
  }
  margins.forEach((margin, d) => {
    for (const [level, target] of Object.entries(margin)) {
      const sampled = cells.some((cell) => cell.levels[d] === level && cell.sampleSize > 0);
      if (target > 0 && !sampled) {
        throw new StatsError('DEGENERATE', `margin ${d} level ${level} has a target but no respondents`);
      }
    }
  });
  return total;
}

/** Weighted total per level of margin d. */
function marginTotals(cells: readonly RakingCell[], weights: readonly number[], d: number): Map<string, number> {
  const totals = new Map<string, number>();
  cells.forEach((cell, i) => {
    const level = cell.levels[d] ?? '';
    totals.set(level, (totals.get(level) ?? 0) + cell.sampleSize * (weights[i] ?? 0));
  });
  return totals;
}

function maxRelativeError(cells: readonly RakingCell[], margins: readonly RakingMargin[], weights: readonly number[]): number {
  let worst = 0;
  margins.forEach((margin, d) => {
    const totals = marginTotals(cells, weights, d);
    for (const [level, target] of Object.entries(margin)) {
      const actual = totals.get(level) ?? 0;
      worst = Math.max(worst, target > 0 ? Math.abs(actual - target) / target : actual);
    }
  });
  return worst;
}

/**
 * Raking (iterative proportional fitting) of per-respondent cell weights to population margins,
 * e.g. headcounts by sex and by personnel status. Optionally caps extreme weights (trim, then
 * re-rake the rest) and reports whether both the margins and the cap were met.
 *
 * @example
 * rake(
 *   [
 *     { sampleSize: 400, levels: ['men', 'mil'] }, { sampleSize: 100, levels: ['men', 'civ'] },
 *     { sampleSize: 60, levels: ['women', 'mil'] }, { sampleSize: 40, levels: ['women', 'civ'] },
 *   ],
 *   [{ men: 7000, women: 1500 }, { mil: 5000, civ: 3500 }],
 * ).weights; // [11.036208…, 25.855169…, 9.758615…, 22.862078…]
 */
export function rake(cells: readonly RakingCell[], margins: readonly RakingMargin[], options: RakingOptions = {}): RakingResult {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 1000;
  if (!(tolerance > 0)) throw new StatsError('INVALID_ARGUMENT', 'tolerance must be > 0');
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new StatsError('INVALID_ARGUMENT', 'maxIterations must be a positive integer');
  }
  const total = validate(cells, margins);
  const respondents = cells.reduce((s, c) => s + c.sampleSize, 0);
  let cap = Number.POSITIVE_INFINITY;
  if (options.maxWeightRatio !== undefined) {
    if (!(options.maxWeightRatio >= 1)) throw new StatsError('INVALID_ARGUMENT', 'maxWeightRatio must be ≥ 1');
    cap = options.maxWeightRatio * (total / respondents);
  }

  const weights = cells.map((cell) => (cell.sampleSize > 0 ? (cell.baseWeight ?? 1) : 0));
  let iterations = 0;
  let error = Number.POSITIVE_INFINITY;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    margins.forEach((margin, d) => {
      const totals = marginTotals(cells, weights, d);
      cells.forEach((cell, i) => {
        const level = cell.levels[d] ?? '';
        const current = totals.get(level) ?? 0;
        if (current > 0) weights[i] = (weights[i] ?? 0) * ((margin[level] ?? 0) / current);
      });
    });
    for (let i = 0; i < weights.length; i++) {
      if ((weights[i] ?? 0) > cap) weights[i] = cap;
    }
    error = maxRelativeError(cells, margins, weights);
    if (error <= tolerance) {
      converged = true;
      break;
    }
  }
  const cappedCells = weights.flatMap((w, i) => (w >= cap * (1 - 1e-12) ? [i] : []));
  return { weights, iterations, converged, maxMarginError: error, cappedCells };
}
