/**
 * Server-side sessions. The browser holds a random 256-bit token; the database holds only its
 * SHA-256, so reading the sessions table does not let anyone sign in. The CSRF token is derived
 * from the session token (docs/decisions/020-sessions-and-csrf.md).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.js';
import { deleteSessionById, deleteSessionsOfUser, insertSession, sessionUserRow } from '../repositories/sessions.js';
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
  // Housekeeping: expired sessions are useless; they are dropped when someone signs in.
  await insertSession(db, sessionId(token), userId, expiresAt, now);
  return { token, expiresAt };
}

/** The signed-in user for a session token, or null when unknown, expired or deactivated. */
export async function getSessionUser(db: Db, token: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  return (await sessionUserRow(db, sessionId(token), now)) ?? null;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await deleteSessionById(db, sessionId(token));
}

/** Signs a user out everywhere (deactivation, role change). */
export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await deleteSessionsOfUser(db, userId);
}
