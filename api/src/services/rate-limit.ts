/**
 * Failure-based rate limiting for token redemption (invitation tokens and open-link codes).
 *
 * Every failed lookup (an unknown token or code) costs one unit from two token buckets: one per
 * client address and one shared by everybody. An empty bucket blocks further lookups with 429
 * until it refills. Successful lookups cost nothing, so a whole office behind one NAT address that
 * opens valid links at 9:00 is never slowed down, while guessing is capped at the refill rates.
 *
 * Addresses are never kept in the clear, not even in memory: the bucket key is an HMAC of the
 * address under a random key that lives only as long as the process.
 */
import { createHmac, randomBytes } from 'node:crypto';

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

/** 10 failures per address, one more every 6 s; 600 failures per minute for the whole instance. */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  perAddress: { capacity: 10, refillPerSecond: 1 / 6 },
  global: { capacity: 600, refillPerSecond: 10 },
};

interface Bucket {
  level: number;
  at: number;
}

export type LimitVerdict = { ok: true } | { ok: false; scope: 'address' | 'global'; retryAfterSeconds: number };

export class FailureLimiter {
  private readonly key = randomBytes(32);
  private readonly buckets = new Map<string, Bucket>();
  private readonly globalBucket: Bucket;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions = DEFAULT_RATE_LIMITS) {
    this.now = options.now ?? Date.now;
    this.globalBucket = { level: options.global.capacity, at: this.now() };
  }

  private id(address: string): string {
    return createHmac('sha256', this.key).update(address).digest('base64url');
  }

  private refill(bucket: Bucket, o: BucketOptions, now: number): void {
    bucket.level = Math.min(o.capacity, bucket.level + ((now - bucket.at) / 1000) * o.refillPerSecond);
    bucket.at = now;
  }

  private retryAfter(bucket: Bucket, o: BucketOptions): number {
    return Math.max(1, Math.ceil((1 - bucket.level) / o.refillPerSecond));
  }

  /** Whether a lookup from this address may proceed now. */
  check(address: string): LimitVerdict {
    const now = this.now();
    this.refill(this.globalBucket, this.options.global, now);
    if (this.globalBucket.level < 1) return { ok: false, scope: 'global', retryAfterSeconds: this.retryAfter(this.globalBucket, this.options.global) };
    const bucket = this.buckets.get(this.id(address));
    if (bucket) {
      this.refill(bucket, this.options.perAddress, now);
      if (bucket.level < 1) return { ok: false, scope: 'address', retryAfterSeconds: this.retryAfter(bucket, this.options.perAddress) };
    }
    return { ok: true };
  }

  /** Records a failed lookup from this address. */
  fail(address: string): void {
    const now = this.now();
    this.refill(this.globalBucket, this.options.global, now);
    this.globalBucket.level -= 1;
    const id = this.id(address);
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { level: this.options.perAddress.capacity, at: now };
      this.buckets.set(id, bucket);
    }
    this.refill(bucket, this.options.perAddress, now);
    bucket.level -= 1;
    if (this.buckets.size > 100_000) this.prune(now);
  }

  /** Drops buckets that have refilled completely (they carry no state). */
  private prune(now: number): void {
    for (const [id, bucket] of this.buckets) {
      this.refill(bucket, this.options.perAddress, now);
      if (bucket.level >= this.options.perAddress.capacity) this.buckets.delete(id);
    }
  }
}
