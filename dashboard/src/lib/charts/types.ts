/** One bar: what it stands for and how long it is, already computed by the caller. */
export interface BarDatum {
  label: string;
  value: number;
}

/** One bar with its 95% interval; a suppressed datum has no numbers, only `valueText` saying why. */
export interface IntervalDatum {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** The value (or the suppression reason) as text, shown next to the bar. */
  valueText: string;
  suppressed: boolean;
  /** Reference values (parent unit, organisation) drawn as ticks. */
  refs?: { value: number; kind: 'parent' | 'organisation' }[];
}

/** One unit in a funnel plot. */
export interface FunnelPoint {
  /** The unit's path (its name with ancestors where needed to tell it apart). */
  label: string;
  n: number;
  value: number;
  position: 'above998' | 'above95' | 'inside' | 'below95' | 'below998';
  /** The position judged by the indicator's direction: colours follow this, never `position` alone. */
  tone: 'better' | 'worse' | 'neutral';
  /** The unit's report. */
  href: string;
}

export interface FunnelLine {
  n: number;
  lower998: number;
  lower95: number;
  upper95: number;
  upper998: number;
}

/**
 * One heatmap cell: a published value with its comparison against the rest of the organisation
 * (`tone` by the indicator's direction when significant, ▲/▼ for higher/lower), or a hidden one
 * without any number.
 */
export type HeatmapCell =
  | { suppressed: false; value: number; tone: 'better' | 'worse' | 'neutral'; symbol: '▲' | '▼' | null; title: string }
  | { suppressed: true; title: string };

export interface HeatmapRow {
  label: string;
  cells: HeatmapCell[];
}
