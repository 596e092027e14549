/**
 * Frozen wave releases with known cells for follow-up plans: the auth fixture's organisation
 * (ORG > BRIG > COMP-A, COMP-B > PLT-A1) with three census waves and their releases, rows written
 * as a release stores them (suppressed rows without numbers). Factories, not a shared file.
 */
import { meanEstimate, proportionEstimate } from '@vw/analysis';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { releaseComparisons, releaseRows, releases, units, users } from '../../src/db/schema.js';
import { getInstrumentVersion } from '../../src/services/instruments.js';
import { createUser } from '../../src/services/users.js';
import { createWave } from '../../src/repositories/waves.js';
import { createFixture, PASSWORD, type Fixture } from '../auth/fixture.js';

export type CellSpec =
  | { scope: string; indicator: string; option: string; base: string; count: number; n: number }
  | { scope: string; indicator: string; option: string; base: string; mean: { n: number; sum: number; sumOfSquares: number } }
  | { scope: string; indicator: string; option: string; base: string; suppressed: true };

export interface PlanFixture extends Fixture {
  waves: string[];
  releaseOf: Record<string, string>;
}

/** A row as a release stores it. */
export function releaseRow(releaseId: string, c: CellSpec) {
  const key = { releaseId, scope: c.scope, dimension: 'all', group: 'all', indicator: c.indicator, option: c.option, base: c.base };
  if ('suppressed' in c) return { ...key, n: null, count: null, value: null, ciLow: null, ciHigh: null, suppressed: true, reason: 'min_n' };
  if ('mean' in c) {
    const e = meanEstimate(c.mean);
    return { ...key, n: c.mean.n, count: null, value: e.value, ciLow: e.low, ciHigh: e.high, suppressed: false, reason: null };
  }
  const e = proportionEstimate(c.count, c.n);
  return { ...key, n: c.n, count: c.count, value: e.value, ciLow: e.low, ciHigh: e.high, suppressed: false, reason: null };
}

/** Freezes a wave release with exactly these cells (and a response-rate row per scope). */
export async function freeze(db: Db, orgId: number, period: string, cells: CellSpec[], frozenAt = new Date()): Promise<string> {
  const id = `${period}-r1`;
  await db.insert(releases).values({ id, organisationId: orgId, period, kind: 'wave', rules: { k: 10, kVictims: 10 }, summary: {}, frozenAt });
  const scopes = [...new Set(cells.map((c) => c.scope))];
  const rr = scopes.map((scope): CellSpec => ({ scope, indicator: 'response_rate', option: 'all', base: 'headcount', count: 100, n: 150 }));
  await db.insert(releaseRows).values([...cells, ...rr].map((c) => releaseRow(id, c)));
  return id;
}

export async function addComparison(db: Db, releaseId: string, c: { scope: string; indicator: string; option: string; base: string; against: string; difference: number; significant: boolean }) {
  await db.insert(releaseComparisons).values({
    releaseId, scope: c.scope, dimension: 'all', group: 'all', indicator: c.indicator, option: c.option, base: c.base, against: c.against,
    difference: c.difference, ciLow: c.difference - 0.05, ciHigh: c.difference + 0.05, pValue: c.significant ? 0.001 : 0.4, pAdjusted: c.significant ? 0.004 : 0.5, significant: c.significant,
  });
}

/** The organisation with users per role (plus a brigade commander) and three closed census waves 2022–2024. */
export async function createPlanFixture(db: Db): Promise<PlanFixture> {
  const f = await createFixture(db);
  await createUser(db, { email: 'brigade@test.example', password: PASSWORD, role: 'commander', organisationId: f.orgId, scopeUnitId: f.units.get('BRIG')!.id });
  const version = await getInstrumentVersion(db, 'werkbeleving-sv@1');
  const unitIds = ['BRIG', 'COMP-A', 'COMP-B', 'PLT-A1'].map((c) => f.units.get(c)!.id);
  const list = ['ORG-2022', 'ORG-2023', 'ORG-2024'];
  for (const [i, code] of list.entries()) {
    const year = 2022 + i;
    await createWave(db, { code, organisationId: f.orgId, instrumentVersionId: version.id, unitIds, opensAt: new Date(`${year}-03-01T00:00:00Z`), closesAt: new Date(`${year}-04-01T00:00:00Z`), kind: 'census', closed: true });
  }
  return { ...f, waves: list, releaseOf: {} };
}

export async function setScope(db: Db, email: string, unitCode: string): Promise<void> {
  const [u] = await db.select().from(units).where(eq(units.code, unitCode));
  await db.update(users).set({ scopeUnitId: u!.id }).where(eq(users.email, email));
}
