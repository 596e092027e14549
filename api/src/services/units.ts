/**
 * Units and headcounts for the admin: the tree, the uploaded headcounts, and the CSV imports
 * (services/import-units.ts, services/import-population.ts) with a dry run.
 */
import type { Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import { getOrganisationByCode } from '../repositories/organisations.js';
import { listHeadcounts, listUnitRows } from '../repositories/units.js';
import { importPopulation } from './import-population.js';
import { importUnits } from './import-units.js';

/** The unit tree of one organisation (by code; unknown is 404) or of all. */
export async function listUnitTree(db: Db, organisationCode: string | undefined) {
  if (!organisationCode) return listUnitRows(db);
  const org = await getOrganisationByCode(db, organisationCode);
  if (!org) throw new NotFoundError(`unknown organisation "${organisationCode}"`);
  return listUnitRows(db, org.id);
}

/** Headcounts (dimension all) per unit and period, and the periods that have any. */
export async function headcountsByPeriod(db: Db) {
  const rows = await listHeadcounts(db);
  return { periods: [...new Set(rows.map((r) => r.period))].sort(), headcounts: rows };
}

class DryRun extends Error {}

/**
 * With `dry`, the import runs in full (every check, every write) inside a transaction that is
 * then rolled back, so the admin sees what the upload would change, or every bad row, and
 * nothing is stored.
 */
async function maybeDry<T extends object>(db: Db, dry: boolean, run: (db: Db) => Promise<T>): Promise<T | (T & { dryRun: true })> {
  if (!dry) return run(db);
  let result: T | undefined;
  await db.transaction(async (tx) => {
    result = await run(tx as unknown as Db);
    throw new DryRun();
  }).catch((e: unknown) => { if (!(e instanceof DryRun)) throw e; });
  return { ...(result as T), dryRun: true };
}

/** Imports units.csv (all or nothing); `dry`: check and report, store nothing. */
export function importUnitsCsv(db: Db, text: string, file: string, dry: boolean) {
  return maybeDry(db, dry, (tx) => importUnits(tx, text, file));
}

/** Imports population.csv (all or nothing); `dry`: check and report, store nothing. */
export function importPopulationCsv(db: Db, text: string, file: string, dry: boolean) {
  return maybeDry(db, dry, (tx) => importPopulation(tx, text, file));
}
