/** Stored instrument versions: the SQL (services/instruments.ts has the rules for publishing). */
import { and, asc, eq, max } from 'drizzle-orm';
import { parseDefinition, type InstrumentDefinition } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { instruments, instrumentVersions } from '../db/schema.js';
import { NotFoundError } from '../errors.js';

export interface InstrumentVersion {
  id: number;
  ref: string;
  definition: InstrumentDefinition;
}

/** The stored version by id. */
export async function getInstrumentVersionById(db: Db, id: number): Promise<InstrumentVersion> {
  const [row] = await db.select({ id: instrumentVersions.id, version: instrumentVersions.version, code: instruments.code, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(eq(instrumentVersions.id, id));
  if (!row) throw new NotFoundError(`unknown instrument version id ${id}`);
  return { id: row.id, ref: `${row.code}@${row.version}`, definition: parseDefinition(row.definition) };
}

/** Every stored version, by instrument code and version number. */
export async function listInstrumentVersions(db: Db) {
  return db.select({
    code: instruments.code, version: instrumentVersions.version, publishedOn: instrumentVersions.publishedOn, definition: instrumentVersions.definition,
  }).from(instrumentVersions).innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .orderBy(asc(instruments.code), asc(instrumentVersions.version));
}

/** The stored version `code`@`version` (its definition as stored, unchecked), or undefined. */
export async function findInstrumentVersion(db: Db, code: string, version: number) {
  const [row] = await db.select({ id: instrumentVersions.id, publishedOn: instrumentVersions.publishedOn, definition: instrumentVersions.definition })
    .from(instrumentVersions).innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(and(eq(instruments.code, code), eq(instrumentVersions.version, version)));
  return row;
}

/** Stores a checked definition as a new version (the instrument is created on its first version). */
export async function insertInstrumentVersion(db: Db, def: InstrumentDefinition): Promise<InstrumentVersion> {
  return db.transaction(async (tx) => {
    await tx.insert(instruments).values({ code: def.id }).onConflictDoNothing();
    const [instrument] = await tx.select().from(instruments).where(eq(instruments.code, def.id));
    const [row] = await tx.insert(instrumentVersions)
      .values({ instrumentId: instrument!.id, version: def.version, definition: def })
      .returning({ id: instrumentVersions.id });
    return { id: row!.id, ref: `${def.id}@${def.version}`, definition: def };
  });
}

/** The highest version number of the instrument that version `versionId` belongs to (0 when none). */
export async function latestVersionNumberOf(db: Db, versionId: number): Promise<number> {
  const [{ latest } = { latest: 0 }] = await db.select({ latest: max(instrumentVersions.version) }).from(instrumentVersions)
    .where(eq(instrumentVersions.instrumentId, db.select({ id: instrumentVersions.instrumentId }).from(instrumentVersions).where(eq(instrumentVersions.id, versionId))));
  return latest ?? 0;
}
