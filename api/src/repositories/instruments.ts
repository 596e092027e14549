/** Stored instrument versions (the SQL; services/instruments.ts has the rules for publishing). */
import { eq } from 'drizzle-orm';
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
