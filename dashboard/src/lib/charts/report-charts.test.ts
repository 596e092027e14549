import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import FunnelPlot from './funnel-plot.svelte';
import IntervalChart from './interval-chart.svelte';
import ChartBlock from '$lib/components/chart-block.svelte';
import { buildUnitView } from '$lib/report/unit-view';
import type { ReleaseRecord, UnitReport } from '$lib/report/types';

const rect = (html: string) => html.match(/<rect\b[^>]*>/g) ?? [];

describe('IntervalChart', () => {
  const data = [
    { label: 'Pesten', value: 0.2, low: 0.1, high: 0.3, valueText: '20% (10% – 30%)', suppressed: false },
    { label: 'Stalking', value: null, low: null, high: null, valueText: 'minder dan 10 deelnemers', suppressed: true },
    { label: 'Uitsluiting', value: 0.5, low: 0.4, high: 0.6, valueText: '50%', suppressed: false, refs: [{ value: 0.45, kind: 'organisation' as const }] },
  ];
  const html = render(IntervalChart, { props: { data, label: 'Forms: Pesten 20%', max: 1 } }).body;

  it('draws a bar and a whisker per published datum, none for a suppressed one', () => {
    expect(html).toMatch(/role="img" aria-label="Forms: Pesten 20%"/);
    expect(rect(html)).toHaveLength(2);
    expect(html.match(/class="whisker/g)).toHaveLength(2);
    const widths = rect(html).map((t) => Number(/width="([^"]*)"/.exec(t)?.[1]));
    expect(widths).toEqual([20, 50]);
  });

  it('labels the suppressed datum with its reason instead of leaving it blank', () => {
    expect(html).toMatch(/class="cell[^"]*suppressed[^"]*">minder dan 10 deelnemers</);
  });

  it('draws reference ticks', () => {
    expect(html).toMatch(/class="ref organisation/);
  });
});

describe('FunnelPlot', () => {
  it('renders points as HTML and four limit curves plus the target line in SVG', () => {
    const lines = [10, 50, 100].map((n) => ({ n, lower998: 0.01, lower95: 0.05, upper95: 0.2, upper998: 0.3 }));
    const html = render(FunnelPlot, {
      props: { points: [{ label: 'A', n: 40, value: 0.1, position: 'inside' as const, tone: 'neutral' as const, href: '/unit/A' }, { label: 'Bat › B', n: 90, value: 0.35, position: 'above998' as const, tone: 'worse' as const, href: '/unit/B' }], lines, target: 0.1, label: 'Funnel', yDomain: [0, 0.5] as [number, number], xLabel: 'n', yLabel: 'share', format: (v: number) => `${Math.round(v * 100)}%` },
    }).body;
    expect(html.match(/class="point /g)).toHaveLength(2);
    // Colour follows the judgement (above the limits on a lower-is-better figure: worse).
    expect(html).toContain('point worse');
    // Every point can be focused and names its unit.
    expect(html).toMatch(/<a class="point worse[^"]*" href="\/unit\/B" aria-label="Bat › B: 35%, n = 90"/);
    expect(html.match(/<path class="l95/g)).toHaveLength(2);
    expect(html.match(/<path class="l998/g)).toHaveLength(2);
    expect(html).toMatch(/<line class="target/);
  });
});

const row = (o: Partial<ReleaseRecord>): ReleaseRecord => ({
  release: 'R', scope: 'U', period: 'P', dimension: 'all', group: 'all', indicator: 'sv_form', option: 'pesten', base: 'victims',
  n: 20, count: 5, value: 0.25, ciLow: 0.1, ciHigh: 0.45, suppressed: false, reason: null, ...o,
});
const none = { n: null, count: null, value: null, ciLow: null, ciHigh: null, suppressed: true };

function report(rows: ReleaseRecord[]): UnitReport {
  return {
    release: 'R', period: 'P', kind: 'wave', frozenAt: '2026-01-01T00:00:00Z', unit: { code: 'U', name: 'Unit', level: 'compagnie' },
    parent: { code: 'B', name: 'Bat' }, organisation: { code: 'O', name: 'Org', minGroupSize: 12, minVictims: 10 }, ownReport: true, sameAsWave: null, withOwnReport: [],
    respondents: 30, headcount: 60, rows, comparisons: [], benchmarks: { parent: [], organisation: [] }, children: [], releases: [], trend: [],
  };
}

describe('unit view and chart blocks', () => {
  const rows = [
    row({}),
    row({ option: 'stalking', ...none, reason: 'min_victims' }),
    row({ indicator: 'sv_perpetrator', option: 'collega', ...none, reason: 'level' }),
    row({ indicator: 'sv_experienced', option: 'any', base: 'all', dimension: 'gender', group: 'vrouw', ...none, reason: 'min_n' }),
    row({ indicator: 'sv_experienced', option: 'any', base: 'all', dimension: 'gender', group: 'man', ...none, reason: 'complementary' }),
    row({ indicator: 'sv_unsafe', option: 'yes', base: 'all', dimension: 'gender', group: 'man', value: 0.1, n: 30, count: 3 }),
    row({ indicator: 'sv_unsafe', option: 'yes', base: 'all', dimension: 'gender', group: 'vrouw', value: 0.2, n: 25, count: 5 }),
  ];
  const view = buildUnitView('nl', report(rows));

  it('labels every suppressed cell with one label, whatever the reason', () => {
    const gender = view.groups.find((g) => g.dimension === 'gender')!;
    const women = gender.groups.findIndex((g) => g.code === 'vrouw');
    expect(gender.groups.map((g) => g.code)).toEqual(['man', 'vrouw']);
    expect(gender.lines[0]!.cells[women]!.cell.text).toBe('niet gepubliceerd');
    expect(buildUnitView('en', report(rows)).groups.find((g) => g.dimension === 'gender')!.lines[0]!.cells[women]!.cell.text).toBe('not published');
    expect(view.anySuppressed).toBe(true);
  });

  it('leaves unpublished items, groups and charts out and names them in one line each', () => {
    const forms = view.charts.find((c) => c.id === 'forms-victims')!;
    expect(forms.lines.map((l) => l.cell.text)).toEqual(['25%']);
    expect(forms.hidden).toEqual(['Stalking']);
    // A chart with nothing published is not drawn: its title is listed once.
    expect(view.charts.map((c) => c.id)).not.toContain('perpetrators');
    expect(view.chartsHidden.length).toBeGreaterThan(0);
    // A group with no published headline figure is named, not shown as a column of labels.
    expect(view.groups.find((g) => g.dimension === 'gender')!.hiddenGroups).toEqual(['Niet opgegeven']);
    // A breakdown without any published group is one name in one sentence.
    expect(view.groupsHidden).toContain('Leeftijd');
    expect(view.groups.map((g) => g.dimension)).not.toContain('age_band');
  });

  it('renders a chart block with its table and one summary line for what is not published', () => {
    const html = render(ChartBlock, { props: { block: view.charts.find((c) => c.id === 'forms-victims')!, lang: 'nl' } }).body;
    expect(rect(html)).toHaveLength(1);
    expect(html).toContain('<table');
    expect(html).not.toContain('class="suppressed"');
    expect(html).toContain('<p class="hidden-summary">Niet gepubliceerd (1): Stalking.</p>');
  });

  it('says a chart is not published rather than drawing an empty one', () => {
    const block = { id: 'reported', title: 'Gemeld', base: '', published: false, data: [], alt: '', max: 1, lines: [], hidden: [] };
    const html = render(ChartBlock, { props: { block, lang: 'en' } }).body;
    expect(html).toContain('Not published for this unit in this release.');
    expect(html).not.toContain('<svg');
  });

});
