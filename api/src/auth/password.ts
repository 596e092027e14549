/**
 * Sign-in with e-mail and password. One answer for every failure (unknown address, wrong
 * password, slowed down or deactivated account), and the same work on every attempt, so neither
 * the message nor the time taken tells whether an address has an account.
 */
import { verify } from '@node-rs/argon2';
import type { Db } from '../db/client.js';
import { findUserByEmail } from '../repositories/users.js';
import { SharedLimiter, type Charge } from '../services/rate-limit.js';
import { hashPassword } from '../services/users.js';
import { AuthError } from './errors.js';
import type { SessionUser } from './session.js';

/**
 * Sign-in failures are limited per (account, address) and per address, never per account alone:
 * an outsider who knows an admin's address can slow down their own guesses, not the admin
 * (decision 060). Within a bucket, MAX_FAILED_LOGINS failures in a burst, then one more every
 * LOGIN_REFILL_SECONDS; a success forgives that pair's failures.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOGIN_REFILL_SECONDS = 60;
export const SIGN_IN_LIMITS = {
  accountAddress: { capacity: MAX_FAILED_LOGINS, refillPerSecond: 1 / LOGIN_REFILL_SECONDS },
  /** Password spraying from one address across accounts; high, for offices behind one NAT. */
  address: { capacity: 100, refillPerSecond: 1 / 6 },
};

export const INVALID_CREDENTIALS_MESSAGE = 'wrong e-mail address or password, or too many attempts from here for a while';

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

async function signInCharges(limiter: SharedLimiter, email: string, address: string): Promise<Charge[]> {
  const now = limiter.now();
  const account = await limiter.keys.pseudonym('login', [email], now);
  return [
    { scope: 'account+address', key: `${account}:${(await limiter.keys.pseudonym('a', [email, address], now)).slice(2)}`, bucket: SIGN_IN_LIMITS.accountAddress },
    { scope: 'address', key: await limiter.keys.pseudonym('login-address', [address], now), bucket: SIGN_IN_LIMITS.address },
  ];
}

/** Forgets today's sign-in failures of an account from every address (an admin's unlock). */
export async function resetSignInFailures(db: Db, email: string): Promise<void> {
  const limiter = new SharedLimiter(db);
  await limiter.reset(`${await limiter.keys.pseudonym('login', [email.trim().toLowerCase()], limiter.now())}:`);
}

/**
 * Checks the credentials and returns the user, or throws AuthError('invalid_credentials').
 * Known and unknown addresses take the same path — two bucket reads, one user read, one argon2id
 * verification, and on failure two bucket writes — so the time taken does not tell them apart.
 */
export async function verifyCredentials(db: Db, email: string, password: string, address = 'local', now = new Date()): Promise<SessionUser> {
  const normalised = email.trim().toLowerCase();
  const limiter = new SharedLimiter(db, () => now.getTime());
  const charges = await signInCharges(limiter, normalised, address);
  const open = (await Promise.all(charges.map((c) => limiter.peek(c)))).every((v) => v.ok);
  const user = await findUserByEmail(db, normalised);
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
  const fail = () => new AuthError(401, 'invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
  // Slowed down: even the right password is refused from here, and the attempt is not counted.
  if (!open) throw fail();
  if (!ok || !user || !user.active || (user.lockedUntil && user.lockedUntil > now)) {
    await limiter.fail(charges);
    throw fail();
  }
  await limiter.reset(charges[0]!.key);
  return { id: user.id, email: user.email, role: user.role, organisationId: user.organisationId, scopeUnitId: user.scopeUnitId };
}
