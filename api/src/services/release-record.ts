/**
 * The release record and its CSV, as docs/interchange.md lays them out: one place for the API
 * (JSON and CSV downloads), the command line (`release export`, `report unit`) and the
 * dashboard (`@vw/api/release-record`: its page downloads use `recordsCsv`). A suppressed row has
 * every number empty. Pure: no database, no HTTP.
 */
import { z } from 'zod';
import { formatCsv } from '../csv/parse.js';
import type { ReleaseRow } from './releases.js';

export const RELEASE_COLUMNS = ['release', 'scope', 'period', 'dimension', 'group', 'indicator', 'option', 'base', 'n', 'count', 'value', 'ci_low', 'ci_high', 'suppressed', 'reason'] as const;

/**
 * A release row as JSON (the API's `ReleaseRecord`): the CSV's columns in the API's one naming
 * convention for JSON fields (camelCase, decision 080).
 */
export const ReleaseRecordFields = z.object({
  release: z.string(),
  scope: z.string(),
  period: z.string(),
  dimension: z.string(),
  group: z.string(),
  indicator: z.string(),
  option: z.string(),
  base: z.string(),
  n: z.number().nullable(),
  count: z.number().nullable(),
  value: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  suppressed: z.boolean(),
  reason: z.string().nullable(),
});
export type ReleaseRecordJson = z.infer<typeof ReleaseRecordFields>;

const num = (v: number | null, digits = 6) => (v === null ? '' : Number.isInteger(v) ? String(v) : v.toFixed(digits));

/** A stored release row as JSON; suppressed rows have every number null. */
export function releaseRecord(r: ReleaseRow, period: string): ReleaseRecordJson {
  return {
    release: r.releaseId, scope: r.scope, period, dimension: r.dimension, group: r.group, indicator: r.indicator,
    option: r.option, base: r.base, n: r.suppressed ? null : r.n, count: r.suppressed ? null : r.count,
    value: r.suppressed ? null : r.value, ciLow: r.suppressed ? null : r.ciLow, ciHigh: r.suppressed ? null : r.ciHigh,
    suppressed: r.suppressed, reason: r.reason,
  };
}

/** One record's CSV cells, in `RELEASE_COLUMNS` order; suppressed numbers empty. */
export function recordCells(x: ReleaseRecordJson): string[] {
  return [x.release, x.scope, x.period, x.dimension, x.group, x.indicator, x.option, x.base, num(x.n), num(x.count), num(x.value), num(x.ciLow), num(x.ciHigh), String(x.suppressed), x.reason ?? ''];
}

/** The release-table CSV of some records: header row, RFC 4180 quoting, LF line ends. */
export function recordsCsv(records: readonly ReleaseRecordJson[]): string {
  return formatCsv([[...RELEASE_COLUMNS], ...records.map(recordCells)]);
}

export function releaseCsv(rows: ReleaseRow[], period: string): string {
  return recordsCsv(rows.map((r) => releaseRecord(r, period)));
}
