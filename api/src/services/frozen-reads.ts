/**
 * Reads of frozen releases that pages ask for again and again (the organisation overview, the
 * scopes of a release). A frozen release never changes (decision 005), so a slice read once can
 * be kept: the slices are memoised per database handle and release in a bounded LRU, and
 * concurrent first reads of the same slice share one query. Filters run in SQL, so a slice never
 * pulls the release's other rows (a four-year window holds ~750,000) into the process.
 * Access checks and audit entries stay in the routes: the cache holds what a release says, not
 * who may read it.
 */
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { releaseComparisons, releaseRows } from '../db/schema.js';

export type ReleaseRowRecord = typeof releaseRows.$inferSelect;
export type ComparisonRecord = Omit<typeof releaseComparisons.$inferSelect, 'releaseId'>;

export interface OverviewSlice {
  rows: ReleaseRowRecord[];
  comparisons: ComparisonRecord[];
}

/** Entries per database handle; a slice of a window's headline figures is ~11,000 rows. */
export const FROZEN_CACHE_SIZE = 24;

class PromiseLru<V> {
  readonly #map = new Map<string, Promise<V>>();
  constructor(readonly max: number) {}
  get(key: string, make: () => Promise<V>): Promise<V> {
    const hit = this.#map.get(key);
    if (hit) {
      this.#map.delete(key);
      this.#map.set(key, hit);
      return hit;
    }
    const p = make();
    this.#map.set(key, p);
    // A failed read is not remembered: the next request tries again.
    p.catch(() => { if (this.#map.get(key) === p) this.#map.delete(key); });
    while (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as string);
    return p;
  }
}

const caches = new WeakMap<Db, PromiseLru<unknown>>();
function cacheOf(db: Db): PromiseLru<unknown> {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new PromiseLru<unknown>(FROZEN_CACHE_SIZE)));
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
  const read = async (): Promise<OverviewSlice> => {
    const rowWhere: SQL[] = [eq(releaseRows.releaseId, releaseId), eq(releaseRows.dimension, dimension)];
    const cmpWhere: SQL[] = [eq(releaseComparisons.releaseId, releaseId), eq(releaseComparisons.dimension, dimension)];
    if (list) {
      rowWhere.push(inArray(releaseRows.indicator, list));
      cmpWhere.push(inArray(releaseComparisons.indicator, list));
    }
    if (against) cmpWhere.push(eq(releaseComparisons.against, against));
    if (scopes) {
      if (scopes.length === 0) return { rows: [], comparisons: [] };
      rowWhere.push(inArray(releaseRows.scope, [...scopes]));
      cmpWhere.push(inArray(releaseComparisons.scope, [...scopes]));
    }
    const [rows, comparisons] = await Promise.all([
      db.select().from(releaseRows).where(and(...rowWhere))
        .orderBy(releaseRows.scope, releaseRows.group, releaseRows.indicator, releaseRows.option, releaseRows.base),
      db.select().from(releaseComparisons).where(and(...cmpWhere)),
    ]);
    return { rows, comparisons: comparisons.map(({ releaseId: _r, ...x }) => x) };
  };
  if (scopes) return read();
  return cacheOf(db).get(`overview|${releaseId}|${dimension}|${list?.join(',') ?? '*'}|${against ?? '*'}`, read) as Promise<OverviewSlice>;
}

/** The scope codes that have rows in a frozen release. */
export function getReleaseScopeCodes(db: Db, releaseId: string): Promise<string[]> {
  return cacheOf(db).get(`scopes|${releaseId}`, async () => {
    const rows = await db.selectDistinct({ scope: releaseRows.scope }).from(releaseRows).where(eq(releaseRows.releaseId, releaseId));
    return rows.map((r) => r.scope);
  }) as Promise<string[]>;
}
