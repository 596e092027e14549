/**
 * The organisation overview: units of one tier side by side on one indicator (table, heatmap,
 * funnel plot), the indicator by demographic group, and the trend over non-overlapping windows.
 * Everything is picked from frozen release rows and their published comparisons; the funnel's
 * control limits are display geometry around the organisation's published value.
 */
import type { Lang } from '$lib/i18n';
import type { FunnelLine, FunnelPoint, HeatmapRow, IntervalDatum } from '$lib/charts/types';
import { HEADLINE, groupName, GROUP_ORDER, indicatorName, type Dimension, type HeadlineSpec } from './catalog';
import { cellText, formatNumber, formatValue, type CellText, type Rules } from './format';
import { funnelGrid, funnelLimits, funnelPosition } from '@vw/analysis/stats';
import { comparisonMarker, directionOf, funnelTone, type IndicatorDirection, type Marker } from './direction';
import { t } from '$lib/i18n';
import type { Comparison, ReleaseMeta, ReleaseRecord } from './types';

export interface Scope {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  depth: number;
}

/** Scopes with their depth in the tree (root = 0), and the tiers in tree order. */
const withDepth = new WeakMap<ReleaseMeta, { scopes: Scope[]; tiers: string[]; root: Scope | undefined }>();

/** A release's scopes with their depth, its tiers top down and its root (memoised per meta object: a frozen release's meta is cached). */
export function scopesWithDepth(meta: ReleaseMeta): { scopes: Scope[]; tiers: string[]; root: Scope | undefined } {
  let hit = withDepth.get(meta);
  if (!hit) withDepth.set(meta, (hit = computeScopesWithDepth(meta)));
  return hit;
}

function computeScopesWithDepth(meta: ReleaseMeta): { scopes: Scope[]; tiers: string[]; root: Scope | undefined } {
  const byCode = new Map(meta.scopes.map((s) => [s.code, s]));
  const depth = (code: string): number => {
    let d = 0;
    for (let s = byCode.get(code); s?.parent && byCode.has(s.parent) && d < 50; s = byCode.get(s.parent)) d++;
    return d;
  };
  const scopes = meta.scopes.map((s) => ({ ...s, depth: depth(s.code) }));
  const tierDepth = new Map<string, number>();
  for (const s of scopes) tierDepth.set(s.level, Math.min(tierDepth.get(s.level) ?? 99, s.depth));
  const tiers = [...tierDepth.entries()].sort((a, b) => a[1] - b[1]).map(([level]) => level);
  return { scopes, tiers, root: scopes.find((s) => s.depth === 0 && s.code === meta.organisation) ?? scopes.find((s) => s.depth === 0) };
}

const k5 = (r: { dimension: string; group: string; indicator: string; option: string; base: string }) => `${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`;

export interface UnitLine {
  code: string;
  name: string;
  /** The name with as many ancestors as it takes to tell units of several parents apart. */
  path: string;
  parentName: string;
  cell: CellText;
  value: number | null;
  n: number | null;
  difference: string;
  pAdjusted: string;
  marker: Marker | null;
  position: FunnelPoint['position'] | null;
  /** The funnel position judged by the indicator's direction. */
  positionTone: 'better' | 'worse' | 'neutral';
}

export interface HeatCell {
  text: string;
  suppressed: boolean;
  /** Significantly better/worse than the rest of the organisation, by the indicator's direction. */
  tone: 'better' | 'worse' | 'neutral' | 'hidden';
  /** ▲/▼ when significantly higher/lower. */
  symbol: '▲' | '▼' | null;
  label: string;
  /** The published value; null when hidden. */
  value: number | null;
}

/** Above this many units a heatmap chart is taller than any screen; the coloured table shows them all. */
export const HEATMAP_CHART_MAX = 80;

