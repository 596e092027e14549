/**
 * Platform users (admins, researchers, commanders). Passwords are stored as argon2id hashes.
 *
 * Rules: a researcher belongs to an organisation; a commander is scoped to a unit (and belongs to
 * that unit's organisation); an admin may be instance-wide. Deleting a user deactivates them, so
 * the audit log keeps naming who read what (docs/decisions/022-admin.md). `createUser` is the
 * CLI's and the demo's path (ids known); `createUserAccount` the admin API's (codes, checked).
 */
import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import type { SessionUser } from '../auth/session.js';
import { deleteUserSessions } from '../auth/session.js';
import { resetSignInFailures } from '../auth/password.js';
import type { Db } from '../db/client.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { insertUser, listUserRows, organisationIdOf, scopeUnitOf, updateUser, userEmailTaken, type UserChange } from '../repositories/users.js';


export type Role = 'admin' | 'researcher' | 'commander';

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  organisationId: number | null;
  scopeUnitId: number | null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id; the enum is a const enum and cannot be imported under verbatimModuleSyntax */ });
}

export async function createUser(db: Db, u: NewUser): Promise<number> {
  return insertUser(db, {
    email: u.email.toLowerCase(), passwordHash: await hashPassword(u.password), role: u.role,
    organisationId: u.organisationId, scopeUnitId: u.scopeUnitId,
  });
}

/** Long enough to resist guessing under the lockout; no composition rules (NIST SP 800-63B). */
const Password = z.string().min(12, 'at least 12 characters').max(200);
const Code = z.string().trim().min(1).max(100);

export const UserCreateSchema = z.strictObject({
  email: z.email().max(320).transform((e) => e.toLowerCase()),
  password: Password,
  role: z.enum(['admin', 'researcher', 'commander']),
  /** Organisation code; derived from the scope unit for commanders. */
  organisation: Code.nullable().optional(),
  /** Scope unit code; required for commanders, not allowed for others. */
  scopeUnit: Code.nullable().optional(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z.strictObject({
  role: z.enum(['admin', 'researcher', 'commander']).optional(),
  organisation: Code.nullable().optional(),
  scopeUnit: Code.nullable().optional(),
  password: Password.optional(),
  active: z.boolean().optional(),
  /** Lifts a lockout after too many failed sign-ins. */
  unlock: z.literal(true).optional(),
});
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export interface UserView {
  id: number;
  email: string;
  role: 'admin' | 'researcher' | 'commander';
  organisation: string | null;
  scopeUnit: string | null;
  scopeUnitName: string | null;
  active: boolean;
  lockedUntil: string | null;
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await listUserRows(db);
  return rows.map((r) => ({ ...r, lockedUntil: r.lockedUntil && r.lockedUntil > new Date() ? r.lockedUntil.toISOString() : null }));
}

export async function getUser(db: Db, id: number): Promise<UserView> {
  const user = (await listUsers(db)).find((u) => u.id === id);
  if (!user) throw new NotFoundError(`no user ${id}`);
  return user;
}

/** Resolves role + organisation + scope codes to ids, enforcing the scope rules. */
async function resolveScope(db: Db, role: UserView['role'], organisation: string | null, scopeUnit: string | null): Promise<{ organisationId: number | null; scopeUnitId: number | null }> {
  let organisationId: number | null = null;
  if (organisation) {
    const id = await organisationIdOf(db, organisation);
    if (id === undefined) throw new ValidationError([{ path: 'organisation', reason: `unknown organisation "${organisation}"` }]);
    organisationId = id;
  }
  if (role === 'commander') {
    if (!scopeUnit) throw new ValidationError([{ path: 'scopeUnit', reason: 'a commander needs a unit' }]);
    const unit = await scopeUnitOf(db, scopeUnit);
    if (!unit) throw new ValidationError([{ path: 'scopeUnit', reason: `unknown unit "${scopeUnit}"` }]);
    if (organisationId !== null && organisationId !== unit.organisationId) {
      throw new ValidationError([{ path: 'scopeUnit', reason: 'the unit belongs to another organisation' }]);
    }
    return { organisationId: unit.organisationId, scopeUnitId: unit.id };
  }
  if (scopeUnit) throw new ValidationError([{ path: 'scopeUnit', reason: 'only commanders have a unit scope' }]);
  if (role === 'researcher' && organisationId === null) throw new ValidationError([{ path: 'organisation', reason: 'a researcher belongs to an organisation' }]);
  return { organisationId, scopeUnitId: null };
}

export async function createUserAccount(db: Db, input: UserCreate): Promise<UserView> {
  const scope = await resolveScope(db, input.role, input.organisation ?? null, input.scopeUnit ?? null);
  if (await userEmailTaken(db, input.email)) throw new ValidationError([{ path: 'email', reason: 'a user with this e-mail address exists' }]);
  const id = await insertUser(db, { email: input.email, passwordHash: await hashPassword(input.password), role: input.role, ...scope });
  return getUser(db, id);
}

export async function updateUserAccount(db: Db, actor: SessionUser, id: number, input: UserUpdate): Promise<UserView> {
  const current = await getUser(db, id);
  if (id === actor.id && ((input.role && input.role !== 'admin') || input.active === false)) {
    // Keeps at least the acting admin in place: nobody locks the instance out by accident.
    throw new ConflictError('you cannot remove your own admin role or deactivate yourself');
  }
  const role = input.role ?? current.role;
  const organisation = input.organisation !== undefined ? input.organisation : current.organisation;
  const scopeUnit = input.scopeUnit !== undefined ? input.scopeUnit : role === 'commander' ? current.scopeUnit : null;
  const scope = await resolveScope(db, role, organisation, scopeUnit);
  const set: UserChange = { role, ...scope };
  if (input.password) set.passwordHash = await hashPassword(input.password);
  if (input.active !== undefined) set.active = input.active;
  if (input.unlock) {
    Object.assign(set, { failedLogins: 0, lockedUntil: null });
    await resetSignInFailures(db, current.email);
  }
  await updateUser(db, id, set);
  // A changed role, scope, password or deactivation takes effect at once: old sessions end.
  const changedAccess = role !== current.role || scope.scopeUnitId !== null && scopeUnit !== current.scopeUnit
    || organisation !== current.organisation || input.password !== undefined || input.active === false;
  if (changedAccess) await deleteUserSessions(db, id);
  return getUser(db, id);
}

export async function deactivateUser(db: Db, actor: SessionUser, id: number): Promise<UserView> {
  return updateUserAccount(db, actor, id, { active: false });
}
