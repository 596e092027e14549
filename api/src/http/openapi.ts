/**
 * How a route is declared (docs/decisions/080-api-layers-and-contract.md): one `createRoute`
 * declaration per route gives its validation (params, query, body), the types the apps' typed
 * clients see, and its entry in the OpenAPI 3.1 document (`GET /openapi.json`).
 *
 * `declare()` adds what every route shares: the error responses (one body shape,
 * `{ error: { code, message, issues? } }`), the roles that may call it (`x-roles`, the session
 * cookie as `security`, and the guard itself as the route's middleware), so the document cannot
 * say one thing and the guard another.
 */
import { OpenAPIHono, createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { Env, MiddlewareHandler } from 'hono';
import { requireUser, type AuthEnv } from '../auth/middleware.js';
import { ValidationError } from '../errors.js';
import type { InstrumentDefinition } from '@vw/questionnaire';
import type { Role } from '../services/users.js';
import { findControlCharacters } from '../input.js';
import type { ApiEnv } from './context.js';

/** Every error the API answers: a stable code, a message for people, and per-field issues. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().openapi({ example: 'invalid' }),
    message: z.string(),
    issues: z.array(z.record(z.string(), z.unknown())).optional()
      .openapi({ description: 'Per field `{ path, reason }`, per CSV row `{ line, column, reason }`, or per survey answer `{ code, item, … }`.' }),
  }),
}).openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** What each error status means in this API; the statuses a route may answer are listed per route. */
const ERROR_MEANING = {
  400: 'The URL is unusable: malformed percent-encoding or a control character in the path or a query parameter (`bad_request`).',
  401: 'Not signed in (`unauthenticated`) or wrong credentials (`invalid_credentials`).',
  403: 'Signed in with a role or scope that may not do this (`forbidden`), or a state-changing request without the session\'s CSRF token (`csrf`).',
  404: 'No such resource, or one the caller may not know exists (`not_found`).',
  409: 'Not allowed in the current state (`conflict`, or a survey code such as `wave_closed`).',
  413: 'The body is over the route\'s limit (`payload_too_large`).',
  415: 'The body is not of the declared media type (`unsupported_media_type`).',
  422: 'The request does not fit its schema, or breaks a rule of the resource (`invalid`, `invalid_file`, `invalid_answers`); `issues` names every field or row.',
  429: 'Too many failed attempts (`rate_limited`, with `Retry-After`).',
  500: 'Internal error (`internal`); the details are in the server\'s log only.',
  503: 'Not ready (database unreachable or migrations missing).',
} as const;
export type ErrorStatus = keyof typeof ERROR_MEANING;

export function errorResponse(status: ErrorStatus) {
  return { description: ERROR_MEANING[status], content: { 'application/json': { schema: ErrorBodySchema } } };
}

/** JSON content of a response or request body. */
export function json<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A JSON request body that must be present (so a body of another type is refused, not skipped). */
export function jsonBody<S extends z.ZodType>(schema: S, description?: string) {
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema } } } as const;
}

/** Who may call a route: `public` (no session) or the roles whose session is required. */
export type Access = 'public' | 'signed-in' | readonly Role[];

type Declared<R extends RouteConfig> = R & { getRoutingPath(): string };

/**
 * A route declaration with the shared parts added: the guard of `access` as its first middleware,
 * `security` and `x-roles` in the document, and the error responses `errors` plus those every
 * route can answer (400 for the URL check, 401/403 behind a guard, 413/415/422 for a body or
 * parameters, 500).
 */
export function declare<const R extends Omit<RouteConfig, 'middleware'> & { middleware?: MiddlewareHandler<AuthEnv> | MiddlewareHandler<AuthEnv>[] }>(
  access: Access,
  route: R,
  errors: readonly ErrorStatus[] = [],
): Declared<R & { middleware: MiddlewareHandler<AuthEnv>[] }> {
  const statuses = new Set<ErrorStatus>([400, 500, ...errors]);
  const guard: MiddlewareHandler<AuthEnv>[] = [];
  if (access !== 'public') {
    statuses.add(401);
    if (access !== 'signed-in') statuses.add(403);
    guard.push(requireUser(access === 'signed-in' ? undefined : access));
    if (!['GET', 'HEAD'].includes(route.method.toUpperCase())) statuses.add(403);
  }
  if (route.request?.body) [413, 415, 422].forEach((s) => statuses.add(s as ErrorStatus));
  if (route.request?.query || route.request?.params) statuses.add(422);
  const own = route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  const roles = access === 'public' ? [] : access === 'signed-in' ? ['admin', 'researcher', 'commander'] : [...access];
  const responses: Record<string, unknown> = { ...route.responses };
  for (const s of [...statuses].sort()) responses[String(s)] ??= errorResponse(s);
  const who = access === 'public' ? 'Public.' : `Roles: ${roles.join(', ')}.`;
  return createRoute({
    ...route,
    description: route.description ? `${route.description}\n\n${who}` : who,
    ...(access === 'public' ? { security: [] } : { security: [{ session: [] }] }),
    'x-roles': roles,
    middleware: [...guard, ...own],
    responses,
  } as unknown as R & { middleware: MiddlewareHandler<AuthEnv>[]; path: R['path'] }) as unknown as Declared<R & { middleware: MiddlewareHandler<AuthEnv>[] }>;
}

/**
 * Validation failures become one `ValidationError` (422, one issue per field, never the value);
 * a valid JSON body is then checked for control characters (src/input.ts).
 */
function validationHook(result: { target: string; success: boolean; data?: unknown; error?: z.ZodError }): void {
  if (!result.success) {
    const where = result.target === 'json' ? [] : [result.target === 'param' ? 'path' : result.target];
    throw new ValidationError(result.error!.issues.map((i) => ({ path: [...where, ...i.path.map(String)].join('.'), reason: i.message })));
  }
  if (result.target === 'json') {
    const control = findControlCharacters(result.data);
    if (control.length > 0) throw new ValidationError(control);
  }
}

/**
 * A router whose routes are declared with `declare()`; every router of the API is one of these.
 * Its handlers read the database, the configuration and the user from the context (http/context.ts).
 */
export function router<E extends Env = ApiEnv>() {
  return new OpenAPIHono<E>({ defaultHook: validationHook });
}

/**
 * An instrument definition in the document: its TypeScript type is @vw/questionnaire's, its shape
 * is documented there (recursive conditions, which the generator cannot follow). Responses are
 * not validated at run time; requests holding a definition are checked by `parseDefinition`.
 */
export const InstrumentDefinitionDoc = z.custom<InstrumentDefinition>().openapi('InstrumentDefinition', {
  type: 'object',
  description: 'An instrument definition as @vw/questionnaire defines and checks it (docs/instrument.md).',
});

export { z };
