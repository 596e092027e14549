/** Survey waves: creation and state. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { waves, waveUnits } from '../db/schema.js';

export type WaveRow = typeof waves.$inferSelect;

export interface NewWave {
  code: string;
  organisationId: number;
  instrumentVersionId: number;
  unitIds: number[];
  opensAt: Date;
  closesAt: Date;
  kind: 'census' | 'sample';
  closed?: boolean;
}

export async function createWave(db: Db, w: NewWave): Promise<WaveRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(waves).values({
      code: w.code, organisationId: w.organisationId, instrumentVersionId: w.instrumentVersionId,
      kind: w.kind, opensAt: w.opensAt, closesAt: w.closesAt, closedAt: w.closed ? w.closesAt : null,
    }).returning();
    if (w.unitIds.length > 0) {
      await tx.insert(waveUnits).values(w.unitIds.map((unitId) => ({ waveId: row!.id, unitId, instrumentVersionId: w.instrumentVersionId })));
    }
    return row!;
  });
}

export async function getWaveByCode(db: Db, code: string): Promise<WaveRow | undefined> {
  const [row] = await db.select().from(waves).where(eq(waves.code, code));
  return row;
}

/** A wave is closed once an administrator closed it or its closing moment has passed. */
export function isWaveClosed(w: WaveRow, now: Date): boolean {
  return w.closedAt !== null || w.closesAt.getTime() <= now.getTime();
}
