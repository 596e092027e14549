/**
 * Errors of the sign-in and authorization layer. `app.onError` maps them like the domain errors:
 * `{ error: { code, message, issues? } }` with the status they carry.
 */
export type AuthErrorCode = 'unauthenticated' | 'invalid_credentials' | 'forbidden' | 'csrf' | 'sso_failed' | 'sso_not_configured';

export class AuthError extends Error {
  override name = 'AuthError';
  constructor(readonly status: 401 | 403 | 404, readonly code: AuthErrorCode, message: string) {
    super(message);
  }
}

export interface FieldIssue {
  /** Dotted path of the offending field (`minGroupSize`, `definition.items.3.code`). */
  path: string;
  reason: string;
}

/** A request body that does not fit its schema: 422 with one issue per field. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(readonly issues: FieldIssue[], message = 'the request is not valid') {
    super(message);
  }
}
