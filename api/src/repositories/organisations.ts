/** Organisations and their settings: the SQL (services/organisations.ts has the rules for changing them). */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations } from '../db/schema.js';
import { rowWhere } from './rows.js';

export type OrganisationRow = typeof organisations.$inferSelect;
/** The settings an admin may change (services/organisations.ts checks them). */
export type OrganisationChange = Partial<Omit<typeof organisations.$inferInsert, 'id' | 'code'>>;

export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.select().from(organisations).orderBy(organisations.code);
}

export const getOrganisationByCode = (db: Db, code: string): Promise<OrganisationRow | undefined> => rowWhere(db, organisations, organisations.code, code);
export const getOrganisationById = (db: Db, id: number): Promise<OrganisationRow | undefined> => rowWhere(db, organisations, organisations.id, id);

/** Writes the changed settings (at least one) and returns the stored row. */
export async function updateOrganisation(db: Db, id: number, change: OrganisationChange): Promise<OrganisationRow> {
  const [row] = await db.update(organisations).set(change).where(eq(organisations.id, id)).returning();
  return row!;
}

/** Every organisation's single sign-on settings (for the sign-in page's list). */
export async function listSsoSettings(db: Db) {
  return db.select({ code: organisations.code, name: organisations.name, issuer: organisations.oidcIssuer, id: organisations.oidcClientId, secret: organisations.oidcClientSecret })
    .from(organisations).orderBy(organisations.code);
}
