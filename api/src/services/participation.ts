/**
 * Participation per unit while a wave is open (decision 071): the share of a unit's headcount
 * that has answered, counted through the end of the previous day (responses keep their day of
 * submission only), for units whose headcount is at least 2k, rounded down to steps of 5
 * percentage points, and only once at least k have answered. Counts only; no answer, no group.
 */
import { DEFAULT_K } from '@vw/analysis';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations, population, responses, units, waveUnits } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { getWaveByCode, wavePhase } from '../repositories/waves.js';

export interface UnitParticipation {
  unit: string;
  name: string;
  headcount: number;
  /** Rounded down to a multiple of 0.05; null while fewer than k have answered. */
  rate: number | null;
}

export interface Participation {
  wave: string;
  state: 'planned' | 'open' | 'closed';
  /** The last whole day counted (YYYY-MM-DD): answers of today are never shown. */
  through: string;
  k: number;
  units: UnitParticipation[];
}

/** `floor(count / headcount)` in steps of 5 percentage points. */
export function participationRate(count: number, headcount: number, k: number): number | null {
  if (headcount < 2 * k || count < k) return null;
  return Math.floor((20 * Math.min(count, headcount)) / headcount) / 20;
}

export async function getParticipation(db: Db, waveCode: string, now = new Date()): Promise<Participation> {
  const wave = await getWaveByCode(db, waveCode);
  if (!wave) throw new NotFoundError(`unknown wave "${waveCode}"`);
  const state = wavePhase(wave, now);
  const today = now.toISOString().slice(0, 10);
  const through = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const [org] = await db.select({ k: organisations.minGroupSize }).from(organisations).where(eq(organisations.id, wave.organisationId));
  const k = org?.k ?? DEFAULT_K;
  // Only while open: after closing, the release is the place for figures.
  if (state !== 'open') return { wave: wave.code, state, through, k, units: [] };
  const covered = await db.select({ id: units.id, code: units.code, name: units.name, headcount: population.headcount })
    .from(waveUnits).innerJoin(units, eq(units.id, waveUnits.unitId))
    .innerJoin(population, and(eq(population.unitId, units.id), eq(population.period, wave.code), eq(population.dimension, 'all'), eq(population.group, 'all')))
    .where(eq(waveUnits.waveId, wave.id));
  const large = covered.filter((u) => u.headcount >= 2 * k);
  if (large.length === 0) return { wave: wave.code, state, through, k, units: [] };
  const counts = await db.select({ unitId: responses.unitId, n: sql<number>`count(*)::int` }).from(responses)
    .where(and(eq(responses.waveId, wave.id), lt(responses.submittedOn, today))).groupBy(responses.unitId);
  const byUnit = new Map(counts.map((c) => [c.unitId, Number(c.n)]));
  return {
    wave: wave.code, state, through, k,
    units: large.map((u) => ({ unit: u.code, name: u.name, headcount: u.headcount, rate: participationRate(byUnit.get(u.id) ?? 0, u.headcount, k) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
