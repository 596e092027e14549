/**
 * The HTTP API. Routes are declared per resource with their schemas (http/openapi.ts) and
 * composed with `app.route()`; errors are mapped in one place (http/error-response.ts). The
 * OpenAPI 3.1 document is `GET /openapi.json`, its reference page `GET /reference`
 * (docs/decisions/080-api-layers-and-contract.md).
 */
import { $ } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import { mapError } from './http/error-response.js';
import { checkRequest, requestLog } from './http/guard.js';
import { declare, json, router, z } from './http/openapi.js';
import { readiness } from './http/ready.js';
import { referencePage } from './http/reference.js';
import { ReleaseRefusedError } from './errors.js';
import { logger } from './log.js';
import { provideContext, type ContextDeps } from './http/context.js';
import { adminRoutes } from './routes/admin/index.js';
import { authRoutes } from './routes/auth/index.js';
import { surveyRoutes } from './routes/survey/index.js';
import { waveRoutes } from './routes/waves/index.js';
import { releaseRoutes } from './routes/releases/index.js';
import { planRoutes } from './routes/plans/index.js';

/** The database and the configuration; every route reads them from the context (http/context.ts, decision 081). */
export type AppDeps = ContextDeps;

const healthRoute = declare('public', {
  method: 'get', path: '/health', tags: ['operations'], summary: 'Alive: the process answers (for the proxy\'s health checks and restarts)',
  responses: { 200: json(z.object({ status: z.literal('ok') }), 'Alive') },
});
const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.object({ applied: z.int(), expected: z.int() }),
}).openapi('Readiness');
const readyRoute = declare('public', {
  method: 'get', path: '/ready', tags: ['operations'], summary: 'Ready: the database answers and every migration is applied',
  responses: { 200: json(ReadinessSchema, 'Ready'), 503: json(ReadinessSchema, 'Not ready') },
});

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = '/openapi.json';

export function createApp(deps: AppDeps) {
  const app = $(router()
    .use(requestLog())
    .use(checkRequest())
    .use(secureHeaders({ referrerPolicy: 'no-referrer' }))
    .use(provideContext(deps))
    .use('/reference/*', referencePage()))
    .openapi(healthRoute, (c) => c.json({ status: 'ok' } as const, 200))
    .openapi(readyRoute, async (c) => {
      const r = await readiness(deps.db);
      return r.status === 'ready' ? c.json(r, 200) : c.json(r, 503);
    })
    .route('/auth', authRoutes)
    .route('/admin', adminRoutes)
    .route('/', releaseRoutes)
    .route('/plans', planRoutes)
    .route('/survey', surveyRoutes)
    .route('/waves', waveRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey', in: 'cookie', name: 'vw_session',
    description: 'The session cookie set by `POST /auth/login`; state-changing requests also carry the session\'s CSRF token in `x-csrf-token`.',
  });
  // Generated once, on the first request: the routes do not change while the process runs.
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get(OPENAPI_PATH, (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Veilig Werk API', version: '1',
        description: 'Surveys, frozen releases and their administration. Every error is `{ error: { code, message, issues? } }`; '
          + 'validation failures are 422 with one issue per field. `x-roles` on an operation lists the roles that may call it.',
      },
    });
    return c.json(document);
  });

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such route' } }, 404));
  app.onError((err, c) => {
    const mapped = mapError(err);
    if (mapped) {
      // A refused release: the operator finds the cells it names in the log.
      // (The cells and checks, not their counts or intervals: no suppressed number in a log either.)
      if (err instanceof ReleaseRefusedError) logger.warn('release refused', { detail: err.publicMessage, cells: err.cells.slice(0, 50), route: c.req.routePath });
      for (const [k, v] of Object.entries(mapped.headers ?? {})) c.header(k, v);
      return c.json(mapped.body, mapped.status);
    }
    // The full error with its stack goes to the server's log (database parameters scrubbed, see
    // log.ts); the response says nothing about it, and never echoes request data.
    logger.error('internal error', { err, method: c.req.method, route: c.req.routePath });
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
