import { StatsError } from './errors.js';
import { assertFinite } from './validate.js';

export interface ScaleDefinition {
  /** Lowest and highest answer code of the items (e.g. 1 and 5). */
  min: number;
  max: number;
  /** Zero-based indices of items scored in reverse: x' = (min + max) − x. */
  reversed?: readonly number[];
  /** Fewest answered items for a score; fewer gives null. */
  minAnswered: number;
}

/** Checks a scale definition against its number of items. */
export function assertScaleDefinition(definition: ScaleDefinition, items: number): void {
  assertFinite(definition.min, 'min');
  assertFinite(definition.max, 'max');
  if (!(definition.min < definition.max)) throw new StatsError('INVALID_ARGUMENT', 'min must be below max');
  if (!Number.isInteger(definition.minAnswered) || definition.minAnswered < 1 || definition.minAnswered > items) {
    throw new StatsError('INVALID_ARGUMENT', `minAnswered must be an integer between 1 and ${items}`);
  }
  for (const index of definition.reversed ?? []) {
    if (!Number.isInteger(index) || index < 0 || index >= items) {
      throw new StatsError('INVALID_ARGUMENT', `reversed item index ${index} is out of range`);
    }
  }
}

/**
 * Reverse-codes one answer within [min, max].
 *
 * @example
 * reverseCode(2, 1, 5); // 4
 */
export function reverseCode(value: number, min: number, max: number): number {
  assertFinite(value, 'value');
  if (value < min || value > max) throw new StatsError('INVALID_ARGUMENT', `answer ${value} outside [${min}, ${max}]`);
  return min + max - value;
}

/**
 * Scale score: mean of the answered items after reverse coding, or null when fewer than
 * `minAnswered` items were answered (null or undefined = not answered).
 *
 * @example
 * scaleScore([4, 2, null, 4], { min: 1, max: 5, reversed: [1], minAnswered: 3 }); // 4
 * scaleScore([4, null, null, 4], { min: 1, max: 5, minAnswered: 3 }); // null
 */
export function scaleScore(answers: readonly (number | null | undefined)[], definition: ScaleDefinition): number | null {
  if (answers.length === 0) throw new StatsError('EMPTY_SAMPLE', 'a scale needs at least one item');
  assertScaleDefinition(definition, answers.length);
  const reversed = new Set(definition.reversed ?? []);
  let answered = 0;
  let sum = 0;
  answers.forEach((answer, index) => {
    if (answer === null || answer === undefined) return;
    const coded = reverseCode(answer, definition.min, definition.max);
    sum += reversed.has(index) ? coded : answer;
    answered++;
  });
  return answered < definition.minAnswered ? null : sum / answered;
}
