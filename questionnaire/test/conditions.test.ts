import { describe, expect, it } from 'vitest';
import { conditionItems, evaluateCondition } from '../src/index.js';
import type { Condition } from '../src/index.js';

const answers = { s: 3, o: 'x', m: ['p', 'q'], e: [] as string[] };

describe('evaluateCondition: comparisons', () => {
  it.each<[Condition, boolean]>([
    [{ item: 's', op: 'eq', value: 3 }, true],
    [{ item: 's', op: 'eq', value: 4 }, false],
    [{ item: 'o', op: 'eq', value: 'x' }, true],
    [{ item: 'o', op: 'eq', value: 'y' }, false],
    [{ item: 's', op: 'neq', value: 4 }, true],
    [{ item: 'o', op: 'neq', value: 'x' }, false],
    [{ item: 'o', op: 'in', value: ['y', 'x'] }, true],
    [{ item: 's', op: 'in', value: [1, 2] }, false],
    [{ item: 's', op: 'gte', value: 3 }, true],
    [{ item: 's', op: 'gte', value: 4 }, false],
    [{ item: 's', op: 'lte', value: 3 }, true],
    [{ item: 's', op: 'lte', value: 2 }, false],
    [{ item: 's', op: 'gt', value: 2 }, true],
    [{ item: 's', op: 'gt', value: 3 }, false],
    [{ item: 's', op: 'lt', value: 4 }, true],
    [{ item: 's', op: 'lt', value: 3 }, false],
    [{ item: 'm', op: 'includes', value: 'q' }, true],
    [{ item: 'm', op: 'includes', value: 'r' }, false],
    [{ item: 'e', op: 'includes', value: 'p' }, false],
    [{ item: 'e', op: 'answered' }, true],
    [{ item: 'o', op: 'answered' }, true],
    [{ item: 'zz', op: 'answered' }, false],
  ])('%j → %s', (condition, expected) => {
    expect(evaluateCondition(condition, answers)).toBe(expected);
  });

  it.each<Condition>([
    { item: 'zz', op: 'eq', value: 1 },
    { item: 'zz', op: 'neq', value: 1 },
    { item: 'zz', op: 'in', value: [1] },
    { item: 'zz', op: 'gte', value: 1 },
    { item: 'zz', op: 'lte', value: 5 },
    { item: 'zz', op: 'gt', value: 0 },
    { item: 'zz', op: 'lt', value: 9 },
    { item: 'zz', op: 'includes', value: 'p' },
  ])('a comparison on an unanswered item is not true: %j', (condition) => {
    expect(evaluateCondition(condition, answers)).toBe(false);
  });

  it('numeric comparisons on a text answer are false, not coerced', () => {
    expect(evaluateCondition({ item: 'o', op: 'gte', value: 0 }, { o: '5' })).toBe(false);
  });
});

describe('evaluateCondition: all / any / not', () => {
  const yes: Condition = { item: 's', op: 'eq', value: 3 };
  const no: Condition = { item: 's', op: 'eq', value: 1 };
  const unknown: Condition = { item: 'zz', op: 'eq', value: 1 };

  it('all needs every part', () => {
    expect(evaluateCondition({ all: [yes, yes] }, answers)).toBe(true);
    expect(evaluateCondition({ all: [yes, no] }, answers)).toBe(false);
    expect(evaluateCondition({ all: [yes, unknown] }, answers)).toBe(false);
  });

  it('any needs one part', () => {
    expect(evaluateCondition({ any: [no, yes] }, answers)).toBe(true);
    expect(evaluateCondition({ any: [no, no] }, answers)).toBe(false);
    expect(evaluateCondition({ any: [unknown, yes] }, answers)).toBe(true);
  });

  it('not negates a known result', () => {
    expect(evaluateCondition({ not: no }, answers)).toBe(true);
    expect(evaluateCondition({ not: yes }, answers)).toBe(false);
    expect(evaluateCondition({ not: { item: 'zz', op: 'answered' } }, answers)).toBe(true);
  });

  it('not of an unknown comparison stays hidden (unanswered never turns into true)', () => {
    expect(evaluateCondition({ not: unknown }, answers)).toBe(false);
    expect(evaluateCondition({ not: { not: unknown } }, answers)).toBe(false);
    // Known false inside all decides, even with an unknown sibling: not(false) is true.
    expect(evaluateCondition({ not: { all: [no, unknown] } }, answers)).toBe(true);
  });

  it('nests', () => {
    const nested: Condition = { all: [{ any: [no, { item: 'm', op: 'includes', value: 'p' }] }, { not: { item: 'o', op: 'eq', value: 'y' } }] };
    expect(evaluateCondition(nested, answers)).toBe(true);
    expect(evaluateCondition(nested, { ...answers, o: 'y' })).toBe(false);
  });
});

describe('conditionItems', () => {
  it('lists each referenced item once', () => {
    expect(conditionItems({ all: [{ item: 'a', op: 'answered' }, { not: { any: [{ item: 'b', op: 'eq', value: 1 }, { item: 'a', op: 'eq', value: 2 }] } }] })).toEqual(['a', 'b']);
  });
});
