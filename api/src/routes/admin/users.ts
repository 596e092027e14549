/** /admin/users: list, view, create, update (role, scope, password, active, unlock), deactivate. */
import { Hono } from 'hono';
import type { AuthEnv } from '../../auth/middleware.js';
import { parseBody } from '../../auth/validate.js';
import { NotFoundError } from '../../errors.js';
import { UserCreateSchema, UserUpdateSchema, createUserAccount, deactivateUser, getUser, listUsers, updateUserAccount } from './users-service.js';

function userId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(`no user ${raw}`);
  return id;
}

export const userRoutes = new Hono<AuthEnv>()
  .get('/users', async (c) => c.json({ users: await listUsers(c.get('db')) }))
  .post('/users', async (c) => {
    const input = parseBody(UserCreateSchema, await c.req.json().catch(() => null));
    return c.json({ user: await createUserAccount(c.get('db'), input) }, 201);
  })
  .get('/users/:id', async (c) => c.json({ user: await getUser(c.get('db'), userId(c.req.param('id'))) }))
  .patch('/users/:id', async (c) => {
    const input = parseBody(UserUpdateSchema, await c.req.json().catch(() => null));
    return c.json({ user: await updateUserAccount(c.get('db'), c.get('user'), userId(c.req.param('id')), input) });
  })
  .delete('/users/:id', async (c) => c.json({ user: await deactivateUser(c.get('db'), c.get('user'), userId(c.req.param('id'))) }));