export interface OrgView {
  spec: HeadlineSpec;
  indicatorLabel: string;
  orgText: string;
  lines: UnitLine[];
  heatmap: HeatmapRow[];
  heat: { columns: { key: string; label: string; direction: IndicatorDirection }[]; rows: { code: string; name: string; path: string; cells: HeatCell[] }[] };
  funnel: { points: FunnelPoint[]; lines: FunnelLine[]; target: number; yDomain: [number, number]; alt: string; counts: Record<string, number> } | null;
  groups: { label: string; cell: CellText; marker: Marker | null }[];
  groupChart: IntervalDatum[];
}

export interface OrgInput {
  lang: Lang;
  rules: Rules;
  spec: HeadlineSpec;
  tier: string;
  dimension: Dimension;
  scopes: Scope[];
  root: Scope;
  /** Rows with dimension `all` over every scope, and their comparisons. */
  rows: ReleaseRecord[];
  comparisons: Comparison[];
  /** Link to a unit's report in this release. */
  unitHref?: (code: string) => string;
  /** The organisation's rows for the chosen dimension and indicator, and their comparisons. */
  groupRows: ReleaseRecord[];
  groupComparisons: Comparison[];
}

// A release's organisation-wide rows (~100,000 on the defence demo) are indexed once per rows
// array, not once per view: the page builds many views (tier, figure, language) from one release.
// The heatmap shows every headline figure, so it depends on the tier and language only, not on
// the figure or breakdown picked: it is kept with the index too.
const indexes = new WeakMap<readonly ReleaseRecord[], {
  comparisons: readonly Comparison[]; rowMap: Map<string, ReleaseRecord>; cmpMap: Map<string, Comparison>; heat: Map<string, Pick<OrgView, 'heat' | 'heatmap'>>;
}>();
function indexed(rows: readonly ReleaseRecord[], comparisons: readonly Comparison[]) {
  let e = indexes.get(rows);
  if (!e || e.comparisons !== comparisons) {
    e = {
      comparisons,
      rowMap: new Map(rows.map((r) => [`${r.scope}|${k5(r)}`, r])),
      cmpMap: new Map(comparisons.map((c) => [`${c.scope}|${k5(c)}|${c.against}`, c])),
      heat: new Map(),
    };
    indexes.set(rows, e);
  }
  return e;
}

