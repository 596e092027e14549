/**
 * Instruments and their immutable published versions. The reference instruments shipped with
 * `@vw/questionnaire` are registered on first use.
 */
import { and, eq } from 'drizzle-orm';
import { parseDefinition, referenceInstruments } from '@vw/questionnaire';
import type { InstrumentVersion } from '../repositories/instruments.js';
import type { Db } from '../db/client.js';
import { instruments, instrumentVersions } from '../db/schema.js';
import { NotFoundError, UsageError } from '../errors.js';

export { getInstrumentVersionById, type InstrumentVersion } from '../repositories/instruments.js';

/** Splits `ID@VERSION`. */
export function parseInstrumentRef(ref: string): { code: string; version: number } {
  const m = /^([a-z0-9][a-z0-9_-]*)@(\d+)$/i.exec(ref);
  if (!m) throw new UsageError(`"${ref}" is not an instrument reference of the form ID@VERSION`);
  return { code: m[1]!, version: Number(m[2]) };
}

/** Publishes a new version (validated); fails if that version exists. */
export async function publishVersion(db: Db, definition: unknown): Promise<InstrumentVersion> {
  const def = parseDefinition(definition);
  return db.transaction(async (tx) => {
    await tx.insert(instruments).values({ code: def.id }).onConflictDoNothing();
    const [instrument] = await tx.select().from(instruments).where(eq(instruments.code, def.id));
    const [row] = await tx.insert(instrumentVersions)
      .values({ instrumentId: instrument!.id, version: def.version, definition: def })
      .returning({ id: instrumentVersions.id });
    return { id: row!.id, ref: `${def.id}@${def.version}`, definition: def };
  });
}

/** The stored version `ID@VERSION`, registering a shipped reference instrument when needed. */
export async function getInstrumentVersion(db: Db, ref: string): Promise<InstrumentVersion> {
  const { code, version } = parseInstrumentRef(ref);
  const [row] = await db.select({ id: instrumentVersions.id, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(and(eq(instruments.code, code), eq(instrumentVersions.version, version)));
  if (row) return { id: row.id, ref, definition: parseDefinition(row.definition) };
  const shipped = referenceInstruments[`${code}@${version}`];
  if (!shipped) throw new NotFoundError(`unknown instrument version "${ref}"`);
  return publishVersion(db, shipped);
}
