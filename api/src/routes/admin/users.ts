/** /admin/users: list, view, create, update (role, scope, password, active, unlock), deactivate. */
import { z } from '@hono/zod-openapi';
import { NotFoundError } from '../../errors.js';
import { declare, json, jsonBody, router } from '../../http/openapi.js';
import { UserCreateSchema, UserUpdateSchema, createUserAccount, deactivateUser, getUser, listUsers, updateUserAccount } from '../../services/users.js';

export const UserViewSchema = z.object({
  id: z.int(),
  email: z.string(),
  role: z.enum(['admin', 'researcher', 'commander']),
  organisation: z.string().nullable(),
  scopeUnit: z.string().nullable(),
  scopeUnitName: z.string().nullable(),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
}).openapi('User');
const UserBody = z.object({ user: UserViewSchema });
const IdParam = z.object({ id: z.string().max(20) });
const admin = ['admin'] as const;

function userId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(`no user ${raw}`);
  return id;
}

const listRoute = declare(admin, {
  method: 'get', path: '/users', tags: ['admin'], summary: 'Every user',
  responses: { 200: json(z.object({ users: z.array(UserViewSchema) }), 'The users') },
});
const createRoute = declare(admin, {
  method: 'post', path: '/users', tags: ['admin'], summary: 'Creates a user',
  request: { body: jsonBody(UserCreateSchema) },
  responses: { 201: json(UserBody, 'Created') },
});
const getRoute = declare(admin, {
  method: 'get', path: '/users/{id}', tags: ['admin'], summary: 'One user',
  request: { params: IdParam },
  responses: { 200: json(UserBody, 'The user') },
}, [404]);
const updateRoute = declare(admin, {
  method: 'patch', path: '/users/{id}', tags: ['admin'], summary: 'Changes role, scope, password or state; a change of access ends the user\'s sessions',
  request: { params: IdParam, body: jsonBody(UserUpdateSchema) },
  responses: { 200: json(UserBody, 'Changed') },
}, [404, 409]);
const deleteRoute = declare(admin, {
  method: 'delete', path: '/users/{id}', tags: ['admin'], summary: 'Deactivates a user (the audit log keeps naming them)',
  request: { params: IdParam },
  responses: { 200: json(UserBody, 'Deactivated') },
}, [404, 409]);

export const userRoutes = router()
  .openapi(listRoute, async (c) => c.json({ users: await listUsers(c.get('db')) }, 200))
  .openapi(createRoute, async (c) => c.json({ user: await createUserAccount(c.get('db'), c.req.valid('json')) }, 201))
  .openapi(getRoute, async (c) => c.json({ user: await getUser(c.get('db'), userId(c.req.valid('param').id)) }, 200))
  .openapi(updateRoute, async (c) => {
    const user = await updateUserAccount(c.get('db'), c.get('user'), userId(c.req.valid('param').id), c.req.valid('json'));
    return c.json({ user }, 200);
  })
  .openapi(deleteRoute, async (c) => c.json({ user: await deactivateUser(c.get('db'), c.get('user'), userId(c.req.valid('param').id)) }, 200));
