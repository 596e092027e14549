/** Sessions as stored: only the SHA-256 of a session token (auth/session.ts makes and hashes tokens). */
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions, users } from '../db/schema.js';

/** Stores a session, dropping expired ones first (housekeeping when someone signs in). */
export async function insertSession(db: Db, id: Buffer, userId: number, expiresAt: Date, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.insert(sessions).values({ id, userId, expiresAt });
}

/** The active user of an unexpired session, or undefined. Runs on every signed-in request. */
export async function sessionUserRow(db: Db, id: Buffer, now: Date) {
  const [row] = await db.select({
    id: users.id, email: users.email, role: users.role, organisationId: users.organisationId, scopeUnitId: users.scopeUnitId,
  }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), eq(users.active, true)));
  return row;
}

export async function deleteSessionById(db: Db, id: Buffer): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
