/**
 * The organisation-wide part of a frozen release that the organisation page reads on every
 * visit: its scopes (tree) and every scope's headline figures with their comparisons against the
 * rest of the organisation. A frozen release never changes, so this is fetched from the API once
 * per release and kept in a bounded LRU (as the unit pages are, decision 031).
 *
 * Only researchers and admins reach the organisation page, and for them the API returns every
 * scope of their organisation's releases: the entry depends on the release alone. The page
 * first lists the reader's releases (`GET /releases`, access-checked by the API) and only looks
 * an entry up for a release in that list; the small per-visit reads (groups, trend) still go to
 * the API and are written to its audit log.
 */
import { HEADLINE_INDICATORS } from '$lib/report/catalog';
import type { Comparison, ReleaseMeta, ReleaseRecord } from '$lib/report/types';
import type { ApiGet } from './api';
import { Lru } from './lru';

export interface OrgRelease {
  meta: ReleaseMeta;
  rows: ReleaseRecord[];
  comparisons: Comparison[];
}

export const ORG_RELEASE_CACHE_SIZE = 16;
/** Built pages: a company-level view of the defence demo is ~1 MB in memory. */
export const ORG_VIEW_CACHE_SIZE = 64;
const cache = new Lru<Promise<OrgRelease>>(ORG_RELEASE_CACHE_SIZE);

/** For tests and the benchmark. */
export const orgReleaseCache = cache;

const HEADLINE_PARAM = HEADLINE_INDICATORS.join(',');

/**
 * The cached organisation-wide data of release `id`; `get` reads the API as the current reader
 * (and throws the page's error on a refusal). Concurrent first visits share one read.
 */
export function loadOrgRelease(id: string, get: ApiGet): Promise<OrgRelease> {
  const hit = cache.get(id);
  if (hit) return hit;
  const p = Promise.all([
    get('/releases/:id', { params: { id } }),
    get('/releases/:id/overview', { params: { id }, query: { dimension: 'all', indicator: HEADLINE_PARAM, against: 'organisation_rest' } }),
  ]).then(([meta, all]) => Object.freeze({ meta, rows: all.rows, comparisons: all.comparisons }));
  cache.set(id, p);
  // A failed read is not kept: the next visit tries again.
  p.catch(() => { if (cache.get(id) === p) cache.delete(id); });
  return p;
}

const views = new Lru<Promise<unknown>>(ORG_VIEW_CACHE_SIZE);

/** For tests and the benchmark. */
export const orgViewCacheStore = views;

/**
 * The page data built from one frozen release and one choice of tier, indicator, dimension and
 * language; built once (concurrent first visits share it), then reused. Called only after the
 * page has checked the release against the reader's list and read the groups through the API.
 */
export function orgViewCache<T>(key: string, build: () => Promise<T>): Promise<T> {
  const hit = views.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const p = build().then((v) => Object.freeze(v));
  views.set(key, p);
  p.catch(() => { if (views.get(key) === p) views.delete(key); });
  return p;
}

const slices = new Lru<Promise<ReleaseRecord[]>>(ORG_VIEW_CACHE_SIZE);

/**
 * One indicator's organisation-wide rows of a frozen release (the per-wave trend reads every
 * wave's rows for the figure picked); read once, then reused like the release above. Called only
 * for releases in the reader's list.
 */
export function loadOrgSlice(id: string, indicator: string, get: ApiGet): Promise<ReleaseRecord[]> {
  const key = `${id}|${indicator}`;
  const hit = slices.get(key);
  if (hit) return hit;
  const p = get('/releases/:id/overview', { params: { id }, query: { dimension: 'all', indicator, against: 'organisation_rest' } })
    .then((o) => Object.freeze(o.rows) as ReleaseRecord[]);
  slices.set(key, p);
  p.catch(() => { if (slices.get(key) === p) slices.delete(key); });
  return p;
}
