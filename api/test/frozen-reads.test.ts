import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { FROZEN_CACHE_SIZE, shared } from '../src/services/frozen-reads.js';

describe('frozen reads: the shared promise cache', () => {
  it('runs one read for concurrent callers, forgets a failure, and keeps its bound', async () => {
    const cache = new LRUCache<string, Promise<unknown>>({ max: FROZEN_CACHE_SIZE });
    let reads = 0;
    const read = async () => { reads += 1; return reads; };
    expect(await Promise.all([shared(cache, 'a', read), shared(cache, 'a', read)])).toEqual([1, 1]);
    await expect(shared(cache, 'x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.has('x')).toBe(false);
    for (let i = 0; i < FROZEN_CACHE_SIZE + 5; i += 1) await shared(cache, `k${i}`, read);
    expect(cache.size).toBe(FROZEN_CACHE_SIZE);
    expect(cache.has('a')).toBe(false);
  });
});
