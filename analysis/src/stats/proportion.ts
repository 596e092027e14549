import { clopperPearsonInterval } from './clopper-pearson-interval.js';
import { StatsError } from './errors.js';
import { jeffreysInterval } from './jeffreys-interval.js';
import type { Interval } from './types.js';
import { wilsonInterval } from './wilson-interval.js';

export type ProportionMethod = 'wilson' | 'clopper-pearson' | 'jeffreys';

export interface ProportionOptions {
  /** Interval method, default Wilson score (never Wald). */
  method?: ProportionMethod;
  /** Confidence level, default 0.95. */
  level?: number;
  /** Continuity correction; Wilson only. */
  continuityCorrection?: boolean;
}

/**
 * A proportion with its confidence interval.
 *
 * @example
 * proportion(7, 20); // { value: 0.35, low: 0.1812…, high: 0.5671… }
 * proportion(0, 20, { method: 'jeffreys' }); // { value: 0, low: 0, high: 0.1166… }
 */
export function proportion(count: number, n: number, options: ProportionOptions = {}): Interval {
  const method = options.method ?? 'wilson';
  const level = options.level ?? 0.95;
  if (options.continuityCorrection && method !== 'wilson') {
    throw new StatsError('INVALID_ARGUMENT', 'continuity correction is only defined here for the Wilson interval');
  }
  switch (method) {
    case 'wilson':
      return wilsonInterval(count, n, { level, continuityCorrection: options.continuityCorrection ?? false });
    case 'clopper-pearson':
      return clopperPearsonInterval(count, n, { level });
    case 'jeffreys':
      return jeffreysInterval(count, n, { level });
    default:
      throw new StatsError('INVALID_ARGUMENT', `unknown proportion method ${String(method)}`);
  }
}
