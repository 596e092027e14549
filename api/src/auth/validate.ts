import type { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Validates a request body with a zod schema; throws ValidationError (422, one issue per field).
 * Bodies are validated, never cast.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ValidationError(result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), reason: i.message })));
  }
  return result.data;
}
