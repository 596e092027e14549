/**
 * SQL of follow-up plans (issue 14, decision 090): plans, their actions and progress log, and the
 * frozen-release reads a plan's baseline and effect need. Rules live in services/plans.ts.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { InstrumentDefinition } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { sql } from '../db/client.js';
import {
  auditLog, instrumentVersions, planActions, planProgress, plans, releaseComparisons, releaseRows, releases, teamSummaries, units, users, waves,
} from '../db/schema.js';

export type PlanRow = typeof plans.$inferSelect;
export type PlanActionRow = typeof planActions.$inferSelect;
export type PlanProgressRow = typeof planProgress.$inferSelect;
export type ReleaseRowRecord = typeof releaseRows.$inferSelect;
export type UnitRow = typeof units.$inferSelect;

export interface Focus {
  indicator: string;
  option: string;
  base: string;
}

export async function getUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(eq(units.code, code));
  return row;
}

export async function getUnitsById(db: Db, ids: number[]): Promise<Map<number, UnitRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(units).where(inArray(units.id, ids));
  return new Map(rows.map((u) => [u.id, u]));
}

/** The unit and every unit below it (ids), whatever their validity: ended units stay in the tree. */
export { subtreeUnitIds as subtreeIds } from './units.js';

export async function insertPlan(db: Db, values: typeof plans.$inferInsert): Promise<PlanRow> {
  const [row] = await db.insert(plans).values(values).returning();
  return row!;
}

export async function getPlan(db: Db, id: number): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row;
}

export async function findPlan(db: Db, unitId: number, baselinePeriod: string, focus: Focus): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(and(eq(plans.unitId, unitId), eq(plans.baselinePeriod, baselinePeriod),
    eq(plans.indicator, focus.indicator), eq(plans.option, focus.option), eq(plans.base, focus.base)));
  return row;
}

export async function updatePlan(db: Db, id: number, values: Partial<Pick<PlanRow, 'goal' | 'targetValue'>>): Promise<PlanRow> {
  const [row] = await db.update(plans).set({ ...values, updatedAt: new Date() }).where(eq(plans.id, id)).returning();
  return row!;
}

export async function listPlansOfUnits(db: Db, unitIds: number[]): Promise<PlanRow[]> {
  if (unitIds.length === 0) return [];
  return db.select().from(plans).where(inArray(plans.unitId, unitIds)).orderBy(asc(plans.unitId), asc(plans.id));
}

export async function listPlansOfOrganisation(db: Db, organisationId: number): Promise<PlanRow[]> {
  return db.select().from(plans).where(eq(plans.organisationId, organisationId)).orderBy(asc(plans.unitId), asc(plans.id));
}

export async function insertAction(db: Db, values: typeof planActions.$inferInsert): Promise<PlanActionRow> {
  const [row] = await db.insert(planActions).values(values).returning();
  return row!;
}

export async function getAction(db: Db, planId: number, id: number): Promise<PlanActionRow | undefined> {
  const [row] = await db.select().from(planActions).where(and(eq(planActions.planId, planId), eq(planActions.id, id)));
  return row;
}

export async function updateAction(db: Db, id: number, values: Partial<Pick<PlanActionRow, 'text' | 'type' | 'owner' | 'due' | 'status'>>): Promise<PlanActionRow> {
  const [row] = await db.update(planActions).set({ ...values, updatedAt: new Date() }).where(eq(planActions.id, id)).returning();
  return row!;
}

export async function listActions(db: Db, planIds: number[]): Promise<PlanActionRow[]> {
  if (planIds.length === 0) return [];
  return db.select().from(planActions).where(inArray(planActions.planId, planIds)).orderBy(asc(planActions.due), asc(planActions.id));
}

export async function insertProgress(db: Db, values: typeof planProgress.$inferInsert): Promise<PlanProgressRow> {
  const [row] = await db.insert(planProgress).values(values).returning();
  return row!;
}

export async function listProgress(db: Db, planIds: number[]): Promise<(PlanProgressRow & { author: string | null })[]> {
  if (planIds.length === 0) return [];
  const rows = await db.select({ p: planProgress, author: users.email }).from(planProgress).leftJoin(users, eq(users.id, planProgress.userId))
    .where(inArray(planProgress.planId, planIds)).orderBy(asc(planProgress.on), asc(planProgress.id));
  return rows.map((r) => ({ ...r.p, author: r.author }));
}

/** Audit entries about one plan (its change history), oldest first, with who made them. */
export async function planHistory(db: Db, planId: number): Promise<{ action: string; target: string; at: Date; by: string | null }[]> {
  return db.select({ action: auditLog.action, target: auditLog.target, at: auditLog.at, by: users.email }).from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(sql`${auditLog.target} = ${`plan:${planId}`} or ${auditLog.target} like ${`plan:${planId}:%`}`)
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}

export async function audit(db: Db, userId: number | null, action: string, target: string): Promise<void> {
  await db.insert(auditLog).values({ userId, action, target });
}

