/**
 * Who may read what. Release routes call `canReadUnit` (or `assertCanReadUnit`) for the unit a
 * request names, and `auditRead` for every report or export they serve.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows, sql } from '../db/client.js';
import { auditLog, units } from '../db/schema.js';
import { AuthError } from './errors.js';
import type { SessionUser } from './session.js';

/**
 * Whether `user` may read results of `unit` (an id, or a unit code):
 * an admin without organisation reads everything, an admin or researcher of an organisation reads
 * every unit of it, a commander reads their scope unit and every unit below it.
 * An unknown unit is not readable.
 */
export async function canReadUnit(db: Db, user: SessionUser, unit: number | string): Promise<boolean> {
  const where = typeof unit === 'number' ? sql`id = ${unit}` : sql`code = ${unit}`;
  if (user.role === 'admin' || user.role === 'researcher') {
    const [row] = await queryRows<{ organisation_id: number }>(db, sql`select organisation_id from units where ${where}`);
    if (!row) return false;
    if (user.role === 'admin' && user.organisationId === null) return true;
    return user.organisationId !== null && row.organisation_id === user.organisationId;
  }
  if (user.scopeUnitId === null) return false;
  // Walk up from the requested unit; readable when the commander's scope unit is on the path.
  const [row] = await queryRows<{ ok: boolean }>(db, sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from units where ${where}
      union all
      select u.id, u.parent_id from units u join up on u.id = up.parent_id
    )
    select exists(select 1 from up where id = ${user.scopeUnitId}) as ok`);
  return row?.ok === true;
}

/** `canReadUnit` that throws 403 (also for unknown units, so probing codes reveals nothing). */
export async function assertCanReadUnit(db: Db, user: SessionUser, unit: number | string): Promise<void> {
  if (!(await canReadUnit(db, user, unit))) throw new AuthError(403, 'forbidden', 'you may not read this unit');
}

/**
 * The ids of the units `user` may read, or `'all'`. For building pickers and filtering lists;
 * single-unit requests should still go through `canReadUnit`.
 */
export async function readableUnitIds(db: Db, user: SessionUser): Promise<number[] | 'all'> {
  if (user.role === 'admin' && user.organisationId === null) return 'all';
  if (user.role !== 'commander') {
    if (user.organisationId === null) return [];
    const rows = await db.select({ id: units.id }).from(units).where(eq(units.organisationId, user.organisationId));
    return rows.map((r) => r.id);
  }
  if (user.scopeUnitId === null) return [];
  const rows = await queryRows<{ id: number }>(db, sql`
    with recursive down(id) as (
      select id from units where id = ${user.scopeUnitId}
      union all
      select u.id from units u join down on u.parent_id = down.id
    )
    select id from down`);
  return rows.map((r) => Number(r.id));
}

/**
 * Records that `user` read a report or export: `action` names what (`report.unit`,
 * `export.release`), `target` which (`CLAS-13LTBRIG@2018-2021`). Call it in the code that serves
 * the read, before returning it.
 */
export async function auditRead(db: Db, user: SessionUser, action: string, target: string): Promise<void> {
  await db.insert(auditLog).values({ userId: user.id, action, target });
}
