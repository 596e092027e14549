/** /admin: everything here is for admins only (researchers and commanders get 403). */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireUser, type AuthEnv } from '../../auth/middleware.js';
import { instrumentRoutes } from './instruments.js';
import { organisationRoutes } from './organisations.js';
import { unitRoutes } from './units.js';
import { userRoutes } from './users.js';

/** Large enough for the unit tree and headcounts of a big organisation. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const adminRoutes = new Hono<AuthEnv>()
  .use('*', requireUser(['admin']))
  .use('*', bodyLimit({ maxSize: MAX_UPLOAD_BYTES }))
  .route('/', unitRoutes)
  .route('/', instrumentRoutes)
  .route('/', userRoutes)
  .route('/', organisationRoutes);
