import { StatsError } from './errors.js';
import { assertCount } from './validate.js';

/**
 * Finite population correction factor √((N − n)/(N − 1)) to multiply a standard error by when
 * n of the N members of a unit responded; 0 for a census (n = N).
 *
 * @example
 * finitePopulationCorrection(100, 50); // 0.7106…
 */
export function finitePopulationCorrection(populationSize: number, sampleSize: number): number {
  assertCount(populationSize, 'populationSize');
  assertCount(sampleSize, 'sampleSize');
  if (sampleSize === 0) throw new StatsError('EMPTY_SAMPLE', 'sampleSize must be at least 1');
  if (sampleSize > populationSize) {
    throw new StatsError('INVALID_COUNT', `sampleSize ${sampleSize} exceeds populationSize ${populationSize}`);
  }
  if (sampleSize === populationSize) return 0;
  return Math.sqrt((populationSize - sampleSize) / (populationSize - 1));
}
