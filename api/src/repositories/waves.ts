/** Survey waves: the SQL of creating and reading them, and their state. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { ConflictError } from '../errors.js';
import { invitations, organisations, units, waves, waveUnits } from '../db/schema.js';
import { rowWhere } from './rows.js';

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

export const getWaveByCode = (db: Db, code: string): Promise<WaveRow | undefined> => rowWhere(db, waves, waves.code, code);
export const getWaveById = (db: Db, id: number): Promise<WaveRow | undefined> => rowWhere(db, waves, waves.id, id);

/** Waves of one organisation (or of all) by code, with their organisation's code. */
export async function listWavesWithOrganisation(db: Db, organisationId: number | null) {
  const q = db.select({ code: waves.code, organisation: organisations.code, kind: waves.kind, opensAt: waves.opensAt, closesAt: waves.closesAt, closedAt: waves.closedAt })
    .from(waves).innerJoin(organisations, eq(organisations.id, waves.organisationId));
  return (organisationId === null ? q : q.where(eq(waves.organisationId, organisationId))).orderBy(asc(waves.code));
}

/** Units covered and invitations issued per wave code: counts the admin created, nothing about answers. */
export async function waveCoverage(db: Db) {
  const covered = await db.select({ code: waves.code, n: sql<number>`count(*)::int` }).from(waveUnits).innerJoin(waves, eq(waves.id, waveUnits.waveId)).groupBy(waves.code);
  const issued = await db.select({ code: waves.code, n: sql<number>`count(*)::int` }).from(invitations).innerJoin(waves, eq(waves.id, invitations.waveId)).groupBy(waves.code);
  return { units: new Map(covered.map((r) => [r.code, Number(r.n)])), invitations: new Map(issued.map((r) => [r.code, Number(r.n)])) };
}

type WaveTimes = Pick<WaveRow, 'opensAt' | 'closesAt' | 'closedAt'>;

/** A wave is closed once an administrator closed it or its closing moment has passed. */
export function isWaveClosed(w: WaveTimes, now: Date): boolean {
  return w.closedAt !== null || w.closesAt.getTime() <= now.getTime();
}

export type WaveState = 'open' | 'not_open' | 'closed';

/** The one definition of a wave's state at `now` (the survey, participation and the admin's list use it). */
export function waveState(w: WaveTimes, now: Date): WaveState {
  if (isWaveClosed(w, now)) return 'closed';
  if (w.opensAt.getTime() > now.getTime()) return 'not_open';
  return 'open';
}

/** The state as the admin's screens name it: a wave that has not opened yet is `planned`. */
export function wavePhase(w: WaveTimes, now: Date): 'planned' | 'open' | 'closed' {
  const state = waveState(w, now);
  return state === 'not_open' ? 'planned' : state;
}

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** Refuses any computation over a wave whose raw responses retention has deleted. */
export async function assertResponsesKept(db: Db, waveId: number): Promise<void> {
  const [w] = await queryRows<{ code: string; deleted: string | null; years: number }>(db, sql`
    select w.code, w.responses_deleted_at::text as deleted, o.response_retention_years as years
    from waves w join organisations o on o.id = w.organisation_id where w.id = ${waveId}`);
  if (w?.deleted) {
    throw new ConflictError(
      `the raw responses of wave ${w.code} were deleted on ${day(w.deleted)} under the organisation's retention (${w.years} years after its release): ` +
        `a table that needs them (this wave, or a pooled window that includes it) can no longer be built; its frozen releases remain available (pnpm cli release export)`,
    );
  }
}

/** Every wave of an organisation. */
export async function listWavesOfOrganisation(db: Db, organisationId: number): Promise<WaveRow[]> {
  return db.select().from(waves).where(eq(waves.organisationId, organisationId));
}

/** The instrument versions a set of waves asked, each once. */
export async function instrumentVersionIdsOf(db: Db, waveIds: number[]): Promise<number[]> {
  const rows = await db.select({ v: waves.instrumentVersionId }).from(waves).where(inArray(waves.id, waveIds));
  return [...new Set(rows.map((r) => r.v))];
}

/** Respondents per unit and wave, for a set of waves (units with none have no row). */
export function respondentsPerUnitAndWave(db: Db, waveIds: number[]) {
  return queryRows<{ unit_id: number; wave_id: number; n: number }>(db, sql`
    select unit_id, wave_id, count(*)::int as n from responses
    where wave_id in (${sql.join(waveIds.map((id) => sql`${id}`), sql`, `)}) group by unit_id, wave_id`);
}

/** The units each of a set of waves surveyed. */
export function surveyedUnitsOf(db: Db, waveIds: number[]): Promise<{ unitId: number; waveId: number }[]> {
  return db.select({ unitId: waveUnits.unitId, waveId: waveUnits.waveId }).from(waveUnits).where(inArray(waveUnits.waveId, waveIds));
}

/** The id of a unit (by code) that a wave surveys, or undefined. */
export async function surveyedUnitId(db: Db, waveId: number, unitCode: string): Promise<number | undefined> {
  const [unit] = await db.select({ id: units.id }).from(units).innerJoin(waveUnits, eq(waveUnits.unitId, units.id))
    .where(and(eq(units.code, unitCode), eq(waveUnits.waveId, waveId)));
  return unit?.id;
}

/** Lets one unit of a wave answer another instrument version (its own items). */
export async function setUnitInstrumentVersion(db: Db, waveId: number, unitId: number, instrumentVersionId: number): Promise<void> {
  await db.update(waveUnits).set({ instrumentVersionId }).where(and(eq(waveUnits.waveId, waveId), eq(waveUnits.unitId, unitId)));
}
