/**
 * Platform users as stored: the SQL of the admin's user screens, of creating users
 * (services/users.ts has the rules) and of signing in (auth/password.ts, auth/oidc.ts).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations, units, users } from '../db/schema.js';

export type NewUserRow = typeof users.$inferInsert;
export type UserChange = Partial<NewUserRow>;

/** Inserts a user (e-mail already canonical, password already hashed) and returns the id. */
export async function insertUser(db: Db, row: NewUserRow): Promise<number> {
  const [inserted] = await db.insert(users).values(row).returning({ id: users.id });
  return inserted!.id;
}

/** Every user with the codes of their organisation and scope unit, by e-mail address. */
export async function listUserRows(db: Db) {
  return db.select({
    id: users.id, email: users.email, role: users.role, organisation: organisations.code, scopeUnit: units.code, scopeUnitName: units.name,
    active: users.active, lockedUntil: users.lockedUntil,
  }).from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(units, eq(units.id, users.scopeUnitId))
    .orderBy(asc(users.email));
}

/** Whether a user with this (canonical) e-mail address exists. */
export async function userEmailTaken(db: Db, email: string): Promise<boolean> {
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return taken !== undefined;
}

export async function updateUser(db: Db, id: number, change: UserChange): Promise<void> {
  await db.update(users).set(change).where(eq(users.id, id));
}

/** The organisation id of a code, for a user's scope. */
export async function organisationIdOf(db: Db, code: string): Promise<number | undefined> {
  const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
  return org?.id;
}

/** A unit's id and organisation by code, for a commander's scope. */
export async function scopeUnitOf(db: Db, code: string): Promise<{ id: number; organisationId: number } | undefined> {
  const [unit] = await db.select({ id: units.id, organisationId: units.organisationId }).from(units).where(eq(units.code, code));
  return unit;
}

/** The user with this (canonical) e-mail address, or undefined. */
export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return user;
}

/** The active user of an organisation with this (canonical) e-mail address (single sign-on), or undefined. */
export async function findActiveUserOfOrganisation(db: Db, email: string, organisationId: number) {
  const [user] = await db.select().from(users)
    .where(and(eq(users.email, email), eq(users.organisationId, organisationId), eq(users.active, true)));
  return user;
}
