/** Sign-in, sessions and authorization, for every route of the API. */
export { AuthError } from './errors.js';
export { provideAuth, requireUser, CSRF_HEADER, type AuthEnv, type AuthVariables, type AuthOptions } from './middleware.js';
export { canReadUnit, assertCanReadUnit, readableUnitIds, auditRead } from './access.js';
export { SESSION_COOKIE, csrfTokenFor, type SessionUser } from './session.js';
