/** /admin: everything here is for admins only (each route declares its guard). Body limits: http/guard.ts. */
import { requireUser } from '../../auth/middleware.js';
import { NotFoundError } from '../../errors.js';
import { router } from '../../http/openapi.js';
import { instrumentRoutes } from './instruments.js';
import { organisationRoutes } from './organisations.js';
import { unitRoutes } from './units.js';
import { userRoutes } from './users.js';

export const adminRoutes = router()
  .route('/', unitRoutes)
  .route('/', instrumentRoutes)
  .route('/', userRoutes)
  .route('/', organisationRoutes)
  // Registered last, so only a path no route matched gets here: an unknown admin path is 401/403
  // before it is 404, telling nobody but an admin which paths exist.
  .all('*', requireUser(['admin']), () => { throw new NotFoundError('no such route'); });
