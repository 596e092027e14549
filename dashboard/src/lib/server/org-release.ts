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
import { Lru, sharedPromise } from './lru';

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
  return sharedPromise(cache, id, () => Promise.all([
    get('/releases/:id', { params: { id } }),
    get('/releases/:id/overview', { params: { id }, query: { dimension: 'all', indicator: HEADLINE_PARAM, against: 'organisation_rest' } }),
  ]).then(([meta, all]) => Object.freeze({ meta, rows: all.rows, comparisons: all.comparisons })));
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
  return sharedPromise(views, key, () => build().then((v) => Object.freeze(v))) as Promise<T>;
}

const slices = new Lru<Promise<ReleaseRecord[]>>(ORG_VIEW_CACHE_SIZE);

/**
 * One indicator's organisation-wide rows of a frozen release (the per-wave trend reads every
 * wave's rows for the figure picked); read once, then reused like the release above. Called only
 * for releases in the reader's list.
 */
export function loadOrgSlice(id: string, indicator: string, get: ApiGet): Promise<ReleaseRecord[]> {
  const key = `${id}|${indicator}`;
  return sharedPromise(slices, key, () => get('/releases/:id/overview', { params: { id }, query: { dimension: 'all', indicator, against: 'organisation_rest' } })
    .then((o) => Object.freeze(o.rows) as ReleaseRecord[]));
}
