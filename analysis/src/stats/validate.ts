import { StatsError } from './errors.js';

// Shared guards so every public function rejects impossible input the same way.

export function assertFinite(value: number, name: string): void {
  if (!Number.isFinite(value)) {
    throw new StatsError('INVALID_ARGUMENT', `${name} must be a finite number, got ${value}`);
  }
}

export function assertPositive(value: number, name: string): void {
  if (!(value > 0) || Number.isNaN(value)) {
    throw new StatsError('INVALID_ARGUMENT', `${name} must be > 0, got ${value}`);
  }
}

export function assertProbability(value: number, name: string): void {
  if (!(value >= 0 && value <= 1)) {
    throw new StatsError('INVALID_ARGUMENT', `${name} must lie in [0, 1], got ${value}`);
  }
}

export function assertCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new StatsError('INVALID_COUNT', `${name} must be a non-negative integer, got ${value}`);
  }
}

/** Validates a binomial observation: integer 0 ≤ count ≤ n with n ≥ 1. */
export function assertBinomial(count: number, n: number): void {
  assertCount(n, 'n');
  if (n === 0) throw new StatsError('EMPTY_SAMPLE', 'n must be at least 1');
  assertCount(count, 'count');
  if (count > n) throw new StatsError('INVALID_COUNT', `count ${count} exceeds n ${n}`);
}

/** Confidence level strictly between 0 and 1. */
export function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new StatsError('INVALID_ARGUMENT', `level must lie strictly between 0 and 1, got ${level}`);
  }
}
