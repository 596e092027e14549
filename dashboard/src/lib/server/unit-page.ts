/**
 * The data of a unit page, built once per (release, unit, language, reader's role and scope) and
 * kept in a bounded in-memory LRU (decision 031). A frozen release never changes, so an entry
 * never goes stale. Every request still asks the API which release it would show: that call does
 * the access check and writes the audit entry, so a cached page is never served past the API.
 */
import { error, redirect, type Cookies } from '@sveltejs/kit';
import type { Lang } from '$lib/i18n';
import type { SessionUser } from '$lib/types';
import { buildUnitView, type UnitView } from '$lib/report/unit-view';
import { unitTree, type UnitTree } from '$lib/report/unit-tree';
import type { UnitReport } from '$lib/report/types';
import { api } from './api';
import { Lru } from './lru';
import { loadUnitReport } from './reports';

export interface UnitPageData {
  meta: Pick<UnitReport, 'release' | 'period' | 'kind' | 'frozenAt' | 'unit' | 'parent' | 'organisation' | 'ownReport' | 'sameAsWave' | 'withOwnReport' | 'children' | 'releases'>;
  view: UnitView;
  tree: UnitTree;
}

export const UNIT_PAGE_CACHE_SIZE = 200;
const cache = new Lru<UnitPageData>(UNIT_PAGE_CACHE_SIZE);

/** For tests and the benchmark. */
export const unitPageCache = cache;

export function cacheKey(release: string, code: string, lang: Lang, user: SessionUser): string {
  return [release, code, lang, user.role, user.organisationId ?? '-', user.scopeUnitId ?? '-'].join('|');
}

/**
 * The release the API would show for `code` (access-checked and audited by the API); null when
 * the unit has no frozen release at all (the caller tells "still being built" from "none").
 */
async function resolveRelease(cookies: Cookies, code: string, release: string | null, fallback: string | null): Promise<string | null> {
  const res = await api(cookies, '/reports/unit/:code/release', { params: { code }, query: { release: release ?? undefined } });
  if (res.status === 401) redirect(303, '/login');
  if (res.status === 403) error(403, 'forbidden');
  if (res.status === 404 && release && fallback) redirect(303, fallback);
  if (res.status === 404 && !release) return null;
  if (!res.ok) error(res.status === 404 || res.status === 400 ? 404 : 502, 'no report');
  return res.body.release;
}

/** The unit page's data; null when the unit has no frozen release. */
export async function loadUnitPage(cookies: Cookies, user: SessionUser, lang: Lang, code: string, release: string | null): Promise<UnitPageData | null> {
  const fallback = `/unit/${encodeURIComponent(code)}`;
  const id = await resolveRelease(cookies, code, release, fallback);
  if (id === null) return null;
  const key = cacheKey(id, code, lang, user);
  const hit = cache.get(key);
  if (hit) return hit;
  const [report, scopes] = await Promise.all([
    loadUnitReport(cookies, code, id, fallback),
    api(cookies, '/releases/:id', { params: { id } }),
  ]);
  const data: UnitPageData = {
    meta: {
      release: report.release, period: report.period, kind: report.kind, frozenAt: report.frozenAt, unit: report.unit, parent: report.parent,
      organisation: report.organisation, ownReport: report.ownReport, sameAsWave: report.sameAsWave ?? null, withOwnReport: report.withOwnReport ?? [],
      children: report.children, releases: report.releases,
    },
    view: buildUnitView(lang, report),
    tree: scopes.ok ? unitTree(scopes.body.scopes, report.unit.code) : { groups: [], up: null },
  };
  // Only a complete page is kept: a failed scope read is retried on the next request.
  if (scopes.ok) cache.set(key, Object.freeze(data));
  return data;
}
