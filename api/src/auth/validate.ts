import type { z } from 'zod';
import { findControlCharacters } from '../http/input.js';
import { ValidationError } from './errors.js';

/**
 * Validates a request body with a zod schema; throws ValidationError (422, one issue per field).
 * Bodies are validated, never cast. No string anywhere in the body may hold a control character.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const control = findControlCharacters(body);
  if (control.length > 0) throw new ValidationError(control);
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ValidationError(result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), reason: i.message })));
  }
  return result.data;
}
