/** /admin: everything here is for admins only (researchers and commanders get 403). Body limits: http/guard.ts. */
import { Hono } from 'hono';
import { requireUser, type AuthEnv } from '../../auth/middleware.js';
import { instrumentRoutes } from './instruments.js';
import { organisationRoutes } from './organisations.js';
import { unitRoutes } from './units.js';
import { userRoutes } from './users.js';

export const adminRoutes = new Hono<AuthEnv>()
  .use('*', requireUser(['admin']))
  .route('/', unitRoutes)
  .route('/', instrumentRoutes)
  .route('/', userRoutes)
  .route('/', organisationRoutes);
