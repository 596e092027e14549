import { error, redirect } from '@sveltejs/kit';
import { apiGet } from '$lib/server/api';
import { pendingBuilds } from '$lib/server/release-builds';
import { loadOrgRelease, loadOrgSlice, orgViewCache } from '$lib/server/org-release';
import { DIMENSIONS, HEADLINE, type Dimension } from '$lib/report/catalog';
import { buildOrgView, buildWaveTrend, latestPerPeriod, nonOverlappingWindows, scopesWithDepth } from '$lib/report/org-view';
import { cellText, rulesWith } from '$lib/report/format';
import { RenderedHtml } from '$lib/rendered-html';
import { render } from 'svelte/server';
import OrganisationBody from './organisation-body.svelte';
import type { OrgBodyData } from './body';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ locals, cookies, url, isDataRequest }) => {
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
  // No frozen release yet: the platform may still be building them (npm start's demo).
  if (!org || ofOrg.length === 0) return { empty: true as const, orgs, builds: await pendingBuilds(cookies, org) };
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
  const rules = rulesWith(meta.rules.k, meta.rules.kVictims);
  // Every visit reads the groups through the API (access check + audit entry); the rest of the
  // page is built once per frozen release and choice (org-release.ts).
  const [byGroup, builds] = await Promise.all([
    get('/releases/:id/overview', { params: { id: release.id }, query: { dimension, indicator: spec.indicator, scope: root.code } }),
    // Releases the platform is still building (npm start's demo): newer results than these.
    pendingBuilds(cookies, org),
  ]);
  const trendWindows = nonOverlappingWindows(windows);
  const releaseList = ofOrg.map((r) => ({ id: r.id, period: r.period, kind: r.kind }));
  const latestWindow = windows[0] ? { id: windows[0].id, period: windows[0].period } : null;
  // The key holds everything the body shows: the frozen release and its neighbours in the
  // pickers, the choice and the language. The body is rendered to HTML once per key (rendering
  // a 400-unit page and serialising its data cost ~100 ms of CPU per visit; decision 073).
  const cacheKey = [release.id, tier, spec.indicator, spec.option, dimension, locals.lang, orgs.join(','), org,
    releaseList.map((r) => `${r.id}:${r.kind}`).join(','), trendWindows.map((w) => w.id).join(',')].join('|');
  const html = await orgViewCache(cacheKey, async () => {
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
        rows: await loadOrgSlice(w.id, spec.indicator, get),
      }))))
      : null;
    const body: OrgBodyData = {
      lang: locals.lang, orgs, org, rules, releases: releaseList, release: { id: release.id, period: release.period, kind: release.kind },
      tiers, tier, dimension, indicator: `${spec.indicator}|${spec.option}`, root: { code: root.code, name: root.name }, latestWindow,
      view, trend, waveTrend: waveTrend ? { ...waveTrend, tier: waveTier! } : null,
    };
    // Svelte's hydration markers (<!--[-->, <!--]-->, …) are a fifth of the page and never used
    // inside {@html} (nor with csr = false): they are dropped once here.
    return render(OrganisationBody, { props: { data: body } }).body.replace(/<!--(?:\[-?\d*|\]|)-->/g, '');
  });
  return {
    empty: false as const,
    org, release: { id: release.id, period: release.period, kind: release.kind }, tier, dimension, indicator: `${spec.indicator}|${spec.option}`,
    body: new RenderedHtml(html, isDataRequest),
    builds,
  };
};
