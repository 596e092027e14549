/**
 * Failure-based limits, shared by every API process through PostgreSQL
 * (docs/decisions/060-abuse-limits-and-proxies.md).
 *
 * A limit is a token bucket of *failures* (an unknown token or code, a wrong password): every
 * failure takes one unit, the bucket refills at a steady rate, and a failure that finds it empty
 * is answered 429 instead of 404/401. Successes cost nothing and are never refused: a valid link
 * opens even while someone on the same address (a ministry's NAT, thousands of people) mistypes,
 * and even while the instance-wide bucket is empty. With 128-bit tokens and 80-bit codes guessing
 * is hopeless at any rate, so the limits are there to make an attack visible and cheap to shrug
 * off, not to protect a secret.
 *
 * Buckets live in `rate_limit_buckets`, updated by one atomic UPSERT per failure, so two API
 * processes share one budget. Keys hold an HMAC of the address (and account) under a key that
 * changes every UTC day and is deleted after it, never an address.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, like, lt, ne } from 'drizzle-orm';
import { queryRows, sql, type Db } from '../db/client.js';
import { rateLimitBuckets, rateLimitKeys } from '../db/schema.js';
import { env } from '../env.js';

export interface BucketOptions {
  /** Failures allowed in a burst. */
  capacity: number;
  /** Failures forgiven per second. */
  refillPerSecond: number;
}

export interface RateLimitOptions {
  perAddress: BucketOptions;
  global: BucketOptions;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

/**
 * Per address: 100 failures, one more per second — far above what a whole office of people
 * mistyping produces, far below an automated guesser. Instance-wide: 1,000 failures, 20 per second.
 * Both can be set with FAILURE_LIMIT_PER_ADDRESS and FAILURE_LIMIT_GLOBAL (env.ts).
 */
export function defaultRateLimits(): RateLimitOptions {
  const e = env();
  return { perAddress: e.FAILURE_LIMIT_PER_ADDRESS, global: e.FAILURE_LIMIT_GLOBAL };
}

export type LimitVerdict = { ok: true } | { ok: false; scope: string; retryAfterSeconds: number };

/** One bucket to charge: a key (already pseudonymous) and its shape. */
export interface Charge {
  scope: string;
  key: string;
  bucket: BucketOptions;
}

const DAY_MS = 86_400_000;

/** The HMAC keys of the rate limits, per UTC day, created on first use and shared through the database. */
export class LimitKeys {
  private static readonly perDb = new WeakMap<object, LimitKeys>();
  /** One per database, so the day's key is read once per process. */
  static for(db: Db): LimitKeys {
    let k = LimitKeys.perDb.get(db);
    if (!k) LimitKeys.perDb.set(db, (k = new LimitKeys(db)));
    return k;
  }

  private cached: { day: string; key: Buffer } | undefined;
  private constructor(private readonly db: Db) {}

  async key(nowMs: number): Promise<Buffer> {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    if (this.cached?.day === day) return this.cached.key;
    await this.db.insert(rateLimitKeys).values({ day, key: randomBytes(32) }).onConflictDoNothing();
    const [row] = await this.db.select().from(rateLimitKeys).where(eq(rateLimitKeys.day, day));
    // Yesterday's key and every bucket made under it go: nothing keyed by an old address remains.
    await this.db.delete(rateLimitKeys).where(lt(rateLimitKeys.day, day));
    await this.db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.at, new Date(nowMs - DAY_MS)));
    this.cached = { day, key: row!.key };
    return row!.key;
  }

  /** A pseudonym of `parts` for today: `scope:<hmac>`. */
  async pseudonym(scope: string, parts: string[], nowMs: number): Promise<string> {
    const h = createHmac('sha256', await this.key(nowMs));
    for (const p of parts) h.update(p).update('\0');
    return `${scope}:${h.digest('base64url').slice(0, 32)}`;
  }
}

export class SharedLimiter {
  readonly now: () => number;
  readonly keys: LimitKeys;

  constructor(private readonly db: Db, now?: () => number) {
    this.now = now ?? Date.now;
    this.keys = LimitKeys.for(db);
  }

  /**
   * Records one failure in each bucket; the verdict is not ok when any bucket was already empty
   * (an empty bucket is not drawn further, so a blocked caller does not extend the block).
   */
  async fail(charges: Charge[]): Promise<LimitVerdict> {
    const now = new Date(this.now());
    let verdict: LimitVerdict = { ok: true };
    for (const c of charges) {
      const { capacity, refillPerSecond } = c.bucket;
      const refilled = sql`least(${capacity}::float8, b.level + greatest(0, extract(epoch from (excluded.at - b.at))) * ${refillPerSecond}::float8)`;
      const [row] = await queryRows<{ level: number; granted: boolean }>(this.db, sql`
        insert into rate_limit_buckets as b (key, level, at, granted) values (${c.key}, ${capacity - 1}::float8, ${now.toISOString()}::timestamptz, true)
        on conflict (key) do update set
          level = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
          granted = ${refilled} >= 1,
          at = greatest(b.at, excluded.at)
        returning level, granted`);
      if (row && !row.granted && verdict.ok) {
        verdict = { ok: false, scope: c.scope, retryAfterSeconds: Math.max(1, Math.ceil((1 - Number(row.level)) / refillPerSecond)) };
      }
    }
    return verdict;
  }

  /** Whether the bucket has room for one more failure, without charging it. */
  async peek(c: Charge): Promise<LimitVerdict> {
    const [row] = await this.db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, c.key));
    if (!row) return { ok: true };
    const level = Math.min(c.bucket.capacity, row.level + Math.max(0, (this.now() - row.at.getTime()) / 1000) * c.bucket.refillPerSecond);
    return level >= 1 ? { ok: true } : { ok: false, scope: c.scope, retryAfterSeconds: Math.max(1, Math.ceil((1 - level) / c.bucket.refillPerSecond)) };
  }

  /** Forgets buckets whose key starts with `prefix` (a successful sign-in, an admin's unlock). */
  async reset(prefix: string): Promise<void> {
    await this.db.delete(rateLimitBuckets).where(and(like(rateLimitBuckets.key, `${prefix.replace(/[%_\\]/g, '\\$&')}%`), ne(rateLimitBuckets.key, '')));
  }
}

/** The respondent routes' limiter: failed token and code lookups per address and instance-wide. */
export class FailureLimiter {
  private readonly shared: SharedLimiter;
  constructor(db: Db, private readonly options: RateLimitOptions = defaultRateLimits()) {
    this.shared = new SharedLimiter(db, options.now);
  }

  /** Records a failed lookup from `address`; not ok when a bucket was already empty. */
  async fail(address: string): Promise<LimitVerdict> {
    const addressKey = await this.shared.keys.pseudonym('survey-address', [address], this.shared.now());
    return this.shared.fail([
      { scope: 'global', key: 'survey-global', bucket: this.options.global },
      { scope: 'address', key: addressKey, bucket: this.options.perAddress },
    ]);
  }
}
