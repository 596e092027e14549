/**
 * Sign-in with e-mail and password. One answer for every failure (unknown address, wrong
 * password, locked or deactivated account), and a password verification on every attempt, so
 * neither the message nor the time taken tells whether an address has an account.
 */
import { verify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { users } from '../db/schema.js';
import { hashPassword } from '../services/users.js';
import { AuthError } from './errors.js';
import type { SessionUser } from './session.js';

/** Failed attempts in a row that lock an account … */
export const MAX_FAILED_LOGINS = 5;
/** … for this many minutes. */
export const LOCKOUT_MINUTES = 15;

export const INVALID_CREDENTIALS_MESSAGE = 'wrong e-mail address or password, or the account is locked for a while after too many attempts';

let dummyHash: Promise<string> | undefined;
/** A real argon2id hash to verify against when the address is unknown (same cost as a real one). */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('no account has this password');
  return dummyHash;
}

async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await verify(hash, password);
  } catch {
    return false;
  }
}

/** Checks the credentials and returns the user, or throws AuthError('invalid_credentials'). */
export async function verifyCredentials(db: Db, email: string, password: string, now = new Date()): Promise<SessionUser> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
  const fail = () => new AuthError(401, 'invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
  if (!user || !user.active) throw fail();
  // While locked, even the right password is refused, and attempts do not extend the lock.
  if (user.lockedUntil && user.lockedUntil > now) throw fail();
  if (!ok) {
    // Counted in SQL so that concurrent attempts cannot each read the same old count.
    await db.update(users).set({
      failedLogins: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} then ${now.toISOString()}::timestamptz + make_interval(mins => ${LOCKOUT_MINUTES}) else ${users.lockedUntil} end`,
    }).where(eq(users.id, user.id));
    throw fail();
  }
  if (user.failedLogins !== 0 || user.lockedUntil !== null) {
    await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  }
  return { id: user.id, email: user.email, role: user.role, organisationId: user.organisationId, scopeUnitId: user.scopeUnitId };
}
