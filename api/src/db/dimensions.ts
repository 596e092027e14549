/**
 * The responses' group columns, derived from the reporting dimensions declared in
 * `@vw/questionnaire` (REPORTING_DIMENSIONS): one text column per dimension, named like it
 * (`age_band`), read in drizzle under its camelCase property (`ageBand`). The schema and the
 * first migration spell the columns, as a database schema must; `test/dimensions.test.ts` holds
 * them to the declaration. Everything else (count SQL, stored rows, the submit statement) is
 * built from here.
 */
import { REPORTING_DIMENSIONS, UNKNOWN_GROUP, type ReportingDimension } from '@vw/questionnaire';
import { sql, type SQL } from 'drizzle-orm';

/** `age_band` → `ageBand`, as a type. */
type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;

/** A response row's groups, one property per reporting dimension (`gender`, `ageBand`, …). */
export type GroupColumns = { [D in ReportingDimension as Camel<D>]: string };

/** The drizzle property of a dimension's column. */
export function groupProperty<D extends ReportingDimension>(dimension: D): Camel<D> {
  return dimension.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as Camel<D>;
}

/**
 * A respondent's groups as the row's properties; `onbekend` for a dimension the instrument lacks.
 *
 * @example
 * groupColumns({ gender: 'man', age_band: '25_34' }); // { gender: 'man', ageBand: '25_34', personnelType: 'onbekend', rankGroup: 'onbekend' }
 */
export function groupColumns(groups: Readonly<Record<string, string>>): GroupColumns {
  const out = {} as GroupColumns;
  for (const d of REPORTING_DIMENSIONS) out[groupProperty(d)] = groups[d] ?? UNKNOWN_GROUP;
  return out;
}

/** The group columns of a table alias, in declaration order (`r."gender", r."age_band", …`). */
export function groupColumnsOf(alias: string): SQL {
  return sql.join(REPORTING_DIMENSIONS.map((d) => sql`${sql.identifier(alias)}.${sql.identifier(d)}`), sql`, `);
}

/** The group columns' names for an insert, in declaration order. */
export const GROUP_COLUMN_NAMES: SQL = sql.join(REPORTING_DIMENSIONS.map((d) => sql.identifier(d)), sql`, `);

/** A row's groups as the values of `GROUP_COLUMN_NAMES`, same order. */
export function groupValues(row: GroupColumns): SQL {
  return sql.join(REPORTING_DIMENSIONS.map((d) => sql`${row[groupProperty(d)]}`), sql`, `);
}
