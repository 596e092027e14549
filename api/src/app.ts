/**
 * The HTTP API. Routes are composed per resource with `app.route()`; errors are mapped in one
 * place (style.md, practices 4 and 11).
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from './db/client.js';
import { queryRows, sql } from './db/client.js';
import { ConflictError, ImportError, NotFoundError, UsageError } from './errors.js';

export interface AppDeps {
  db: Db;
}

export function createApp(deps: AppDeps) {
  const app = new Hono()
    .use(secureHeaders({ referrerPolicy: 'no-referrer' }))
    .get('/health', async (c) => {
      await queryRows(deps.db, sql`select 1 as ok`);
      return c.json({ status: 'ok' });
    });

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such route' } }, 404));
  app.onError((err, c) => {
    if (err instanceof ImportError) {
      return c.json({ error: { code: 'invalid_file', message: err.message, issues: err.issues } }, 422);
    }
    if (err instanceof UsageError) return c.json({ error: { code: 'bad_request', message: err.message } }, 400);
    if (err instanceof NotFoundError) return c.json({ error: { code: 'not_found', message: err.message } }, 404);
    if (err instanceof ConflictError) return c.json({ error: { code: 'conflict', message: err.message } }, 409);
    // Never echo request data: it may hold tokens or answers.
    console.error(`internal error: ${err.name}`);
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
