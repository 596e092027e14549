import { describe, expect, it } from 'vitest';
import { Lru, sharedPromise } from './lru';

describe('sharedPromise', () => {
  it('shares one read between concurrent callers, keeps it, and forgets a failed one', async () => {
    const cache = new Lru<Promise<number>>(2);
    let reads = 0;
    const read = () => { reads += 1; return Promise.resolve(reads); };
    const [a, b] = await Promise.all([sharedPromise(cache, 'k', read), sharedPromise(cache, 'k', read)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    expect(await sharedPromise(cache, 'k', read)).toBe(1);
    await expect(sharedPromise(cache, 'bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.has('bad')).toBe(false);
    expect(await sharedPromise(cache, 'bad', read)).toBe(2);
  });

  it('keeps at most max entries, dropping the least recently used', async () => {
    const cache = new Lru<Promise<string>>(2);
    for (const k of ['a', 'b', 'c']) await sharedPromise(cache, k, async () => k);
    expect([...cache.keys()].sort()).toEqual(['b', 'c']);
  });
});
