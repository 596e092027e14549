/**
 * The release record and its CSV, as docs/interchange.md lays them out: one place for the API
 * (JSON and CSV downloads), the command line (`release export`, `report unit`) and the
 * dashboard's types (through the API's contract). A suppressed row has every number empty.
 */
import { formatCsv } from '../csv/parse.js';
import type { ReleaseRow } from './releases.js';

export const RELEASE_COLUMNS = ['release', 'scope', 'period', 'dimension', 'group', 'indicator', 'option', 'base', 'n', 'count', 'value', 'ci_low', 'ci_high', 'suppressed', 'reason'] as const;

const num = (v: number | null, digits = 6) => (v === null ? '' : Number.isInteger(v) ? String(v) : v.toFixed(digits));

/**
 * A release row in JSON: the CSV's columns with the API's one naming convention for JSON fields
 * (camelCase: `ciLow`, `ciHigh`; decision 080). Suppressed rows have every number null.
 */
export function releaseRecord(r: ReleaseRow, period: string) {
  return {
    release: r.releaseId, scope: r.scope, period, dimension: r.dimension, group: r.group, indicator: r.indicator,
    option: r.option, base: r.base, n: r.suppressed ? null : r.n, count: r.suppressed ? null : r.count,
    value: r.suppressed ? null : r.value, ciLow: r.suppressed ? null : r.ciLow, ciHigh: r.suppressed ? null : r.ciHigh,
    suppressed: r.suppressed, reason: r.reason,
  };
}

export function releaseCsv(rows: ReleaseRow[], period: string): string {
  return formatCsv([
    [...RELEASE_COLUMNS],
    ...rows.map((r) => {
      const x = releaseRecord(r, period);
      return [x.release, x.scope, x.period, x.dimension, x.group, x.indicator, x.option, x.base, num(x.n), num(x.count), num(x.value), num(x.ciLow), num(x.ciHigh), String(x.suppressed), x.reason ?? ''];
    }),
  ]);
}

