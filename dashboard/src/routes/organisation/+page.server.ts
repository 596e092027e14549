import { error, redirect } from '@sveltejs/kit';
import { apiGet } from '$lib/server/api';
import { loadOrgRelease, orgViewCache } from '$lib/server/org-release';
import { DIMENSIONS, HEADLINE, type Dimension } from '$lib/report/catalog';
import { buildOrgView, buildWaveTrend, latestPerPeriod, nonOverlappingWindows, scopesWithDepth } from '$lib/report/org-view';
import { cellText } from '$lib/report/format';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  if (!locals.user) redirect(303, '/login');
  if (locals.user.role === 'commander') error(403, 'researchers and admins only');
  const get = apiGet(cookies, (status) => {
    if (status === 401) redirect(303, '/login');
    error(status === 403 ? 403 : status === 404 ? 404 : 502, 'could not load the release');
  });
  const releases = await get('/releases');
  const orgs = [...new Set(releases.map((r) => r.organisation))].sort();
  const orgParam = url.searchParams.get('org');
  const org = orgParam && orgs.includes(orgParam) ? orgParam : orgs[0];
  const ofOrg = releases.filter((r) => r.organisation === org);
  if (!org || ofOrg.length === 0) return { empty: true as const, orgs };
  // A window is the organisation-level view: the default is the latest window (by the years it
  // covers, then the newest build), not whichever release was frozen last.
  const windows = latestPerPeriod(ofOrg.filter((r) => r.kind === 'window'));
  const chosenId = url.searchParams.get('release');
  const release = ofOrg.find((r) => r.id === chosenId) ?? windows[0] ?? ofOrg[0]!;
  const { meta, rows, comparisons } = await loadOrgRelease(release.id, get);
  const { scopes, tiers, root } = scopesWithDepth(meta);
  if (!root) error(404, 'the release has no organisation figures');
  const tierParam = url.searchParams.get('tier');
  const tier = tierParam && tiers.includes(tierParam) ? tierParam : tiers[Math.min(2, tiers.length - 1)]!;
  const indParam = url.searchParams.get('indicator');
  const spec = HEADLINE.find((h) => `${h.indicator}|${h.option}` === indParam) ?? HEADLINE[0]!;
  const dimParam = url.searchParams.get('dimension');
  const dimension: Dimension = (DIMENSIONS as readonly string[]).includes(dimParam ?? '') ? (dimParam as Dimension) : 'gender';
  const id = encodeURIComponent(release.id);
  const rules = { k: meta.rules.k ?? 10, kv: meta.rules.kVictims ?? 10 };
  // Every visit reads the groups through the API (access check + audit entry); the rest of the
  // page is built once per frozen release and choice (org-release.ts).
  const byGroup = await get('/releases/:id/overview', { params: { id: release.id }, query: { dimension, indicator: spec.indicator, scope: root.code } });
  const trendWindows = nonOverlappingWindows(windows);
  const built = await orgViewCache(`${release.id}|${tier}|${spec.indicator}|${spec.option}|${dimension}|${locals.lang}|${trendWindows.map((w) => w.id).join(',')}`, async () => {
    // Trend: the organisation's value in each non-overlapping window.
    const trend = await Promise.all(trendWindows.map(async (w) => {
      const o = await get('/releases/:id/overview', { params: { id: w.id }, query: { dimension: 'all', indicator: spec.indicator, scope: root.code } });
      const row = o.rows.find((r) => r.option === spec.option && r.base === 'all');
      const cell = cellText(locals.lang, row, rules);
      return {
        period: w.period, id: w.id, cell, value: row && !row.suppressed ? row.value : null, low: row?.ciLow ?? null, high: row?.ciHigh ?? null,
      };
    }));
    const view = buildOrgView({
      lang: locals.lang, rules, spec, tier, dimension, scopes, root, rows, comparisons,
      unitHref: (code) => `/unit/${encodeURIComponent(code)}?release=${id}`,
      groupRows: byGroup.rows.filter((r) => r.option === spec.option && r.base === 'all'), groupComparisons: byGroup.comparisons,
    });
    // Per wave: the units of this tier (branch or lower) surveyed in every wave, labelled as such.
    const waves = latestPerPeriod(ofOrg.filter((r) => r.kind === 'wave')).reverse();
    const waveTier = tiers.indexOf(tier) >= 1 ? tier : tiers[1];
    const waveTrend = waveTier && waves.length > 1
      ? buildWaveTrend(locals.lang, rules, spec, scopes, waveTier, await Promise.all(waves.map(async (w) => ({
        period: w.period,
        rows: (await get('/releases/:id/overview', { params: { id: w.id }, query: { dimension: 'all', indicator: spec.indicator, against: 'organisation_rest' } })).rows,
      }))))
      : null;
    return { view, trend, waveTrend: waveTrend ? { ...waveTrend, tier: waveTier! } : null };
  });
  const { view, trend, waveTrend } = built;
  return {
    empty: false as const,
    orgs, org, rules,
    releases: ofOrg.map((r) => ({ id: r.id, period: r.period, kind: r.kind })),
    release: { id: release.id, period: release.period, kind: release.kind },
    tiers, tier, dimension, indicator: `${spec.indicator}|${spec.option}`,
    root: { code: root.code, name: root.name },
    latestWindow: windows[0] ? { id: windows[0].id, period: windows[0].period } : null,
    view, trend, waveTrend,
  };
};
