/**
 * Server-side sessions. The browser holds a random 256-bit token; the database holds only its
 * SHA-256, so reading the sessions table does not let anyone sign in. The CSRF token is derived
 * from the session token (docs/decisions/020-sessions-and-csrf.md).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions, users } from '../db/schema.js';
import type { Role } from '../services/users.js';

export const SESSION_COOKIE = 'vw_session';
/** Absolute lifetime of a session: a working day. */
export const SESSION_HOURS = 12;

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
  organisationId: number | null;
  scopeUnitId: number | null;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The cookie value is the token itself; the stored id is its hash. */
export function sessionId(token: string): Buffer {
  return sha256(token);
}

/**
 * The CSRF token that goes with a session: a one-way function of the session token, so it can be
 * put in pages (forms, JSON) without revealing the cookie, and needs no storage of its own.
 */
export function csrfTokenFor(sessionToken: string): string {
  return sha256(`vw-csrf\0${sessionToken}`).toString('base64url');
}

/** Compares a presented CSRF token with the expected one in constant time. */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined | null): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function createSession(db: Db, userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  // Housekeeping: expired sessions are useless; drop them when someone signs in.
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.insert(sessions).values({ id: sessionId(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The signed-in user for a session token, or null when unknown, expired or deactivated. */
export async function getSessionUser(db: Db, token: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db.select({
    id: users.id, email: users.email, role: users.role, organisationId: users.organisationId, scopeUnitId: users.scopeUnitId,
  }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId(token)), gt(sessions.expiresAt, now), eq(users.active, true)));
  return row ?? null;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId(token)));
}

/** Signs a user out everywhere (deactivation, role change). */
export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
