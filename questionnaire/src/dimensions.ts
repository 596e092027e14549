import { dimensionGroups } from './derive.js';
import type { InstrumentDefinition } from './schema.js';

/**
 * The reporting dimensions, declared once. Every figure is published for `all` and for each group
 * of each of these, in this order. What follows from the declaration, and where:
 * - **name**: the code in an instrument's `dimensions`, a release row's `dimension`, and the column
 *   of `responses` that stores a respondent's group (the API's schema and count SQL, the grouping
 *   bitmasks, the stored row and the submit statement are derived from this list);
 * - **groups and how a response maps to one**: the instrument's, through `dimensionGroups` and
 *   `reportingGroups` (a background item of that code, or a derived dimension whose first
 *   disclosed source wins; `onbekend` otherwise), see `reportingDimensionGroups`;
 * - **labels**: each app's message table, under `dimensionLabelKey` and `groupLabelKey`.
 */
export const REPORTING_DIMENSIONS = ['gender', 'age_band', 'personnel_type', 'rank_group'] as const;

export type ReportingDimension = (typeof REPORTING_DIMENSIONS)[number];

/**
 * Whether a code names a reporting dimension (not `all`).
 *
 * @example
 * isReportingDimension('rank_group'); // true
 */
export function isReportingDimension(code: string): code is ReportingDimension {
  return (REPORTING_DIMENSIONS as readonly string[]).includes(code);
}

/**
 * The groups of every reporting dimension as an instrument defines them, `onbekend` last.
 *
 * @example
 * reportingDimensionGroups(werkbeleving).gender; // ['man', 'vrouw', 'anders', 'onbekend']
 */
export function reportingDimensionGroups(def: InstrumentDefinition): Record<ReportingDimension, readonly string[]> {
  const groups = {} as Record<ReportingDimension, readonly string[]>;
  for (const d of REPORTING_DIMENSIONS) groups[d] = dimensionGroups(def, d);
  return groups;
}

/** The message key of a dimension's label (`gender`). */
export function dimensionLabelKey(dimension: string): string {
  return dimension;
}

/** The message key of a group's label (`gender.man`). */
export function groupLabelKey(dimension: string, group: string): string {
  return `${dimension}.${group}`;
}
