/**
 * The HTTP API. Routes are composed per resource with `app.route()`; errors are mapped in one
 * place.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from './db/client.js';
import { BadRequestError, ConflictError, ImportError, NotFoundError, PayloadTooLargeError, UsageError } from './errors.js';
import { checkRequest, requestLog } from './http/guard.js';
import { readiness } from './http/ready.js';
import { logger } from './log.js';
import { AuthError, ValidationError } from './auth/errors.js';
import { provideAuth, type AuthOptions } from './auth/middleware.js';
import { adminRoutes } from './routes/admin/index.js';
import { authRoutes } from './routes/auth/index.js';
import { requireUser } from './auth/middleware.js';
import { SurveyError } from './routes/survey/contract.js';
import { surveyRoutes, type SurveyRouteOptions } from './routes/survey/index.js';
import { waveRoutes } from './routes/waves/index.js';
import { releaseRoutes } from './routes/releases/index.js';
import { planRoutes } from './routes/plans/index.js';
import { env } from './env.js';

export interface AppDeps {
  db: Db;
  /** Cookie settings of the sign-in layer (default: from the environment). */
  auth?: AuthOptions;
  /** Rate limits and clock of the respondent API (tests). */
  survey?: SurveyRouteOptions;
  /** Base URL of the survey app used in invitation links (default: SURVEY_PUBLIC_URL or HOST:SURVEY_PORT). */
  surveyBaseUrl?: string;
}

export function createApp(deps: AppDeps) {
  const app = new Hono()
    .use(requestLog())
    .use(checkRequest())
    .use(secureHeaders({ referrerPolicy: 'no-referrer' }))
    .use(provideAuth(deps.db, deps.auth))
    /** Alive: the process answers (for the proxy's health checks and restarts). */
    .get('/health', (c) => c.json({ status: 'ok' }))
    /** Ready: the database answers and every migration is applied (503 otherwise). */
    .get('/ready', async (c) => {
      const r = await readiness(deps.db);
      return c.json(r, r.status === 'ready' ? 200 : 503);
    })
    .route('/auth', authRoutes)
    .route('/admin', adminRoutes)
    .route('/', releaseRoutes)
    .route('/plans', planRoutes())
    .route('/survey', surveyRoutes(deps.db, deps.survey))
    .route('/waves', waveRoutes(deps.db, requireUser(['admin']), deps.surveyBaseUrl ?? defaultSurveyBaseUrl()));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such route' } }, 404));
  app.onError((err, c) => {
    if (err instanceof SurveyError) {
      if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds));
      return c.json({ error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } }, err.status);
    }
    if (err instanceof ImportError) {
      return c.json({ error: { code: 'invalid_file', message: err.message, issues: err.issues } }, 422);
    }
    if (err instanceof AuthError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    if (err instanceof ValidationError) return c.json({ error: { code: 'invalid', message: err.message, issues: err.issues } }, 422);
    if (err instanceof BadRequestError) return c.json({ error: { code: 'bad_request', message: err.message, ...(err.issues.length ? { issues: err.issues } : {}) } }, 400);
    if (err instanceof PayloadTooLargeError) return c.json({ error: { code: 'payload_too_large', message: err.message } }, 413);
    if (err instanceof UsageError) return c.json({ error: { code: 'bad_request', message: err.message } }, 400);
    if (err instanceof NotFoundError) return c.json({ error: { code: 'not_found', message: err.message } }, 404);
    if (err instanceof ConflictError) return c.json({ error: { code: 'conflict', message: err.message } }, 409);
    // The full error with its stack goes to the server's log (database parameters scrubbed, see
    // log.ts); the response says nothing about it, and never echoes request data.
    logger.error('internal error', { err, method: c.req.method, route: c.req.routePath });
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}

function defaultSurveyBaseUrl(): string {
  const e = env();
  return e.SURVEY_PUBLIC_URL ?? `http://${e.HOST}:${e.SURVEY_PORT}`;
}

export type AppType = ReturnType<typeof createApp>;
