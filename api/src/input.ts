/**
 * Input that no field may hold: NUL and the other control characters (tab, line feed and carriage
 * return excepted). PostgreSQL refuses NUL in text and JSON, so without this check such a value
 * reached the database and came back as a 500; now it is a 400/422 naming the field.
 */
import type { FieldIssue } from './errors.js';

// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** In a URL (path or query parameter) not even tab or line breaks have a use. */
// eslint-disable-next-line no-control-regex
export const URL_CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;

export const CONTROL_CHARACTER_REASON = 'contains a control character (such as NUL), which is not allowed';

/**
 * Every string in a parsed JSON value (keys included) checked for control characters; one issue
 * per offending field, with its dotted path (`answers.q3`, `(body)` for the value itself).
 *
 * @example findControlCharacters({ email: 'a\u0000' }) // [{ path: 'email', reason: '…' }]
 */
export function findControlCharacters(value: unknown, path: string[] = [], issues: FieldIssue[] = [], limit = 20): FieldIssue[] {
  if (issues.length >= limit) return issues;
  if (typeof value === 'string') {
    if (CONTROL_CHARACTER.test(value)) issues.push({ path: path.join('.') || '(body)', reason: CONTROL_CHARACTER_REASON });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findControlCharacters(v, [...path, String(i)], issues, limit));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (CONTROL_CHARACTER.test(k)) issues.push({ path: [...path, k.replace(CONTROL_CHARACTER, '?')].join('.'), reason: `the field name ${CONTROL_CHARACTER_REASON.replace('contains', 'contains')}` });
      else findControlCharacters(v, [...path, k], issues, limit);
    }
  }
  return issues;
}
