/** Platform users (admins, researchers, commanders). Passwords are stored as argon2id hashes. */
import { hash } from '@node-rs/argon2';
import type { Db } from '../db/client.js';
import { users } from '../db/schema.js';

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
  const [row] = await db.insert(users).values({
    email: u.email.toLowerCase(), passwordHash: await hashPassword(u.password), role: u.role,
    organisationId: u.organisationId, scopeUnitId: u.scopeUnitId,
  }).returning({ id: users.id });
  return row!.id;
}
