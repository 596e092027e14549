/**
 * The figures of a unit page as a table people can use (CSV/XLSX): labels in the page's language,
 * values rounded as on the page, the parent and organisation next to the unit, the significance
 * markers in words and suppressed cells as words (never a number). The raw release table stays
 * available to researchers (`release.csv`).
 */
import type { Lang } from '$lib/i18n';
import { CHARTS, DIMENSIONS, GROUP_ORDER, HEADLINE, dimensionName, groupName, indicatorName, optionName } from './catalog';
import { comparisonMarker } from './direction';
import { formatNumber, formatValue, kindOf, rulesWith, suppressedText, type Rules } from './format';
import { t, type MessageKey } from '$lib/i18n';
import type { Comparison, ReleaseRecord, UnitReport } from './types';

/** A value cell: the number as shown on the page (rounded) and how a spreadsheet should show it. */
export interface NumberCell {
  value: number;
  format: 'percent' | 'decimal1' | 'integer';
}
export type FigureCell = string | NumberCell | null;

export interface FiguresTable {
  header: string[];
  rows: FigureCell[][];
}

const T = {
  section: ['Onderdeel', 'Section'],
  group: ['Groep', 'Group'],
  lower: ['Ondergrens 95%', 'Lower 95%'],
  upper: ['Bovengrens 95%', 'Upper 95%'],
  note: ['Toelichting', 'Note'],
  headline: ['Kerncijfers', 'Headline figures'],
  all: ['Iedereen', 'Everyone'],
  trend: ['Eerdere meting', 'Earlier wave'],
} as const;
const tr = (lang: Lang, k: keyof typeof T) => T[k][lang === 'nl' ? 0 : 1];

/** A share rounded to 0.1 percentage point, a mean to one decimal: as the page shows them. */
function num(v: number | null, kind: 'share' | 'mean'): NumberCell | null {
  if (v === null) return null;
  return kind === 'share' ? { value: Math.round(v * 1000) / 1000, format: 'percent' } : { value: Math.round(v * 10) / 10, format: 'decimal1' };
}

export function unitFiguresTable(lang: Lang, report: UnitReport): FiguresTable {
  const rules: Rules = rulesWith(report.organisation?.minGroupSize, report.organisation?.minVictims);
  const key = (r: { dimension: string; group: string; indicator: string; option: string; base: string }) => `${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`;
  const own = new Map(report.rows.map((r) => [key(r), r]));
  const parent = new Map(report.benchmarks.parent.map((r) => [key(r), r]));
  const org = new Map(report.benchmarks.organisation.map((r) => [key(r), r]));
  const cmp = new Map<string, Comparison[]>();
  for (const c of report.comparisons) cmp.set(key(c), [...(cmp.get(key(c)) ?? []), c]);
  const hasParent = report.parent !== null && report.parent.code !== report.unit.code;
  const isOrg = report.organisation?.code === report.unit.code;
  const header = [
    tr(lang, 'section'), t(lang, 'col.indicator'), tr(lang, 'group'), t(lang, 'col.period'), `${report.unit.name}`, tr(lang, 'lower'), tr(lang, 'upper'), t(lang, 'col.n'),
    ...(hasParent ? [t(lang, 'col.parent', { name: report.parent!.name })] : []), ...(!isOrg ? [t(lang, 'col.organisation')] : []),
    t(lang, 'col.significance'), tr(lang, 'note'),
  ];
  const line = (section: string, label: string, group: string, period: string, r: ReleaseRecord | undefined, withBench: boolean): FigureCell[] => {
    const k = r ? kindOf(r) : 'share';
    const hidden = !r || r.suppressed || r.value === null;
    const bench = (m: Map<string, ReleaseRecord>) => {
      const b = r ? m.get(key(r)) : undefined;
      return withBench && b && !b.suppressed ? num(b.value, kindOf(b)) : null;
    };
    const markers = r && !hidden ? (cmp.get(key(r)) ?? []).map((c) => comparisonMarker(lang, c, report.parent?.name ?? '')).filter((m) => m !== null).map((m) => m.text).join('; ') : '';
    return [
      section, label, group, period,
      hidden ? null : num(r.value, k), hidden || k === 'share' && r.indicator === 'response_rate' ? null : num(r.ciLow, k), hidden || r.indicator === 'response_rate' ? null : num(r.ciHigh, k),
      hidden || r.n === null ? null : { value: r.n, format: 'integer' },
      ...(hasParent ? [bench(parent)] : []), ...(!isOrg ? [bench(org)] : []),
      markers, hidden ? (r ? suppressedText(lang, r.reason, rules) : t(lang, 'value.notAsked')) : '',
    ];
  };
  const rows: FigureCell[][] = [];
  const all = tr(lang, 'all');
  const headKey = (h: { indicator: string; option: string }, dimension = 'all', group = 'all') => `${dimension}|${group}|${h.indicator}|${h.option}|all`;
  for (const h of HEADLINE) rows.push(line(tr(lang, 'headline'), indicatorName(lang, h.indicator, h.option), all, report.period, own.get(headKey(h)), true));
  for (const c of CHARTS) {
    const list = report.rows.filter((r) => r.dimension === 'all' && r.indicator === c.indicator && r.base === c.base);
    for (const r of list) rows.push(line(t(lang, `chart.${c.id}` as MessageKey), optionName(lang, r.indicator, r.option), all, report.period, r, false));
  }
  for (const d of DIMENSIONS) {
    const groups = [...new Set(report.rows.filter((r) => r.dimension === d).map((r) => r.group))]
      .sort((a, b) => GROUP_ORDER[d].indexOf(a) - GROUP_ORDER[d].indexOf(b));
    for (const h of HEADLINE) for (const g of groups) rows.push(line(dimensionName(lang, d), indicatorName(lang, h.indicator, h.option), groupName(lang, d, g), report.period, own.get(headKey(h, d, g)), false));
  }
  for (const t of report.trend.filter((x) => x.release !== report.release)) {
    const m = new Map(t.rows.map((r) => [key(r), r]));
    for (const h of HEADLINE) rows.push(line(tr(lang, 'trend'), indicatorName(lang, h.indicator, h.option), all, t.period, m.get(headKey(h)), false));
  }
  return { header, rows };
}

/**
 * CSV for the page's language: Dutch spreadsheets expect `;` between fields and a decimal comma,
 * English ones `,` and a decimal point; values are written as the page writes them (12,5% or
 * 3,4). A UTF-8 byte order mark lets Excel read accented names.
 */
export function figuresCsv(lang: Lang, table: FiguresTable): string {
  const sep = lang === 'nl' ? ';' : ',';
  const text = (c: FigureCell): string => {
    if (c === null) return '';
    if (typeof c === 'string') return c;
    if (c.format === 'percent') return formatValue(lang, c.value, 'share');
    if (c.format === 'decimal1') return formatValue(lang, c.value, 'mean');
    return formatNumber(lang, c.value).replace(/[.\u00a0 ]/g, '');
  };
  const quote = (v: string) => (v.includes(sep) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${[table.header, ...table.rows.map((r) => r.map(text))].map((r) => r.map(quote).join(sep)).join('\r\n')}\r\n`;
}