export function buildOrgView(i: OrgInput): OrgView {
  const { lang, rules, spec } = i;
  const { rowMap, cmpMap, heat: heats } = indexed(i.rows, i.comparisons);
  const names = new Map(i.scopes.map((s) => [s.code, s.name]));
  const key = (h: HeadlineSpec) => k5({ dimension: 'all', group: 'all', indicator: h.indicator, option: h.option, base: 'all' });
  const fmt = (v: number) => formatValue(lang, v, spec.kind);
  const orgRow = rowMap.get(`${i.root.code}|${key(spec)}`);
  const orgCell = cellText(lang, orgRow, rules);
  const target = orgRow && !orgRow.suppressed ? orgRow.value : null;
  const paths = unitPaths(i.scopes, i.scopes.filter((s) => s.level === i.tier).map((s) => s.code));
  // Tree order: by path, so the units of one parent stay together.
  const tierScopes = i.scopes.filter((s) => s.level === i.tier).sort((a, b) => paths.get(a.code)!.localeCompare(paths.get(b.code)!));
  const unitHref = i.unitHref ?? ((code: string) => `/unit/${encodeURIComponent(code)}`);
  const pathOf = (code: string) => paths.get(code) ?? names.get(code) ?? code;

  const sig = (c: Comparison | undefined) => comparisonMarker(lang, c);

  // Funnel limits around the organisation's value.
  let funnel: OrgView['funnel'] = null;
  const published = tierScopes.map((s) => rowMap.get(`${s.code}|${key(spec)}`)).filter((r): r is ReleaseRecord => !!r && !r.suppressed && r.value !== null && r.n !== null && r.n > 0);
  const limitAt = new Map<number, FunnelLine>();
  if (target !== null && orgRow && published.length) {
    const sd = spec.kind === 'mean' && orgRow.n && orgRow.ciHigh !== null && orgRow.ciLow !== null ? ((orgRow.ciHigh - orgRow.ciLow) / 2 / 1.959964) * Math.sqrt(orgRow.n) : 1;
    const ns = published.map((r) => r.n!);
    const grid = funnelGrid(Math.max(2, Math.min(...ns) * 0.8), Math.max(...ns) * 1.1);
    const lines = funnelLimits(grid, target, spec.kind, sd);
    for (const l of funnelLimits([...new Set(ns)], target, spec.kind, sd)) limitAt.set(l.n, l);
    const points: FunnelPoint[] = published.map((r) => {
      const position = funnelPosition(r.value!, limitAt.get(r.n!)!);
      return { label: pathOf(r.scope), n: r.n!, value: r.value!, position, tone: funnelTone(spec.indicator, position), href: unitHref(r.scope) };
    });
    const values = [...points.map((p) => p.value), ...lines.flatMap((l) => [l.lower998, l.upper998])];
    const lo = spec.kind === 'share' ? 0 : Math.max(1, Math.min(...values) - 0.1);
    const hi = spec.kind === 'share' ? Math.min(1, Math.max(...values) * 1.05) : Math.min(spec.max ?? 10, Math.max(...values) + 0.1);
    const counts = { inside: 0, above: 0, below: 0, hidden: tierScopes.length - published.length };
    for (const p of points) {
      if (p.position === 'inside') counts.inside++;
      else if (p.position.startsWith('above')) counts.above++;
      else counts.below++;
    }
    funnel = {
      points, lines, target, yDomain: [lo, hi], counts,
      alt: t(lang, 'org.funnelAlt', { indicator: indicatorName(lang, spec.indicator, spec.option), inside: counts.inside, above: counts.above, below: counts.below, hidden: counts.hidden }),
    };
  }

  const lines: UnitLine[] = tierScopes.map((s) => {
    const r = rowMap.get(`${s.code}|${key(spec)}`);
    const c = cmpMap.get(`${s.code}|${key(spec)}|organisation_rest`);
    const ok = r && !r.suppressed && r.value !== null;
    const lim = ok && r.n !== null ? limitAt.get(r.n) : undefined;
    const position = ok && lim ? funnelPosition(r.value!, lim) : null;
    return {
      code: s.code, name: s.name, path: pathOf(s.code), parentName: s.parent ? names.get(s.parent) ?? s.parent : '',
      cell: cellText(lang, r, rules), value: ok ? r.value : null, n: ok ? r.n : null,
      difference: c ? (spec.kind === 'share' ? `${c.difference > 0 ? '+' : ''}${formatValue(lang, c.difference, 'share')}` : `${c.difference > 0 ? '+' : ''}${formatValue(lang, c.difference, 'mean')}`) : '',
      // In the page's number format: a decimal comma in Dutch, like every other figure.
      pAdjusted: c ? (c.pAdjusted < 0.001 ? `< ${formatNumber(lang, 0.001, 3)}` : formatNumber(lang, c.pAdjusted, 3)) : '',
      marker: sig(c),
      position,
      positionTone: position ? funnelTone(spec.indicator, position) : 'neutral',
    };
  });

  const heatKey = `${i.tier}|${lang}|${rules.k}|${rules.kv}`;
  let heatEntry = heats.get(heatKey);
  if (!heatEntry) {
    const heat = {
      columns: HEADLINE.map((h) => ({ key: `${h.indicator}|${h.option}`, label: indicatorName(lang, h.indicator, h.option), direction: directionOf(h.indicator) })),
      rows: tierScopes.map((s) => ({
        code: s.code, name: s.name, path: pathOf(s.code),
        cells: HEADLINE.map((h): HeatCell => {
          const r = rowMap.get(`${s.code}|${key(h)}`);
          const cell = cellText(lang, r, rules);
          if (cell.suppressed || !r || r.value === null) return { text: cell.text, suppressed: true, tone: 'hidden', symbol: null, label: cell.text, value: null };
          const m = sig(cmpMap.get(`${s.code}|${key(h)}|organisation_rest`));
          return { text: cell.text, suppressed: false, tone: m?.tone ?? 'neutral', symbol: m?.symbol ?? null, label: m ? `${cell.text}, ${m.text}` : cell.text, value: r.value };
        }),
      })),
    };
    heatEntry = { heat, heatmap: heat.rows.length <= HEATMAP_CHART_MAX ? heatmapRows(heat.rows, heat.columns.map((c) => c.label)) : [] };
    heats.set(heatKey, heatEntry);
  }
  const { heat, heatmap } = heatEntry;

  const gRows = new Map(i.groupRows.map((r) => [r.group, r]));
  const gCmp = new Map(i.groupComparisons.filter((c) => c.scope === i.root.code && c.against === 'unit_rest' && c.indicator === spec.indicator && c.option === spec.option).map((c) => [c.group, c]));
  const present = new Set([...gRows.keys(), 'onbekend']);
  const order = GROUP_ORDER[i.dimension];
  const codes = [...present].sort((a, b) => (order.indexOf(a) === -1 ? 99 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 99 : order.indexOf(b)));
  const groups = codes.map((g) => {
    const c = gCmp.get(g);
    return {
      label: groupName(lang, i.dimension, g), cell: cellText(lang, gRows.get(g), rules),
      marker: comparisonMarker(lang, c),
    };
  });
  const groupChart: IntervalDatum[] = codes.map((g) => {
    const r = gRows.get(g);
    const cell = cellText(lang, r, rules);
    const ok = r && !r.suppressed && r.value !== null;
    return { label: groupName(lang, i.dimension, g), value: ok ? r.value : null, low: ok ? r.ciLow : null, high: ok ? r.ciHigh : null, suppressed: !ok, valueText: cell.suppressed ? cell.text : `${cell.text} (${cell.interval})` };
  });

  return {
    spec,
    heatmap,
    indicatorLabel: indicatorName(lang, spec.indicator, spec.option),
    orgText: orgCell.suppressed || !orgRow ? orgCell.text : t(lang, 'org.orgValue', { organisation: i.root.name, value: orgCell.text, low: orgRow.ciLow !== null ? fmt(orgRow.ciLow) : '', high: orgRow.ciHigh !== null ? fmt(orgRow.ciHigh) : '', n: orgRow.n ?? '' }),
    lines, heat, funnel, groups, groupChart,
  };
}

