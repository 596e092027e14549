/**
 * The error of the sign-in and authorization layer. `http/error-response.ts` maps it like the
 * service errors: `{ error: { code, message } }` with the status it carries.
 */
export type AuthErrorCode = 'unauthenticated' | 'invalid_credentials' | 'forbidden' | 'csrf' | 'sso_failed' | 'sso_not_configured';

export class AuthError extends Error {
  override name = 'AuthError';
  constructor(readonly status: 401 | 403 | 404, readonly code: AuthErrorCode, message: string) {
    super(message);
  }
}
