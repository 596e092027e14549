import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations, units } from '../db/schema.js';

export type UnitRow = typeof units.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

export async function listUnits(db: Db, organisationId?: number): Promise<UnitRow[]> {
  const q = db.select().from(units);
  return organisationId === undefined ? q : q.where(eq(units.organisationId, organisationId));
}

export async function getUnitsByCode(db: Db, codes: string[]): Promise<Map<string, UnitRow>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select().from(units).where(inArray(units.code, codes));
  return new Map(rows.map((r) => [r.code, r]));
}

export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.select().from(organisations).orderBy(organisations.code);
}

export async function getOrganisationByCode(db: Db, code: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row;
}