/** Years a period covers: `2018-2021` → [2018, 2021]; `DEF-2024` → [2024, 2024]. */
export function periodYears(period: string): [number, number] | null {
  const w = /^(\d{4})-(\d{4})$/.exec(period);
  if (w) return [Number(w[1]), Number(w[2])];
  const y = /(\d{4})$/.exec(period);
  return y ? [Number(y[1]), Number(y[1])] : null;
}

/**
 * The newest build of each period, newest period first (by the last then the first year it
 * covers; `releases` as the API lists them, newest build first).
 */
export function latestPerPeriod<T extends { period: string }>(releases: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const r of releases) if (!seen.has(r.period)) { seen.add(r.period); out.push(r); }
  const years = (p: string) => periodYears(p) ?? [0, 0];
  return out.sort((a, b) => years(b.period)[1] - years(a.period)[1] || years(b.period)[0] - years(a.period)[0]);
}

/**
 * Windows that do not overlap, newest first: the latest window, then the latest one ending before
 * it starts, and so on (docs/methods.md: compare only non-overlapping windows).
 */
export function nonOverlappingWindows<T extends { period: string }>(windows: readonly T[]): T[] {
  const withYears = windows.map((w) => ({ w, y: periodYears(w.period) })).filter((x): x is { w: T; y: [number, number] } => x.y !== null)
    .sort((a, b) => b.y[1] - a.y[1] || b.y[0] - a.y[0]);
  const out: T[] = [];
  let before = Infinity;
  for (const x of withYears) {
    if (x.y[1] < before) {
      out.push(x.w);
      before = x.y[0];
    }
  }
  return out.reverse();
}

