/**
 * Who may read what. Release routes call `canReadUnit` (or `assertCanReadUnit`) for the unit a
 * request names, and `auditRead` for every report or export they serve.
 */
import type { Db } from '../db/client.js';
import { insertAuditEntry } from '../repositories/audit.js';
import { isAtOrBelow, organisationIdOfUnit, subtreeUnitIds, unitIdsOfOrganisation } from '../repositories/units.js';
import { AuthError } from './errors.js';
import type { SessionUser } from './session.js';

/**
 * Whether `user` may read results of `unit` (an id, or a unit code):
 * an admin without organisation reads everything, an admin or researcher of an organisation reads
 * every unit of it, a commander reads their scope unit and every unit below it.
 * An unknown unit is not readable.
 */
export async function canReadUnit(db: Db, user: SessionUser, unit: number | string): Promise<boolean> {
  if (user.role === 'admin' || user.role === 'researcher') {
    const organisationId = await organisationIdOfUnit(db, unit);
    if (organisationId === undefined) return false;
    if (user.role === 'admin' && user.organisationId === null) return true;
    return user.organisationId !== null && organisationId === user.organisationId;
  }
  if (user.scopeUnitId === null) return false;
  // Walk up from the requested unit; readable when the commander's scope unit is on the path.
  return isAtOrBelow(db, unit, user.scopeUnitId);
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
    return unitIdsOfOrganisation(db, user.organisationId);
  }
  if (user.scopeUnitId === null) return [];
  return subtreeUnitIds(db, user.scopeUnitId);
}

/**
 * Records that `user` read a report or export: `action` names what (`report.unit`,
 * `export.release`), `target` which (`CLAS-13LTBRIG@2018-2021`). Call it in the code that serves
 * the read, before returning it.
 */
export async function auditRead(db: Db, user: SessionUser, action: string, target: string): Promise<void> {
  await insertAuditEntry(db, user.id, action, target);
}
