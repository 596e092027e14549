/**
 * The yearly organisation-wide report (decision 031): the organisation's headline figures for the
 * latest pooled window with intervals, the branches (first tier below the root) against the rest
 * of the organisation with their BH-adjusted significance, the headline figures by demographic
 * group, and the trend over non-overlapping windows. Frozen release rows and published
 * comparisons only.
 */
import type { Lang } from '$lib/i18n';
import type { IntervalDatum } from '$lib/charts/types';
import { DIMENSIONS, GROUP_ORDER, HEADLINE, dimensionName, groupName, headlineKey, indicatorName, type Dimension, type HeadlineSpec } from './catalog';
import { cellText, type CellText, type Rules } from './format';
import { comparisonMarker, type Marker } from './direction';
import { t } from '$lib/i18n';
import type { Comparison, ReleaseRecord } from './types';

export interface Marked {
  cell: CellText;
  marker: Marker | null;
}

export interface YearlyInput {
  lang: Lang;
  rules: Rules;
  root: { code: string; name: string };
  branches: { code: string; name: string }[];
  /** Rows with dimension `all` of the root and the branches, and their comparisons. */
  rows: ReleaseRecord[];
  comparisons: Comparison[];
  /** The root's rows and comparisons per demographic dimension. */
  groups: Partial<Record<Dimension, { rows: ReleaseRecord[]; comparisons: Comparison[] }>>;
  /** The root's `all` rows in each non-overlapping window, oldest first. */
  trend: { period: string; rows: ReleaseRecord[] }[];
}

export interface YearlyView {
  headline: { key: string; label: string; cell: CellText }[];
  charts: { id: string; data: IntervalDatum[]; max: number; alt: string }[];
  branches: { columns: string[]; lines: { label: string; cells: Marked[] }[] };
  groups: { dimension: Dimension; name: string; columns: string[]; lines: { label: string; cells: Marked[] }[] }[];
  trend: { periods: string[]; lines: { label: string; cells: CellText[] }[] };
}

const allKey = (scope: string, h: HeadlineSpec, dimension = 'all', group = 'all') => `${scope}|${dimension}|${group}|${h.indicator}|${h.option}|all`;
const rowKey = (r: { scope: string; dimension: string; group: string; indicator: string; option: string; base: string }) => `${r.scope}|${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`;

export function buildYearlyView(i: YearlyInput): YearlyView {
  const { lang, rules } = i;
  const rows = new Map(i.rows.map((r) => [rowKey(r), r]));
  const cmp = new Map(i.comparisons.filter((c) => c.against === 'organisation_rest').map((c) => [rowKey(c), c]));
  const label = (h: HeadlineSpec) => indicatorName(lang, h.indicator, h.option);
  const marker = (c: Comparison | undefined) => comparisonMarker(lang, c);

  const headline = HEADLINE.map((h) => ({ key: headlineKey(h), label: label(h), cell: cellText(lang, rows.get(allKey(i.root.code, h)), rules) }));
  const chart = (id: string, specs: readonly HeadlineSpec[], max: number) => {
    const data: IntervalDatum[] = specs.map((h) => {
      const r = rows.get(allKey(i.root.code, h));
      const cell = cellText(lang, r, rules);
      const ok = !!r && !r.suppressed && r.value !== null;
      return { label: label(h), value: ok ? r.value : null, low: ok ? r.ciLow : null, high: ok ? r.ciHigh : null, suppressed: !ok, valueText: cell.suppressed ? cell.text : `${cell.text} (${cell.interval})` };
    });
    return { id, data, max, alt: t(lang, 'chart.alt', { title: t(lang, 'yr.headline'), summary: data.map((d) => `${d.label} ${d.valueText}`).join('; ') }) };
  };
  const shares = HEADLINE.filter((h) => h.kind === 'share');
  const scales = HEADLINE.filter((h) => h.kind === 'mean' && (h.max ?? 5) === 5);
  const marks = HEADLINE.filter((h) => h.kind === 'mean' && (h.max ?? 5) !== 5);
  const charts = [chart('shares', shares, 1), chart('scales', scales, 5), ...(marks.length ? [chart('marks', marks, Math.max(...marks.map((h) => h.max ?? 10)))] : [])];

  const branches = {
    columns: i.branches.map((b) => b.name),
    lines: HEADLINE.map((h) => ({
      label: label(h),
      cells: i.branches.map((b) => {
        const cell = cellText(lang, rows.get(allKey(b.code, h)), rules);
        return { cell, marker: cell.suppressed ? null : marker(cmp.get(allKey(b.code, h))) };
      }),
    })),
  };

  const groups = DIMENSIONS.filter((d) => i.groups[d]).map((d) => {
    const g = i.groups[d]!;
    const gRows = new Map(g.rows.map((r) => [rowKey(r), r]));
    const gCmp = new Map(g.comparisons.filter((c) => c.against === 'unit_rest' && c.scope === i.root.code).map((c) => [rowKey(c), c]));
    const present = new Set([...g.rows.map((r) => r.group), 'onbekend']);
    const order = GROUP_ORDER[d];
    const rank = (x: string) => (order.indexOf(x) === -1 ? 99 : order.indexOf(x));
    const codes = [...present].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return {
      dimension: d, name: dimensionName(lang, d), columns: codes.map((c) => groupName(lang, d, c)),
      lines: HEADLINE.map((h) => ({
        label: label(h),
        cells: codes.map((c) => {
          const cell = cellText(lang, gRows.get(allKey(i.root.code, h, d, c)), rules);
          return { cell, marker: cell.suppressed ? null : marker(gCmp.get(allKey(i.root.code, h, d, c))) };
        }),
      })),
    };
  });

  const trendMaps = i.trend.map((t) => new Map(t.rows.map((r) => [rowKey(r), r])));
  const trend = {
    periods: i.trend.map((t) => t.period),
    lines: HEADLINE.map((h) => ({ label: label(h), cells: trendMaps.map((m) => cellText(lang, m.get(allKey(i.root.code, h)), rules)) })),
  };
  return { headline, charts, branches, groups, trend };
}
