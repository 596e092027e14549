import { describe, expect, it } from 'vitest';
import { transport } from '../../hooks';
import { RenderedHtml } from '$lib/rendered-html';
import { HEADLINE } from './catalog';
import { buildOrgView, type Scope } from './org-view';
import type { Comparison, ReleaseRecord } from './types';

const scopes: Scope[] = [
  { code: 'ORG', name: 'Org', level: 'organisatie', parent: null, depth: 0 },
  { code: 'A', name: 'A', level: 'compagnie', parent: 'ORG', depth: 1 },
  { code: 'B', name: 'B', level: 'compagnie', parent: 'ORG', depth: 1 },
];
const row = (scope: string, indicator: string, option: string, value: number | null): ReleaseRecord => ({
  release: 'R', scope, period: 'P', dimension: 'all', group: 'all', indicator, option, base: 'all',
  n: value === null ? null : 40, count: null, value, ciLow: value, ciHigh: value, suppressed: value === null, reason: value === null ? 'min_n' : null,
});
const rows = scopes.flatMap((s) => HEADLINE.map((h, i) => row(s.code, h.indicator, h.option, s.code === 'B' && i === 0 ? null : 0.3)));
const comparisons: Comparison[] = [{
  scope: 'A', dimension: 'all', group: 'all', indicator: 'sv_experienced', option: 'any', base: 'all', against: 'organisation_rest',
  difference: 0.1, ciLow: 0.05, ciHigh: 0.15, pValue: 0.0001, pAdjusted: 0.0002, significant: true,
}];
const input = (spec = HEADLINE[0]!, tier = 'compagnie') => ({
  lang: 'nl' as const, rules: { k: 10, kv: 10 }, spec, tier, dimension: 'gender' as const, scopes, root: scopes[0]!, rows, comparisons, groupRows: [], groupComparisons: [],
});

describe('organisation view', () => {
  it('builds the heatmap once per release, tier and language, whatever figure is picked', () => {
    const a = buildOrgView(input(HEADLINE[0]));
    const b = buildOrgView(input(HEADLINE[3]));
    expect(b.heat).toBe(a.heat);
    expect(a.lines.map((l) => l.cell.text)).toEqual(['30%', 'niet gepubliceerd']);
    expect(b.lines.map((l) => l.cell.text)).toEqual(['30%', '30%']);
    expect(buildOrgView(input(HEADLINE[0], 'organisatie')).heat).not.toBe(a.heat);
  });

  it('writes a p-value below 0.001 as "< 0,001" in Dutch', () => {
    expect(buildOrgView(input()).lines[0]!.pAdjusted).toBe('< 0,001');
  });
});

describe('rendered HTML in page data', () => {
  it('travels as one string for client-side navigation, and not at all into a full page', () => {
    const t = transport['RenderedHtml']!;
    const encoded = t.encode(new RenderedHtml('<p>x</p>', true));
    expect(encoded).toEqual(['<p>x</p>']);
    expect(t.decode(encoded)).toEqual(new RenderedHtml('<p>x</p>', true));
    expect(t.encode(new RenderedHtml('<p>x</p>', false))).toEqual(['']);
    expect(t.encode({ value: 'not ours' })).toBe(false);
  });
});
