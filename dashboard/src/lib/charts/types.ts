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
  label: string;
  n: number;
  value: number;
  position: 'above998' | 'above95' | 'inside' | 'below95' | 'below998';
}

export interface FunnelLine {
  n: number;
  lower998: number;
  lower95: number;
  upper95: number;
  upper998: number;
}

/** One heatmap cell: a published value (with its place in its column, 0–1) or a hidden one without any number. */
export type HeatmapCell =
  | { suppressed: false; value: number; shade: number; significance: 'higher' | 'lower' | null; title: string }
  | { suppressed: true; title: string };

export interface HeatmapRow {
  label: string;
  cells: HeatmapCell[];
}