/**
 * Heatmap rows for the chart. Shading is anchored to significance, not to the spread of the
 * column: a cell is coloured only when its published comparison with the rest of the organisation
 * is significant after BH, blue when that is better and orange when it is worse by the
 * indicator's direction (grey for a neutral indicator); everything else stays light grey, so
 * 7.0 against 7.3 never looks dramatic. Hidden cells keep only their reason, no number.
 */
export function heatmapRows(rows: readonly { path: string; cells: readonly HeatCell[] }[], columns: readonly string[] = []): HeatmapRow[] {
  return rows.map((r) => ({
    label: r.path,
    cells: r.cells.map((c, j) => {
      const title = columns[j] ? `${columns[j]}: ${c.label}` : c.label;
      if (c.suppressed || c.value === null) return { suppressed: true as const, title };
      return { suppressed: false as const, value: c.value, tone: c.tone === 'hidden' ? 'neutral' : c.tone, symbol: c.symbol, title };
    }),
  }));
}

/**
 * Labels that tell units apart: a unit's name, preceded by as many ancestors (nearest first) as
 * it takes for every label in `codes` to be unique, and always by the parent when the units have
 * more than one parent ("13 Lichte Brigade › 13 Bevo › A-compagnie"). The root is never shown.
 */
export function unitPaths(scopes: readonly Pick<Scope, 'code' | 'name' | 'parent'>[], codes: readonly string[]): Map<string, string> {
  const byCode = new Map(scopes.map((s) => [s.code, s]));
  const chain = (code: string): string[] => {
    const out: string[] = [];
    for (let s = byCode.get(code); s && out.length < 20; s = s.parent ? byCode.get(s.parent) : undefined) out.unshift(s.name);
    return out.slice(1); // without the root
  };
  const chains = new Map(codes.map((c) => [c, chain(c)]));
  const parents = new Set(codes.map((c) => byCode.get(c)?.parent ?? ''));
  const depth = new Map(codes.map((c) => [c, parents.size > 1 ? 2 : 1]));
  const label = (c: string) => { const ch = chains.get(c)!; return ch.slice(Math.max(0, ch.length - depth.get(c)!)).join(' › ') || (byCode.get(c)?.name ?? c); };
  for (let round = 0; round < 20; round++) {
    const seen = new Map<string, string[]>();
    for (const c of codes) seen.set(label(c), [...(seen.get(label(c)) ?? []), c]);
    const clashes = [...seen.values()].filter((cs) => cs.length > 1).flat().filter((c) => depth.get(c)! < chains.get(c)!.length);
    if (clashes.length === 0) break;
    for (const c of clashes) depth.set(c, depth.get(c)! + 1);
  }
  return new Map(codes.map((c) => [c, label(c)]));
}

export interface WaveTrend {
  periods: string[];
  rows: { code: string; path: string; cells: CellText[] }[];
}

/**
 * Per-wave figures of the units of one tier that have a row in every wave (were surveyed in
 * each), oldest wave first. Labels are unit paths (as in the heatmap) where the tier mixes parents.
 */
export function buildWaveTrend(
  lang: Lang, rules: Rules, spec: HeadlineSpec, scopes: readonly Scope[], tier: string, waves: readonly { period: string; rows: readonly ReleaseRecord[] }[],
): WaveTrend {
  const tierScopes = scopes.filter((s) => s.level === tier);
  const pick = waves.map((w) => new Map(w.rows.filter((r) => r.option === spec.option && r.base === 'all' && r.group === 'all').map((r) => [r.scope, r])));
  const inEvery = tierScopes.filter((s) => pick.every((m) => m.has(s.code)));
  const names = unitPaths(scopes, inEvery.map((s) => s.code));
  return {
    periods: waves.map((w) => w.period),
    rows: inEvery.map((s) => ({ code: s.code, path: names.get(s.code) ?? s.name, cells: pick.map((m) => cellText(lang, m.get(s.code), rules)) }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}
