/** The look-up every repository has: the one row of a table where a column equals a value (a key). */
import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';

/** The row of `table` whose `column` (a unique key) is `value`, or undefined. */
export async function rowWhere<T extends PgTable>(db: Db, table: T, column: PgColumn, value: string | number): Promise<T['$inferSelect'] | undefined> {
  const [row] = await db.select().from(table as PgTable).where(eq(column, value));
  return row as T['$inferSelect'] | undefined;
}