export interface WaveRelease {
  releaseId: string;
  period: string;
  closesAt: Date;
  census: boolean;
  instrumentVersionId: number;
}

/** The latest build of every frozen wave release of an organisation, ordered by the wave's close. */
export async function waveReleases(db: Db, organisationId: number): Promise<WaveRelease[]> {
  const rows = await db.select({ releaseId: releases.id, period: releases.period, frozenAt: releases.frozenAt, closesAt: waves.closesAt, kind: waves.kind, instrumentVersionId: waves.instrumentVersionId })
    .from(releases).innerJoin(waves, and(eq(waves.code, releases.period), eq(waves.organisationId, releases.organisationId)))
    .where(and(eq(releases.organisationId, organisationId), eq(releases.kind, 'wave'))).orderBy(asc(releases.frozenAt));
  const latest = new Map<string, WaveRelease>();
  for (const r of rows) latest.set(r.period, { releaseId: r.releaseId, period: r.period, closesAt: r.closesAt, census: r.kind === 'census', instrumentVersionId: r.instrumentVersionId });
  return [...latest.values()].sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime() || a.period.localeCompare(b.period));
}

/** The `all` row of one cell of a scope in a release (suppressed or not), if the release has it. */
export async function getCell(db: Db, releaseId: string, scope: string, focus: Focus): Promise<ReleaseRowRecord | undefined> {
  const [row] = await db.select().from(releaseRows).where(and(eq(releaseRows.releaseId, releaseId), eq(releaseRows.scope, scope),
    eq(releaseRows.dimension, 'all'), eq(releaseRows.group, 'all'), eq(releaseRows.indicator, focus.indicator), eq(releaseRows.option, focus.option), eq(releaseRows.base, focus.base)));
  return row;
}

/** The `all` rows of a scope in a release. */
export async function getAllRows(db: Db, releaseId: string, scope: string): Promise<ReleaseRowRecord[]> {
  return db.select().from(releaseRows).where(and(eq(releaseRows.releaseId, releaseId), eq(releaseRows.scope, scope), eq(releaseRows.dimension, 'all')))
    .orderBy(releaseRows.indicator, releaseRows.option, releaseRows.base);
}

/** Scopes among `codes` that have rows in a release. */
export async function scopesInRelease(db: Db, releaseId: string, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectDistinct({ scope: releaseRows.scope }).from(releaseRows).where(and(eq(releaseRows.releaseId, releaseId), inArray(releaseRows.scope, codes)));
  return new Set(rows.map((r) => r.scope));
}

/** Significant comparisons of a scope's `all` cells in a release. */
export async function significantComparisons(db: Db, releaseId: string, scope: string) {
  return db.select().from(releaseComparisons).where(and(eq(releaseComparisons.releaseId, releaseId), eq(releaseComparisons.scope, scope),
    eq(releaseComparisons.dimension, 'all'), eq(releaseComparisons.significant, true)));
}

const definitions = new WeakMap<Db, Map<number, InstrumentDefinition>>();

export async function instrumentDefinition(db: Db, versionId: number): Promise<InstrumentDefinition> {
  let cache = definitions.get(db);
  if (!cache) { cache = new Map(); definitions.set(db, cache); }
  const hit = cache.get(versionId);
  if (hit) return hit;
  const [row] = await db.select({ definition: instrumentVersions.definition }).from(instrumentVersions).where(eq(instrumentVersions.id, versionId));
  const def = row!.definition as InstrumentDefinition;
  cache.set(versionId, def);
  return def;
}

export async function insertTeamSummary(db: Db, values: typeof teamSummaries.$inferInsert) {
  const [row] = await db.insert(teamSummaries).values(values).returning();
  return row!;
}

/** The unit's latest team summary published before `before` (or the latest of all). */
export async function latestTeamSummary(db: Db, unitId: number, before?: Date) {
  const where = before ? and(eq(teamSummaries.unitId, unitId), sql`${teamSummaries.publishedAt} < ${before.toISOString()}::timestamptz`) : eq(teamSummaries.unitId, unitId);
  const [row] = await db.select().from(teamSummaries).where(where).orderBy(desc(teamSummaries.publishedAt), desc(teamSummaries.id)).limit(1);
  return row;
}

/** Significant comparisons of `all` cells (against parent, organisation or previous wave) of these scopes in a release. */
export async function significantFindings(db: Db, releaseId: string, scopes: string[]) {
  if (scopes.length === 0) return [];
  return db.select({ scope: releaseComparisons.scope, indicator: releaseComparisons.indicator, option: releaseComparisons.option, base: releaseComparisons.base, against: releaseComparisons.against, difference: releaseComparisons.difference })
    .from(releaseComparisons).where(and(eq(releaseComparisons.releaseId, releaseId), inArray(releaseComparisons.scope, scopes), eq(releaseComparisons.dimension, 'all'),
      eq(releaseComparisons.group, 'all'), eq(releaseComparisons.significant, true), inArray(releaseComparisons.against, ['parent_rest', 'organisation_rest', 'previous_wave'])));
}
