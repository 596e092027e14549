/** /admin: everything here is for admins only (each route declares its guard). Body limits: http/guard.ts. */
import { router } from '../../http/openapi.js';
import { instrumentRoutes } from './instruments.js';
import { organisationRoutes } from './organisations.js';
import { unitRoutes } from './units.js';
import { userRoutes } from './users.js';

export const adminRoutes = router()
  .route('/', unitRoutes)
  .route('/', instrumentRoutes)
  .route('/', userRoutes)
  .route('/', organisationRoutes);
