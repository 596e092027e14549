/**
 * Turns a unit report of the API into what the unit page shows. Picks and labels rows of the
 * frozen release; the only arithmetic is formatting.
 */
import type { Lang } from '$lib/i18n';
import type { IntervalDatum } from '$lib/charts/types';
import { CHARTS, DIMENSIONS, GROUP_ORDER, HEADLINE, dimensionName, groupName, indicatorName, optionName, type HeadlineSpec } from './catalog';
import { cellText, formatNumber, formatValue, rulesWith, type CellText, type Rules } from './format';
import { comparisonMarker, type Marker } from './direction';
import { t, type MessageKey } from '$lib/i18n';
import type { Comparison, ReleaseRecord, UnitReport } from './types';

export type { Marker };

export interface HeadlineLine {
  key: string;
  label: string;
  kind: 'share' | 'mean';
  own: CellText;
  parent: CellText | null;
  organisation: CellText | null;
  markers: Marker[];
}

export interface ChartBlock {
  id: string;
  title: string;
  base: string;
  published: boolean;
  data: IntervalDatum[];
  alt: string;
  max: number;
  lines: { label: string; cell: CellText; marker: Marker | null }[];
  /** Labels of the items not published: left out of the chart and table, named in one line. */
  hidden?: string[];
}

export interface GroupTable {
  dimension: string;
  name: string;
  groups: { code: string; label: string }[];
  lines: { label: string; cells: { cell: CellText; marker: Marker | null }[] }[];
  chart: ChartBlock;
  /** Groups with no published headline figure: left out of the table, named in one line. */
  hiddenGroups: string[];
}

export interface TrendView {
  periods: string[];
  lines: { label: string; cells: CellText[] }[];
  chart: ChartBlock;
  /** Headline figures not published in any period: left out of the table, named in one line. */
  hidden: string[];
}

export interface UnitView {
  rules: Rules;
  responseRate: CellText;
  respondents: string;
  headcount: string;
  headline: HeadlineLine[];
  headlineChart: ChartBlock;
  /** Charts with at least one published item. */
  charts: ChartBlock[];
  /** Titles of the charts with nothing published (one sentence instead of empty charts). */
  chartsHidden: string[];
  /** Breakdowns with at least one published group. */
  groups: GroupTable[];
  /** Names of the breakdowns with no published group. */
  groupsHidden: string[];
  trend: TrendView | null;
  /** Whether the page shows or leaves out anything not published (the note explaining it is shown once). */
  anySuppressed: boolean;
}

const key = (r: { dimension: string; group: string; indicator: string; option: string; base: string }) => `${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`;

function index<T extends { dimension: string; group: string; indicator: string; option: string; base: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((r) => [key(r), r]));
}

function marker(lang: Lang, c: Comparison | undefined, parentName: string): Marker | null {
  return comparisonMarker(lang, c, parentName);
}

function datum(lang: Lang, label: string, row: ReleaseRecord | undefined, rules: Rules, refs?: IntervalDatum['refs']): IntervalDatum {
  const cell = cellText(lang, row, rules);
  const ok = row && !row.suppressed && row.value !== null;
  return {
    label,
    value: ok ? row.value : null,
    low: ok ? row.ciLow : null,
    high: ok ? row.ciHigh : null,
    valueText: cell.suppressed ? cell.text : `${cell.text} (${cell.interval})`,
    suppressed: !ok,
    ...(refs && refs.length ? { refs } : {}),
  };
}

function chartAlt(lang: Lang, title: string, data: IntervalDatum[]): string {
  const summary = data.map((d) => `${d.label} ${d.valueText}`).join('; ');
  return t(lang, 'chart.alt', { title, summary });
}

export function rulesOf(report: UnitReport): Rules {
  return rulesWith(report.organisation?.minGroupSize, report.organisation?.minVictims);
}

