/**
 * The figures a unit page shows, as release-table rows, and their CSV form. The download is
 * exactly what the page shows: the unit's rows (`isOnUnitPage`), the parent's and organisation's
 * headline rows it is compared with, and the unit's rows of earlier waves in the trend.
 */
import { isHeadline, isOnUnitPage } from './catalog';
import type { ReleaseRecord, UnitReport } from './types';

export const RELEASE_COLUMNS = ['release', 'scope', 'period', 'dimension', 'group', 'indicator', 'option', 'base', 'n', 'count', 'value', 'ci_low', 'ci_high', 'suppressed', 'reason'] as const;

export function figuresOnPage(report: UnitReport): ReleaseRecord[] {
  const own = report.rows.filter(isOnUnitPage);
  const bench = [...report.benchmarks.parent, ...report.benchmarks.organisation].filter(isHeadline);
  const trend = report.trend.filter((t) => t.release !== report.release).flatMap((t) => t.rows.filter(isHeadline));
  return [...own, ...bench, ...trend];
}

// The same number format as the API's release CSV (`api/src/services/release-record.ts`).
const num = (v: number | null) => (v === null ? '' : Number.isInteger(v) ? String(v) : v.toFixed(6));

function escape(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function recordCells(x: ReleaseRecord): string[] {
  return [x.release, x.scope, x.period, x.dimension, x.group, x.indicator, x.option, x.base, num(x.n), num(x.count), num(x.value), num(x.ciLow), num(x.ciHigh), String(x.suppressed), x.reason ?? ''];
}

/** Release-table CSV (interchange.md): header row, RFC 4180 quoting, suppressed rows without numbers. */
export function releaseCsv(rows: readonly ReleaseRecord[]): string {
  return [[...RELEASE_COLUMNS], ...rows.map(recordCells)].map((r) => r.map(escape).join(',')).join('\n') + '\n';
}
