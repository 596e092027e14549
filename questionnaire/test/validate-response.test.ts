import { describe, expect, it } from 'vitest';
import { assertValidResponse, ResponseValidationError, validateResponse, werkbeleving } from '../src/index.js';
import type { ResponseIssue } from '../src/index.js';
import { createDefinition, withItem } from './factories.js';

const def = createDefinition();

function errorsOf(answers: unknown, definition = def): ResponseIssue[] {
  const result = validateResponse(definition, answers);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

describe('validateResponse', () => {
  it('accepts empty answers and a complete valid set', () => {
    expect(validateResponse(def, {})).toEqual({ ok: true, answers: {} });
    const answers = { a: 5, a2: 1, b: 'x', c: ['p', 'q'], d: 'nee', t: 'hoi', g: 'zeg_niet' };
    expect(validateResponse(def, answers)).toEqual({ ok: true, answers });
  });

  it('returns multi answers in definition order', () => {
    expect(validateResponse(def, { b: 'x', c: ['q', 'p'] })).toEqual({ ok: true, answers: { b: 'x', c: ['p', 'q'] } });
  });

  it('unknown_item', () => {
    expect(errorsOf({ zz: 1 })).toEqual([{ item: 'zz', code: 'unknown_item', message: 'Instrument test@1 has no item "zz".' }]);
  });

  it('unknown_option for single, yesno and multi items', () => {
    expect(errorsOf({ b: 'z' })).toMatchObject([{ item: 'b', code: 'unknown_option', option: 'z' }]);
    expect(errorsOf({ d: 'misschien' })).toMatchObject([{ item: 'd', code: 'unknown_option' }]);
    expect(errorsOf({ b: 'x', c: ['p', 'r'] })).toMatchObject([{ item: 'c', code: 'unknown_option', option: 'r' }]);
    expect(errorsOf({ b: 'z' })[0]?.message).toBe('Item "b" has no option "z" (options: x, y).');
  });

  it('not_shown for an answer to a hidden item', () => {
    expect(errorsOf({ b: 'y', c: ['p'] })).toMatchObject([{ item: 'c', code: 'not_shown' }]);
    expect(errorsOf({ c: [] })).toMatchObject([{ item: 'c', code: 'not_shown' }]);
    expect(errorsOf({ sv_experienced: 1, sv_form: ['pesten'] }, werkbeleving)).toMatchObject([{ item: 'sv_form', code: 'not_shown' }]);
  });

  it('exclusive_combined when an exclusive option is combined', () => {
    expect(errorsOf({ b: 'x', c: ['p', 'none'] })).toMatchObject([{ item: 'c', code: 'exclusive_combined', option: 'none' }]);
    expect(validateResponse(def, { b: 'x', c: ['none'] }).ok).toBe(true);
    expect(errorsOf({ sv_experienced: 3, sv_perpetrator: ['collega', 'zeg_niet'] }, werkbeleving)).toMatchObject([{ item: 'sv_perpetrator', code: 'exclusive_combined' }]);
  });

  it('out_of_range for scale values', () => {
    expect(errorsOf({ a: 6 })).toMatchObject([{ item: 'a', code: 'out_of_range' }]);
    expect(errorsOf({ a: 0 })).toMatchObject([{ item: 'a', code: 'out_of_range' }]);
    expect(errorsOf({ sat: 11 }, werkbeleving)).toMatchObject([{ item: 'sat', code: 'out_of_range' }]);
    expect(validateResponse(werkbeleving, { sat: 10 }).ok).toBe(true);
  });

  it('wrong_type for values of the wrong shape', () => {
    expect(errorsOf({ a: '4' })).toMatchObject([{ item: 'a', code: 'wrong_type' }]);
    expect(errorsOf({ a: 3.5 })).toMatchObject([{ item: 'a', code: 'wrong_type' }]);
    expect(errorsOf({ b: 1 })).toMatchObject([{ item: 'b', code: 'wrong_type' }]);
    expect(errorsOf({ b: ['x'] })).toMatchObject([{ item: 'b', code: 'wrong_type' }]);
    expect(errorsOf({ b: 'x', c: 'p' })).toMatchObject([{ item: 'c', code: 'wrong_type' }]);
    expect(errorsOf({ b: 'x', c: [1] })).toMatchObject([{ item: 'c', code: 'wrong_type' }]);
    expect(errorsOf({ t: '   ' })).toMatchObject([{ item: 't', code: 'wrong_type' }]);
    expect(errorsOf({ d: null })).toMatchObject([{ item: 'd', code: 'wrong_type' }]);
    expect(errorsOf([1, 2])).toMatchObject([{ item: '', code: 'wrong_type' }]);
    expect(errorsOf('x')).toMatchObject([{ item: '', code: 'wrong_type' }]);
  });

  it('required_missing only for shown required items', () => {
    const required = withItem(withItem(def, 'd', (item) => ({ ...item, required: true })), 'c', (item) => ({ ...item, required: true }));
    expect(errorsOf({ b: 'x' }, required)).toEqual([
      { item: 'c', code: 'required_missing', message: 'Item "c" is required.' },
      { item: 'd', code: 'required_missing', message: 'Item "d" is required.' },
    ]);
    // c is hidden when b = y, so only d is missing.
    expect(errorsOf({ b: 'y' }, required)).toMatchObject([{ item: 'd', code: 'required_missing' }]);
    expect(validateResponse(required, { b: 'x', c: [], d: 'ja' }).ok).toBe(true);
  });

  it('duplicate_option for an option listed twice', () => {
    expect(errorsOf({ b: 'x', c: ['p', 'p'] })).toMatchObject([{ item: 'c', code: 'duplicate_option', option: 'p' }]);
  });

  it('too_long counts characters, not UTF-16 units', () => {
    expect(errorsOf({ t: 'abcdef' })).toMatchObject([{ item: 't', code: 'too_long', message: 'Item "t" allows at most 5 characters; got 6.' }]);
    expect(validateResponse(def, { t: '😀😀😀😀😀' }).ok).toBe(true);
  });

  it('reports every issue at once, in item order after unknown items', () => {
    expect(errorsOf({ zz: 1, a: 9, b: 'y', c: ['p'] }).map((issue) => [issue.item, issue.code])).toEqual([
      ['zz', 'unknown_item'],
      ['a', 'out_of_range'],
      ['c', 'not_shown'],
    ]);
  });

  it('does not read Object.prototype members as answers', () => {
    expect(errorsOf({ constructor: 'x' })).toMatchObject([{ item: 'constructor', code: 'unknown_item' }]);
  });
});

describe('assertValidResponse', () => {
  it('returns the normalised answers', () => {
    expect(assertValidResponse(def, { b: 'x', c: ['none'] })).toEqual({ b: 'x', c: ['none'] });
  });

  it('throws a ResponseValidationError carrying the issues', () => {
    expect(() => assertValidResponse(def, { a: 9 })).toThrow(ResponseValidationError);
    try {
      assertValidResponse(def, { a: 9 });
    } catch (error) {
      expect((error as ResponseValidationError).code).toBe('response_invalid');
      expect((error as ResponseValidationError).issues).toMatchObject([{ item: 'a', code: 'out_of_range' }]);
    }
  });
});
