/**
 * The figures a unit page shows, as release-table rows, and their CSV form. The download is
 * exactly what the page shows: the unit's rows (`isOnUnitPage`), the parent's and organisation's
 * headline rows it is compared with, and the unit's rows of earlier waves in the trend.
 */
import { isHeadline, isOnUnitPage } from './catalog';
import type { ReleaseRecord, UnitReport } from './types';

export { RELEASE_COLUMNS, recordCells, recordsCsv as releaseCsv } from '@vw/api/release-record';

export function figuresOnPage(report: UnitReport): ReleaseRecord[] {
  const own = report.rows.filter(isOnUnitPage);
  const bench = [...report.benchmarks.parent, ...report.benchmarks.organisation].filter(isHeadline);
  const trend = report.trend.filter((t) => t.release !== report.release).flatMap((t) => t.rows.filter(isHeadline));
  return [...own, ...bench, ...trend];
}
