/**
 * `import population FILE`: headcounts per unit × period × dimension × group, all or nothing.
 * Re-importing a row replaces its headcount.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { population } from '../db/schema.js';
import { ImportError, type RowIssue } from '../errors.js';
import { readTable } from '../csv/table.js';
import { getUnitsByCode } from '../repositories/units.js';
import { reportingDimensions } from './dimensions.js';
import type { ImportSummary } from './import-units.js';

export const POPULATION_COLUMNS = ['unit', 'period', 'dimension', 'group', 'headcount'] as const;

/** Larger than any organisation's staff, and within the column's 32-bit integer. */
export const MAX_HEADCOUNT = 10_000_000;

const PERIOD = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export async function importPopulation(db: Db, text: string, file = 'population.csv'): Promise<ImportSummary> {
  const issues: RowIssue[] = [];
  const table = readTable(text, POPULATION_COLUMNS, issues);
  const dims = reportingDimensions();
  const unitCodes = [...new Set(table.rows.map((r) => r.get('unit')))];
  const known = await getUnitsByCode(db, unitCodes);
  const seen = new Map<string, number>();
  const values: (typeof population.$inferInsert)[] = [];
  for (const row of table.rows) {
    const bad = (column: string, reason: string) => issues.push({ line: row.line, column, reason });
    const unit = known.get(row.get('unit'));
    const period = row.get('period');
    const dimension = row.get('dimension');
    const group = row.get('group');
    const headcountText = row.get('headcount');
    if (!unit) bad('unit', row.get('unit') ? `unknown unit "${row.get('unit')}"` : 'a unit code is required');
    if (!PERIOD.test(period)) bad('period', period ? `"${period}" is not a valid period code` : 'a period is required');
    if (dimension === 'all') {
      if (group !== 'all') bad('group', `dimension "all" needs group "all", not "${group}"`);
    } else if (!(dimension in dims)) {
      bad('dimension', `unknown dimension "${dimension}" (expected all, ${Object.keys(dims).join(', ')})`);
    } else if (!dims[dimension]!.includes(group)) {
      bad('group', `unknown group "${group}" for ${dimension} (expected ${dims[dimension]!.join(', ')})`);
    }
    if (!/^\d+$/.test(headcountText)) bad('headcount', `"${headcountText}" is not a whole number ≥ 0`);
    else if (Number(headcountText) > MAX_HEADCOUNT) bad('headcount', `${headcountText} is larger than any unit (at most ${MAX_HEADCOUNT})`);
    const key = `${row.get('unit')}|${period}|${dimension}|${group}`;
    const first = seen.get(key);
    if (first !== undefined) bad('group', `duplicate of line ${first}`);
    else seen.set(key, row.line);
    if (unit) values.push({ unitId: unit.id, period, dimension, group, headcount: Number(headcountText) });
  }
  if (issues.length === 0 && table.rows.length === 0) issues.push({ line: 2, column: '', reason: 'the file has no rows' });
  if (issues.length > 0) throw new ImportError(file, issues);
  await savePopulation(db, values);
  return { inserted: values.length, updated: 0 };
}

/** Upserts headcount rows in one transaction. */
export async function savePopulation(db: Db, values: (typeof population.$inferInsert)[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < values.length; i += 2000) {
      await tx.insert(population).values(values.slice(i, i + 2000)).onConflictDoUpdate({
        target: [population.unitId, population.period, population.dimension, population.group],
        set: { headcount: sql`excluded.headcount` },
      });
    }
  });
}
