import { getAnswer } from './items.js';
import type { Answers, Comparison, Condition } from './schema.js';

/**
 * Three-valued result: `undefined` means "unknown" because a referenced item is unanswered.
 * Using Kleene logic (as SQL does with NULL) keeps `not` safe: `not (sv_reported = nee)` stays
 * unknown, and so hidden, for someone who was never asked sv_reported, instead of turning true.
 */
type Truth = boolean | undefined;

function compare(leaf: Comparison, answers: Readonly<Answers>): Truth {
  const value = getAnswer(answers, leaf.item);
  if (leaf.op === 'answered') return value !== undefined;
  if (value === undefined) return undefined;
  switch (leaf.op) {
    case 'eq':
      return value === leaf.value;
    case 'neq':
      return value !== leaf.value;
    case 'in':
      return (typeof value === 'string' || typeof value === 'number') && leaf.value.includes(value);
    case 'gte':
      return typeof value === 'number' && value >= leaf.value;
    case 'lte':
      return typeof value === 'number' && value <= leaf.value;
    case 'gt':
      return typeof value === 'number' && value > leaf.value;
    case 'lt':
      return typeof value === 'number' && value < leaf.value;
    case 'includes':
      return Array.isArray(value) && value.includes(leaf.value);
  }
}

function evaluate(condition: Condition, answers: Readonly<Answers>): Truth {
  if ('all' in condition) {
    let result: Truth = true;
    for (const part of condition.all) {
      const truth = evaluate(part, answers);
      if (truth === false) return false;
      if (truth === undefined) result = undefined;
    }
    return result;
  }
  if ('any' in condition) {
    let result: Truth = false;
    for (const part of condition.any) {
      const truth = evaluate(part, answers);
      if (truth === true) return true;
      if (truth === undefined) result = undefined;
    }
    return result;
  }
  if ('not' in condition) {
    const truth = evaluate(condition.not, answers);
    return truth === undefined ? undefined : !truth;
  }
  return compare(condition, answers);
}

/**
 * Evaluates a condition against answers. True only when the condition definitely holds: a
 * comparison on an unanswered item is unknown (except `answered`), and unknown means "hide".
 *
 * @example
 * evaluateCondition({ item: 'sv_experienced', op: 'gte', value: 2 }, { sv_experienced: 3 }); // true
 * evaluateCondition({ item: 'sv_experienced', op: 'gte', value: 2 }, {}); // false
 * evaluateCondition({ not: { item: 'x', op: 'answered' } }, {}); // true
 */
export function evaluateCondition(condition: Condition, answers: Readonly<Answers>): boolean {
  return evaluate(condition, answers) === true;
}

/**
 * The comparisons in a condition tree, each with its path from the condition root.
 *
 * @example
 * conditionLeaves({ all: [{ item: 'a', op: 'answered' }] }); // [{ leaf: {...}, path: ['all', 0] }]
 */
export function conditionLeaves(condition: Condition, path: (string | number)[] = []): { leaf: Comparison; path: (string | number)[] }[] {
  if ('all' in condition) return condition.all.flatMap((part, i) => conditionLeaves(part, [...path, 'all', i]));
  if ('any' in condition) return condition.any.flatMap((part, i) => conditionLeaves(part, [...path, 'any', i]));
  if ('not' in condition) return conditionLeaves(condition.not, [...path, 'not']);
  return [{ leaf: condition, path }];
}

/**
 * The item codes a condition refers to, without duplicates.
 *
 * @example
 * conditionItems({ any: [{ item: 'a', op: 'answered' }, { item: 'a', op: 'eq', value: 1 }] }); // ['a']
 */
export function conditionItems(condition: Condition): string[] {
  return [...new Set(conditionLeaves(condition).map(({ leaf }) => leaf.item))];
}
