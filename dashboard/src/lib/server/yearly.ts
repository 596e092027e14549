/** Loading the yearly organisation-wide report from frozen releases (decision 031). */
import { error, redirect, type Cookies } from '@sveltejs/kit';
import type { Lang } from '$lib/i18n';
import { rulesWith } from '$lib/report/format';
import { apiGet, type ApiOutput } from '$lib/server/api';
import { DIMENSIONS, HEADLINE, HEADLINE_INDICATORS, type Dimension } from '$lib/report/catalog';
import { latestPerPeriod, nonOverlappingWindows, scopesWithDepth } from '$lib/report/org-view';
import { buildYearlyView, type YearlyView } from '$lib/report/yearly-view';

/** One dimension of a release over some scopes, as the API answers it. */
type Overview = ApiOutput<'/releases/:id/overview'>;

export interface YearlyData {
  org: string;
  release: { id: string; period: string; frozenAt: string } | null;
  root: { code: string; name: string } | null;
  tier: string | null;
  rules: { k: number; kv: number };
  view: YearlyView | null;
}

const headline = new Set(HEADLINE.map((h) => h.indicator));
const HEADLINE_PARAM = HEADLINE_INDICATORS.join(',');

export async function loadYearly(cookies: Cookies, lang: Lang, orgParam: string | null): Promise<YearlyData> {
  const get = apiGet(cookies, (status) => {
    if (status === 401) redirect(303, '/login');
    error(status === 403 ? 403 : status === 404 ? 404 : 502, 'could not load the release');
  });
  const releases = await get('/releases');
  const orgs = [...new Set(releases.map((r) => r.organisation))].sort();
  const org = orgParam && orgs.includes(orgParam) ? orgParam : orgs[0] ?? '';
  const windows = latestPerPeriod(releases.filter((r) => r.organisation === org && r.kind === 'window'));
  const latest = windows[0];
  const empty = { org, release: null, root: null, tier: null, rules: rulesWith(undefined, undefined), view: null };
  if (!latest) return empty;
  const meta = await get('/releases/:id', { params: { id: latest.id } });
  const { scopes, tiers, root } = scopesWithDepth(meta);
  if (!root) return empty;
  const tier = tiers[1] ?? null;
  const branches = scopes.filter((s) => s.depth === 1).sort((a, b) => a.name.localeCompare(b.name));
  const id = latest.id;
  const rootScope = root.code;
  const keep = (o: Overview): Overview => ({ rows: o.rows.filter((r) => headline.has(r.indicator) && r.base === 'all'), comparisons: o.comparisons.filter((c) => headline.has(c.indicator) && c.base === 'all') });
  const trendWindows = nonOverlappingWindows(windows);
  const [all, groups, trend] = await Promise.all([
    get('/releases/:id/overview', { params: { id }, query: { dimension: 'all', indicator: HEADLINE_PARAM, scope: [root, ...branches].map((s) => s.code).join(',') } }).then(keep),
    Promise.all(DIMENSIONS.map(async (d) => [d, keep(await get('/releases/:id/overview', { params: { id }, query: { dimension: d, indicator: HEADLINE_PARAM, scope: rootScope } }))] as const)),
    Promise.all(trendWindows.map(async (w) => ({ period: w.period, rows: keep(await get('/releases/:id/overview', { params: { id: w.id }, query: { dimension: 'all', indicator: HEADLINE_PARAM, scope: rootScope } })).rows }))),
  ]);
  const rules = rulesWith(meta.rules.k, meta.rules.kVictims);
  const view = buildYearlyView({
    lang, rules, root: { code: root.code, name: root.name }, branches: branches.map((b) => ({ code: b.code, name: b.name })),
    rows: all.rows, comparisons: all.comparisons, groups: Object.fromEntries(groups) as Record<Dimension, Overview>, trend,
  });
  return { org, release: { id: latest.id, period: latest.period, frozenAt: meta.frozenAt }, root: { code: root.code, name: root.name }, tier, rules, view };
}
