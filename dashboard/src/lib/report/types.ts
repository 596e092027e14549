/** Shapes of the API's release answers that the report pages read (api/src/routes/releases). */

/** One row of the release table (interchange.md). A suppressed row has every number null. */
export interface ReleaseRecord {
  release: string;
  scope: string;
  period: string;
  dimension: string;
  group: string;
  indicator: string;
  option: string;
  base: string;
  n: number | null;
  count: number | null;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  suppressed: boolean;
  reason: string | null;
}

/** A comparison published with a release (difference, interval, BH-adjusted p). */
export interface Comparison {
  scope: string;
  dimension: string;
  group: string;
  indicator: string;
  option: string;
  base: string;
  against: string;
  difference: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
  pAdjusted: number;
  significant: boolean;
}

export interface ReleaseChoice {
  id: string;
  period: string;
  kind: 'wave' | 'window';
}

export interface UnitReport {
  release: string;
  period: string;
  kind: 'wave' | 'window';
  frozenAt: string;
  unit: { code: string; name: string; level: string };
  parent: { code: string; name: string } | null;
  organisation: { code: string; name: string; minGroupSize: number; minVictims: number } | null;
  ownReport: boolean;
  /** For a window: the unit's wave whose respondents the window repeats for this unit. */
  sameAsWave: { release: string; period: string } | null;
  /** Other releases in which the unit has a report of its own. */
  withOwnReport: ReleaseChoice[];
  respondents: number | null;
  headcount: number | null;
  rows: ReleaseRecord[];
  comparisons: Comparison[];
  benchmarks: { parent: ReleaseRecord[]; organisation: ReleaseRecord[] };
  children: { code: string; name: string; level: string; hasFigures: boolean }[];
  releases: ReleaseChoice[];
  trend: { release: string; period: string; rows: ReleaseRecord[] }[];
}

export interface ReleaseMeta {
  id: string;
  organisation: string;
  period: string;
  kind: 'wave' | 'window';
  frozenAt: string;
  rules: { k?: number; kVictims?: number; perpetratorMaxDepth?: number };
  scopes: { code: string; name: string; level: string; parent: string | null }[];
}

export interface ReleaseListItem {
  id: string;
  organisation: string;
  period: string;
  kind: 'wave' | 'window';
  frozenAt: string;
  rules: { k?: number; kVictims?: number };
  /** For admins and researchers only (decision 040): rules, suppressed rows per reason, audit. */
  disclosure?: DisclosureSummary | null;
}

/** A release's disclosure summary: aggregates over the whole release, no cell's numbers. */
export interface DisclosureSummary {
  rules: { k: number; kVictims: number; perpetratorMaxDepth: number; decimals: number };
  rowsByReason: Record<string, number>;
  perIndicator: { enabled?: boolean; indicators: number; cells: number; byGrid: Record<string, number>; byDepth: Record<string, number> };
  audit: { passed: boolean; checks: string[]; lpSolves: number; seconds: number; at: string };
}
