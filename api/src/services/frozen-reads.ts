/**
 * Reads of frozen releases that pages ask for again and again (the organisation overview, the
 * scopes of a release). A frozen release never changes (decision 005), so a slice read once can
 * be kept: the slices are memoised per database handle and release in a bounded LRU, and
 * concurrent first reads of the same slice share one query. Filters run in SQL
 * (`repositories/releases.ts`), so a slice never pulls the release's other rows into the process.
 * Access checks and audit entries stay in the routes: the cache holds what a release says, not
 * who may read it.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.js';
import { overviewRows, scopeCodesOf, type ComparisonRecord, type ReleaseRow } from '../repositories/releases.js';

export type ReleaseRowRecord = ReleaseRow;
export type { ComparisonRecord };

export interface OverviewSlice {
  rows: ReleaseRowRecord[];
  comparisons: ComparisonRecord[];
}

/** Entries per database handle; a slice of a window's headline figures is ~11,000 rows. */
export const FROZEN_CACHE_SIZE = 24;

/**
 * The promise kept under `key`, or `read()`'s, kept: concurrent first reads share one query; a
 * failed read is not remembered, so the next request tries again. The bookkeeping of recency and
 * the bound is `lru-cache`'s; promises are its values (not its `fetch()`, which rejects a read
 * in flight when its entry is evicted, decision 085).
 */
export function shared<V>(cache: LRUCache<string, Promise<unknown>>, key: string, read: () => Promise<V>): Promise<V> {
  const hit = cache.get(key) as Promise<V> | undefined;
  if (hit) return hit;
  const p = read();
  cache.set(key, p);
  p.catch(() => { if (cache.peek(key) === p) cache.delete(key); });
  return p;
}

const caches = new WeakMap<Db, LRUCache<string, Promise<unknown>>>();
function cacheOf(db: Db): LRUCache<string, Promise<unknown>> {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new LRUCache<string, Promise<unknown>>({ max: FROZEN_CACHE_SIZE })));
  return c;
}

/**
 * One dimension of a frozen release, optionally restricted to some indicators and scopes (and the
 * comparisons to one kind, `against`): its rows
 * (ordered by scope, group, indicator, option, base) and its published comparisons. Reads over
 * every scope (the organisation overview) are memoised; reads of named scopes use the
 * (release, scope) index and are small, so they are not kept.
 */
export function getOverviewSlice(
  db: Db, releaseId: string, dimension: string, indicators: readonly string[] | undefined, scopes?: readonly string[], against?: string,
): Promise<OverviewSlice> {
  const list = indicators ? [...new Set(indicators)].sort() : undefined;
  const read = (): Promise<OverviewSlice> => overviewRows(db, releaseId, dimension, list, scopes, against);
  if (scopes) return read();
  return shared(cacheOf(db), `overview|${releaseId}|${dimension}|${list?.join(',') ?? '*'}|${against ?? '*'}`, read);
}

/** The scope codes that have rows in a frozen release. */
export function getReleaseScopeCodes(db: Db, releaseId: string): Promise<string[]> {
  return shared(cacheOf(db), `scopes|${releaseId}`, () => scopeCodesOf(db, releaseId));
}
