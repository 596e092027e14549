/**
 * Bounded least-recently-used caches (the maintained `lru-cache` package): `get` refreshes an
 * entry, `set` evicts the oldest beyond `max`. Used for page data built from frozen releases
 * (decision 031), which never goes stale, so entries have no expiry; the bound keeps memory flat.
 */
import { LRUCache } from 'lru-cache';

export class Lru<V extends NonNullable<unknown>> extends LRUCache<string, V> {
  constructor(max: number) {
    super({ max });
  }
}

/**
 * The promise kept under `key`, or `make()`'s, kept: concurrent first visits share one read; a
 * failed read is not kept, so the next visit tries again (decision 085).
 */
export function sharedPromise<V>(cache: Lru<Promise<V>>, key: string, make: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit;
  const p = make();
  cache.set(key, p);
  p.catch(() => { if (cache.peek(key) === p) cache.delete(key); });
  return p;
}
