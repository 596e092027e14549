import { ResponseValidationError } from './errors.js';
import type { ResponseIssue } from './errors.js';
import { getAnswer, itemOptions, scaleRange } from './items.js';
import type { Answers, InstrumentDefinition, Item } from './schema.js';
import { visibleItems } from './visibility.js';

export type ResponseValidation = { ok: true; answers: Answers } | { ok: false; errors: ResponseIssue[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the text ${JSON.stringify(value)}` : `${typeof value} ${JSON.stringify(value)}`;
}

/** Issues of one answered, shown item; pushes the normalised value when it is valid. */
function checkValue(item: Item, value: unknown, issues: ResponseIssue[], out: Answers): void {
  const issue = (code: ResponseIssue['code'], message: string, option?: string) =>
    issues.push(option === undefined ? { item: item.code, code, message } : { item: item.code, code, message, option });
  const before = issues.length;
  switch (item.type) {
    case 'single':
    case 'yesno': {
      if (typeof value !== 'string') {
        issue('wrong_type', `Item "${item.code}" takes one option code as text, not ${describe(value)}.`);
        break;
      }
      const codes = itemOptions(item).map((option) => option.code);
      if (!codes.includes(value)) issue('unknown_option', `Item "${item.code}" has no option "${value}" (options: ${codes.join(', ')}).`, value);
      break;
    }
    case 'scale': {
      const range = scaleRange(item) ?? { min: 0, max: 0 };
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        issue('wrong_type', `Item "${item.code}" takes a whole number from ${range.min} to ${range.max}, not ${describe(value)}.`);
      } else if (value < range.min || value > range.max) {
        issue('out_of_range', `Item "${item.code}" takes a value from ${range.min} to ${range.max}; got ${value}.`);
      }
      break;
    }
    case 'multi': {
      if (!Array.isArray(value) || !value.every((code) => typeof code === 'string')) {
        issue('wrong_type', `Item "${item.code}" takes a list of option codes, not ${describe(value)}.`);
        break;
      }
      const options = new Map(item.options.map((option) => [option.code, option]));
      const seen = new Set<string>();
      for (const code of value as string[]) {
        if (seen.has(code)) issue('duplicate_option', `Item "${item.code}" lists option "${code}" more than once.`, code);
        seen.add(code);
        if (!options.has(code)) issue('unknown_option', `Item "${item.code}" has no option "${code}" (options: ${[...options.keys()].join(', ')}).`, code);
      }
      if (seen.size > 1) {
        for (const code of seen) {
          if (options.get(code)?.exclusive === true) {
            issue('exclusive_combined', `Option "${code}" of item "${item.code}" cannot be combined with other options.`, code);
          }
        }
      }
      if (issues.length === before) {
        // Canonical order (definition order) so equal answers compare and store equal.
        out[item.code] = item.options.map((option) => option.code).filter((code) => seen.has(code));
      }
      return;
    }
    case 'text': {
      if (typeof value !== 'string' || value.trim().length === 0) {
        issue('wrong_type', `Item "${item.code}" takes non-empty text, not ${describe(value)}; leave it out when not answered.`);
      } else {
        // Count code points, so an emoji is one character, not two UTF-16 units; a browser maxlength
        // (UTF-16 units) therefore never lets through text this check rejects.
        const length = [...value].length;
        if (length > item.maxLength) issue('too_long', `Item "${item.code}" allows at most ${item.maxLength} characters; got ${length}.`);
      }
      break;
    }
  }
  if (issues.length === before) out[item.code] = value as string | number;
}

/**
 * Checks a respondent's answers against an instrument: known items and options, right types and
 * ranges, exclusive options alone, no answers to items the conditions hide, required items
 * present. The one validator for the survey, the API and the import (decision 001).
 * On success returns the answers with multi choices in definition order.
 *
 * @example
 * validateResponse(werkbeleving, { sv_experienced: 1, sv_form: ['pesten'] });
 * // { ok: false, errors: [{ item: 'sv_form', code: 'not_shown', message: '...' }] }
 */
export function validateResponse(def: InstrumentDefinition, answers: unknown): ResponseValidation {
  if (!isPlainObject(answers)) {
    return { ok: false, errors: [{ item: '', code: 'wrong_type', message: `Answers must be an object keyed by item code, not ${describe(answers)}.` }] };
  }
  const errors: ResponseIssue[] = [];
  const known = new Set(def.items.map((item) => item.code));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ item: key, code: 'unknown_item', message: `Instrument ${def.id}@${def.version} has no item "${key}".` });
  }
  // Visibility works on whatever is there; a badly typed answer simply fails its comparisons.
  const visible = new Set(visibleItems(def, answers as Answers));
  const out: Answers = {};
  for (const item of def.items) {
    const value = getAnswer(answers as Answers, item.code);
    if (value === undefined) {
      if (item.required === true && visible.has(item.code)) {
        errors.push({ item: item.code, code: 'required_missing', message: `Item "${item.code}" is required.` });
      }
      continue;
    }
    if (!visible.has(item.code)) {
      errors.push({ item: item.code, code: 'not_shown', message: `Item "${item.code}" is not shown for these answers (its condition is not met), so it must be left empty.` });
      continue;
    }
    checkValue(item, value, errors, out);
  }
  return errors.length === 0 ? { ok: true, answers: out } : { ok: false, errors };
}

/**
 * Like validateResponse, but throws a ResponseValidationError listing every issue.
 *
 * @example
 * const answers = assertValidResponse(werkbeleving, body);
 */
export function assertValidResponse(def: InstrumentDefinition, answers: unknown): Answers {
  const result = validateResponse(def, answers);
  if (!result.ok) throw new ResponseValidationError(result.errors);
  return result.answers;
}