export function buildUnitView(lang: Lang, report: UnitReport): UnitView {
  const rules = rulesOf(report);
  const own = index(report.rows);
  const parent = index(report.benchmarks.parent);
  const org = index(report.benchmarks.organisation);
  const cmp = new Map(report.comparisons.map((c) => [`${key(c)}|${c.against}`, c]));
  const parentName = report.parent?.name ?? '';
  const allKey = (h: HeadlineSpec, dimension = 'all', group = 'all') => key({ dimension, group, indicator: h.indicator, option: h.option, base: 'all' });

  const headline: HeadlineLine[] = HEADLINE.map((h) => {
    const k = allKey(h);
    const markers = ['parent_rest', 'organisation_rest'].map((a) => marker(lang, cmp.get(`${k}|${a}`), parentName)).filter((m): m is Marker => m !== null);
    return {
      key: `${h.indicator}|${h.option}`,
      label: indicatorName(lang, h.indicator, h.option),
      kind: h.kind,
      own: cellText(lang, own.get(k), rules),
      parent: report.parent && report.parent.code !== report.unit.code ? cellText(lang, parent.get(k), rules) : null,
      organisation: report.organisation && report.organisation.code !== report.unit.code ? cellText(lang, org.get(k), rules) : null,
      markers,
    };
  });

  const shares = HEADLINE.filter((h) => h.kind === 'share');
  const headlineData = shares.map((h) => {
    const refs: NonNullable<IntervalDatum['refs']> = [];
    const p = parent.get(allKey(h));
    const o = org.get(allKey(h));
    if (p?.value != null && report.parent?.code !== report.unit.code) refs.push({ value: p.value, kind: 'parent' });
    if (o?.value != null && report.organisation?.code !== report.unit.code) refs.push({ value: o.value, kind: 'organisation' });
    return datum(lang, indicatorName(lang, h.indicator, h.option), own.get(allKey(h)), rules, refs);
  });
  const headlineTitle = t(lang, 'chart.headline');
  const headlineChart: ChartBlock = {
    id: 'headline', title: headlineTitle, base: t(lang, 'base.all'), published: true, data: headlineData, alt: chartAlt(lang, headlineTitle, headlineData), max: 1, lines: [], hidden: [],
  };

  // Small units: items, groups and whole charts that are not published are left out and named
  // in one line each, instead of row after row of the same label (issue 15).
  const isPublished = (r: ReleaseRecord | undefined): r is ReleaseRecord => !!r && !r.suppressed && r.value !== null;
  const allCharts: ChartBlock[] = CHARTS.map((spec) => {
    const rows = report.rows.filter((r) => r.dimension === 'all' && r.indicator === spec.indicator && r.base === spec.base);
    const shown = rows.filter(isPublished);
    const title = t(lang, `chart.${spec.id}` as MessageKey);
    const data = shown.map((r) => datum(lang, optionName(lang, r.indicator, r.option), r, rules));
    return {
      id: spec.id, title, base: t(lang, spec.base === 'victims' ? 'base.victims' : 'base.all'), published: shown.length > 0, data, alt: chartAlt(lang, title, data), max: 1,
      lines: shown.map((r) => ({ label: optionName(lang, r.indicator, r.option), cell: cellText(lang, r, rules), marker: marker(lang, cmp.get(`${key(r)}|organisation_rest`), parentName) })),
      hidden: rows.filter((r) => !shown.includes(r)).map((r) => optionName(lang, r.indicator, r.option)),
    };
  });
  const charts = allCharts.filter((c) => c.published);
  const chartsHidden = allCharts.filter((c) => !c.published).map((c) => c.title);

  const allGroups: GroupTable[] = DIMENSIONS.map((dimension) => {
    const present = new Set(report.rows.filter((r) => r.dimension === dimension).map((r) => r.group));
    present.add('onbekend'); // the not-disclosed group is always named (shown, or listed as not published)
    const order = GROUP_ORDER[dimension];
    const sorted = [...present].sort((a, b) => (order.indexOf(a) === -1 ? 99 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 99 : order.indexOf(b)));
    const codes = sorted.filter((g) => HEADLINE.some((h) => isPublished(own.get(allKey(h, dimension, g)))));
    const lines = HEADLINE.map((h) => ({
      label: indicatorName(lang, h.indicator, h.option),
      cells: codes.map((g) => {
        const k = allKey(h, dimension, g);
        return { cell: cellText(lang, own.get(k), rules), marker: marker(lang, cmp.get(`${k}|unit_rest`), parentName) };
      }),
    }));
    const exp = HEADLINE[0]!;
    const title = t(lang, 'chart.byGroup', { dimension: dimensionName(lang, dimension) });
    const data = codes.map((g) => datum(lang, groupName(lang, dimension, g), own.get(allKey(exp, dimension, g)), rules));
    return {
      dimension, name: dimensionName(lang, dimension), groups: codes.map((code) => ({ code, label: groupName(lang, dimension, code) })), lines,
      chart: { id: `group-${dimension}`, title, base: t(lang, 'base.all'), published: true, data, alt: chartAlt(lang, title, data), max: 1, lines: [], hidden: [] },
      hiddenGroups: sorted.filter((g) => !codes.includes(g)).map((g) => groupName(lang, dimension, g)),
    };
  });
  const groups = allGroups.filter((g) => g.groups.length > 0);
  const groupsHidden = allGroups.filter((g) => g.groups.length === 0).map((g) => g.name);

  let trend: TrendView | null = null;
  if (report.trend.length > 0) {
    const maps = report.trend.map((t) => index(t.rows));
    const title = t(lang, 'chart.trend');
    const exp = HEADLINE[0]!;
    const data = report.trend.map((t, i) => datum(lang, t.period, maps[i]!.get(allKey(exp)), rules));
    trend = {
      periods: report.trend.map((t) => t.period),
      lines: HEADLINE.filter((h) => maps.some((m) => isPublished(m.get(allKey(h)))))
        .map((h) => ({ label: indicatorName(lang, h.indicator, h.option), cells: maps.map((m) => cellText(lang, m.get(allKey(h)), rules)) })),
      chart: { id: 'trend', title, base: t(lang, 'base.all'), published: true, data, alt: chartAlt(lang, title, data), max: 1, lines: [], hidden: [] },
      hidden: HEADLINE.filter((h) => !maps.some((m) => isPublished(m.get(allKey(h))))).map((h) => indicatorName(lang, h.indicator, h.option)),
    };
  }

  const rr = report.rows.find((r) => r.dimension === 'all' && r.indicator === 'response_rate');
  return {
    rules,
    responseRate: rr && !rr.suppressed && rr.value !== null ? { suppressed: false, text: formatValue(lang, rr.value, 'share'), interval: '', n: '' } : cellText(lang, rr, rules),
    respondents: report.respondents === null ? cellText(lang, rr, rules).text : formatNumber(lang, report.respondents),
    headcount: report.headcount === null ? cellText(lang, rr, rules).text : formatNumber(lang, report.headcount),
    headline, headlineChart, charts, chartsHidden, groups, groupsHidden, trend,
    anySuppressed: report.rows.some((r) => !isPublished(r)) || headline.some((l) => l.own.suppressed || l.parent?.suppressed || l.organisation?.suppressed)
      || (trend?.lines.some((l) => l.cells.some((c) => c.suppressed)) ?? false),
  };
}
