/**
 * The one mapping from an error to a response: `{ error: { code, message, issues? } }` with its
 * status (docs/decisions/080-api-layers-and-contract.md). Validation is 422 everywhere: a body,
 * query or path parameter that does not fit its schema, a rule a request breaks, a bad file.
 * Anything unknown is a 500 that says nothing about itself (the details go to the log).
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AuthError } from '../auth/errors.js';
import {
  BadRequestError, cannotConnectNow, ConflictError, ImportError, NotFoundError, PayloadTooLargeError, ReleaseRefusedError, SurveyError, UnavailableError, UsageError, ValidationError,
} from '../errors.js';
import type { ErrorBody } from './openapi.js';

export interface MappedError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** Retry-After of a 503: the embedded database's startup wait is 15 s; a build or backup holds it longer. */
const RETRY_UNAVAILABLE_S = 30;

const body = (code: string, message: string, issues?: readonly object[]): ErrorBody =>
  ({ error: { code, message, ...(issues && issues.length > 0 ? { issues: issues as Record<string, unknown>[] } : {}) } });

/** The response for a known error; `null` for anything else (an internal error). */
export function mapError(err: unknown): MappedError | null {
  if (err instanceof ValidationError) return { status: 422, body: body('invalid', err.message, err.issues) };
  if (err instanceof ImportError) return { status: 422, body: { error: { code: 'invalid_file', message: err.message, issues: err.issues as unknown as Record<string, unknown>[] } } };
  if (err instanceof UsageError) return { status: 422, body: body('invalid', err.message) };
  if (err instanceof SurveyError) {
    return {
      status: err.status, body: body(err.code, err.message, err.issues),
      ...(err.retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(err.retryAfterSeconds) } } : {}),
    };
  }
  if (err instanceof AuthError) return { status: err.status, body: body(err.code, err.message) };
  if (err instanceof BadRequestError) return { status: 400, body: body('bad_request', err.message, err.issues) };
  if (err instanceof PayloadTooLargeError) return { status: 413, body: body('payload_too_large', err.message) };
  if (err instanceof NotFoundError) return { status: 404, body: body('not_found', err.message) };
  if (err instanceof ConflictError) return { status: 409, body: body('conflict', err.message) };
  // The cells and their intervals stay on the server (the log); the response says what and why.
  if (err instanceof ReleaseRefusedError) return { status: 409, body: body('audit_failed', err.publicMessage) };
  // The database takes no connection for a while: say why, and when to try again.
  const busy = err instanceof UnavailableError ? err : cannotConnectNow(err);
  if (busy) return { status: 503, body: body('unavailable', busy.message), headers: { 'retry-after': String(RETRY_UNAVAILABLE_S) } };
  if (err instanceof HTTPException) {
    // Thrown by hono's validators before a schema sees the body.
    if (err.status === 400) return { status: 422, body: body('invalid', 'the request body is not valid JSON', [{ path: '(body)', reason: 'not valid JSON' }]) };
    if (err.status === 415) return { status: 415, body: body('unsupported_media_type', 'the request body must be application/json') };
  }
  return null;
}
