/**
 * Turns a unit report of the API into what the unit page shows. Picks and labels rows of the
 * frozen release; the only arithmetic is formatting.
 */
import type { Lang } from '$lib/i18n';
import type { IntervalDatum } from '$lib/charts/types';
import { CHARTS, DIMENSIONS, GROUP_ORDER, HEADLINE, dimensionName, groupName, indicatorName, optionName, type HeadlineSpec } from './catalog';
import { cellText, formatNumber, formatValue, type CellText, type Rules } from './format';
import { comparisonMarker, type Marker } from './direction';
import { rt, type ReportKey } from './text';
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
}

export interface GroupTable {
  dimension: string;
  name: string;
  groups: { code: string; label: string }[];
  lines: { label: string; cells: { cell: CellText; marker: Marker | null }[] }[];
  chart: ChartBlock;
}

export interface TrendView {
  periods: string[];
  lines: { label: string; cells: CellText[] }[];
  chart: ChartBlock;
}

export interface UnitView {
  rules: Rules;
  responseRate: CellText;
  respondents: string;
  headcount: string;
  headline: HeadlineLine[];
  headlineChart: ChartBlock;
  charts: ChartBlock[];
  groups: GroupTable[];
  trend: TrendView | null;
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
  return rt(lang, 'chart.alt', { title, summary });
}

export function rulesOf(report: UnitReport): Rules {
  return { k: report.organisation?.minGroupSize ?? 10, kv: report.organisation?.minVictims ?? 10 };
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
  const headlineTitle = rt(lang, 'chart.headline');
  const headlineChart: ChartBlock = {
    id: 'headline', title: headlineTitle, base: rt(lang, 'base.all'), published: true, data: headlineData, alt: chartAlt(lang, headlineTitle, headlineData), max: 1, lines: [],
  };

  const charts: ChartBlock[] = CHARTS.map((spec) => {
    const rows = report.rows.filter((r) => r.dimension === 'all' && r.indicator === spec.indicator && r.base === spec.base);
    const title = rt(lang, `chart.${spec.id}` as ReportKey);
    const data = rows.map((r) => datum(lang, optionName(lang, r.indicator, r.option), r, rules));
    return {
      id: spec.id, title, base: rt(lang, spec.base === 'victims' ? 'base.victims' : 'base.all'), published: rows.length > 0, data, alt: chartAlt(lang, title, data), max: 1,
      lines: rows.map((r) => ({ label: optionName(lang, r.indicator, r.option), cell: cellText(lang, r, rules), marker: marker(lang, cmp.get(`${key(r)}|organisation_rest`), parentName) })),
    };
  });

  const groups: GroupTable[] = DIMENSIONS.map((dimension) => {
    const present = new Set(report.rows.filter((r) => r.dimension === dimension).map((r) => r.group));
    present.add('onbekend'); // the not-disclosed group is always shown
    const order = GROUP_ORDER[dimension];
    const codes = [...present].sort((a, b) => (order.indexOf(a) === -1 ? 99 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 99 : order.indexOf(b)));
    const lines = HEADLINE.map((h) => ({
      label: indicatorName(lang, h.indicator, h.option),
      cells: codes.map((g) => {
        const k = allKey(h, dimension, g);
        return { cell: cellText(lang, own.get(k), rules), marker: marker(lang, cmp.get(`${k}|unit_rest`), parentName) };
      }),
    }));
    const exp = HEADLINE[0]!;
    const title = rt(lang, 'chart.byGroup', { dimension: dimensionName(lang, dimension) });
    const data = codes.map((g) => datum(lang, groupName(lang, dimension, g), own.get(allKey(exp, dimension, g)), rules));
    return {
      dimension, name: dimensionName(lang, dimension), groups: codes.map((code) => ({ code, label: groupName(lang, dimension, code) })), lines,
      chart: { id: `group-${dimension}`, title, base: rt(lang, 'base.all'), published: true, data, alt: chartAlt(lang, title, data), max: 1, lines: [] },
    };
  });

  let trend: TrendView | null = null;
  if (report.trend.length > 0) {
    const maps = report.trend.map((t) => index(t.rows));
    const title = rt(lang, 'chart.trend');
    const exp = HEADLINE[0]!;
    const data = report.trend.map((t, i) => datum(lang, t.period, maps[i]!.get(allKey(exp)), rules));
    trend = {
      periods: report.trend.map((t) => t.period),
      lines: HEADLINE.map((h) => ({ label: indicatorName(lang, h.indicator, h.option), cells: maps.map((m) => cellText(lang, m.get(allKey(h)), rules)) })),
      chart: { id: 'trend', title, base: rt(lang, 'base.all'), published: true, data, alt: chartAlt(lang, title, data), max: 1, lines: [] },
    };
  }

  const rr = report.rows.find((r) => r.dimension === 'all' && r.indicator === 'response_rate');
  return {
    rules,
    responseRate: rr && !rr.suppressed && rr.value !== null ? { suppressed: false, text: formatValue(lang, rr.value, 'share'), interval: '', n: '' } : cellText(lang, rr, rules),
    respondents: report.respondents === null ? cellText(lang, rr, rules).text : formatNumber(lang, report.respondents),
    headcount: report.headcount === null ? cellText(lang, rr, rules).text : formatNumber(lang, report.headcount),
    headline, headlineChart, charts, groups, trend,
  };
}
