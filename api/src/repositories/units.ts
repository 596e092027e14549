/** Units (the organisation's tree): the SQL. */
import { and, asc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { queryRows, sql, type Db } from '../db/client.js';
import { organisations, population, units } from '../db/schema.js';
import { rowWhere } from './rows.js';

export type UnitRow = typeof units.$inferSelect;
export type { OrganisationRow } from './organisations.js';

export async function listUnits(db: Db, organisationId?: number): Promise<UnitRow[]> {
  const q = db.select().from(units);
  return organisationId === undefined ? q : q.where(eq(units.organisationId, organisationId));
}

export async function getUnitsByCode(db: Db, codes: string[]): Promise<Map<string, UnitRow>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select().from(units).where(inArray(units.code, codes));
  return new Map(rows.map((r) => [r.code, r]));
}

// The organisations' SQL is repositories/organisations.ts; re-exported for the readers of units.
export { getOrganisationByCode, listOrganisations } from './organisations.js';

export const getUnitByCode = (db: Db, code: string): Promise<UnitRow | undefined> => rowWhere(db, units, units.code, code);
export const getUnitById = (db: Db, id: number): Promise<UnitRow | undefined> => rowWhere(db, units, units.id, id);

const unitRef = { code: units.code, name: units.name, level: units.level };

/** A unit's code, name and level by id (none for null). */
export async function unitRefById(db: Db, id: number | null) {
  return id === null ? [] : db.select(unitRef).from(units).where(eq(units.id, id));
}

/** The root unit of every organisation (the unit whose code is the organisation's). */
export async function organisationRoots(db: Db) {
  return db.select({ ...unitRef, organisationId: units.organisationId, parentId: units.parentId }).from(units).innerJoin(organisations, eq(organisations.code, units.code));
}

/** Codes of the units with these ids in one organisation. */
export async function unitCodesIn(db: Db, ids: number[], organisationId: number) {
  const rows = await db.select({ code: units.code }).from(units).where(and(inArray(units.id, ids), eq(units.organisationId, organisationId)));
  return rows.map((r) => r.code);
}

/** Code, name, level and parent of the units with these codes. */
export async function unitTreeRows(db: Db, codes: string[]) {
  return codes.length ? db.select({ code: units.code, name: units.name, level: units.level, parentId: units.parentId, id: units.id }).from(units).where(inArray(units.code, codes)) : [];
}

/** The child units of a unit. */
export async function childUnits(db: Db, parentId: number) {
  return db.select(unitRef).from(units).where(eq(units.parentId, parentId));
}

/** The unit tree of one organisation (or of all) with the organisation's code, by unit code. */
export async function listUnitRows(db: Db, organisationId?: number) {
  let q = db.select({
    id: units.id, code: units.code, name: units.name, level: units.level, parentId: units.parentId,
    organisation: organisations.code, excludedFromPooling: units.excludedFromPooling, validFrom: units.validFrom, validTo: units.validTo,
  }).from(units).innerJoin(organisations, eq(organisations.id, units.organisationId)).$dynamic();
  if (organisationId !== undefined) q = q.where(eq(units.organisationId, organisationId));
  return q.orderBy(asc(units.code));
}

/** Headcounts (dimension all) per unit code and period, as uploaded. */
export async function listHeadcounts(db: Db) {
  return db.select({ unit: units.code, period: population.period, headcount: population.headcount })
    .from(population).innerJoin(units, eq(units.id, population.unitId))
    .where(and(eq(population.dimension, 'all'), eq(population.group, 'all')));
}

/** A unit by id or by code, as a condition. */
const unitIs = (unit: number | string) => (typeof unit === 'number' ? sql`id = ${unit}` : sql`code = ${unit}`);

/** The organisation of a unit (by id or code), or undefined for an unknown unit. */
export async function organisationIdOfUnit(db: Db, unit: number | string): Promise<number | undefined> {
  const [row] = await queryRows<{ organisation_id: number }>(db, sql`select organisation_id from units where ${unitIs(unit)}`);
  return row?.organisation_id;
}

/** Whether `ancestorId` is the unit (by id or code) or on its path to the root (walks up). */
export async function isAtOrBelow(db: Db, unit: number | string, ancestorId: number): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(db, sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from units where ${unitIs(unit)}
      union all
      select u.id, u.parent_id from units u join up on u.id = up.parent_id
    )
    select exists(select 1 from up where id = ${ancestorId}) as ok`);
  return row?.ok === true;
}

/** The ids of an organisation's units. */
export async function unitIdsOfOrganisation(db: Db, organisationId: number): Promise<number[]> {
  const rows = await db.select({ id: units.id }).from(units).where(eq(units.organisationId, organisationId));
  return rows.map((r) => r.id);
}

/** The ids of a unit and every unit below it. */
export async function subtreeUnitIds(db: Db, rootId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(db, sql`
    with recursive down(id) as (
      select id from units where id = ${rootId}
      union all
      select u.id from units u join down on u.parent_id = down.id
    )
    select id from down`);
  return rows.map((r) => Number(r.id));
}

/** Headcount rows (every dimension and group) of the given periods, as uploaded. */
export async function populationOf(db: Db, periods: string[]) {
  return periods.length === 0 ? [] : db.select().from(population).where(inArray(population.period, periods));
}

/** Ids of an organisation's units still valid on `day` (no end date, or ending on or after it). */
export async function currentUnitIds(db: Db, organisationId: number, day: string): Promise<number[]> {
  const rows = await db.select({ id: units.id }).from(units)
    .where(and(eq(units.organisationId, organisationId), or(isNull(units.validTo), gte(units.validTo, day))));
  return rows.map((r) => r.id);
}

/** Every unit's id and organisation, by code. */
export async function unitsByCode(db: Db): Promise<Map<string, { id: number; code: string; org: number }>> {
  const rows = await db.select({ id: units.id, code: units.code, org: units.organisationId }).from(units);
  return new Map(rows.map((r) => [r.code, r]));
}
