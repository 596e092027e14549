/**
 * Frozen releases as stored: the SQL of reading releases and their rows. No access rules here (services/release-reads.ts has them); the
 * queries are the ones the releases route ran itself before (decision 081), moved unchanged.
 * The release rows and comparisons of a release are read by services/releases.ts
 * (`getReleaseRows`, `getReleaseComparisons`) and, cached per frozen release, by
 * services/frozen-reads.ts.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations, releaseRows, releases } from '../db/schema.js';

export type ReleaseRecordRow = typeof releases.$inferSelect;
/** A release with its organisation's code. */
export type ReleaseMeta = ReleaseRecordRow & { organisation: string };

/** A release and its organisation's code, or undefined. */
export async function getReleaseWithOrganisation(db: Db, id: string): Promise<ReleaseMeta | undefined> {
  const [row] = await db.select({ release: releases, organisation: organisations.code }).from(releases)
    .innerJoin(organisations, eq(organisations.id, releases.organisationId)).where(eq(releases.id, id));
  return row ? { ...row.release, organisation: row.organisation } : undefined;
}

/** The releases of one organisation (or of all), newest first. */
export async function listReleases(db: Db, organisationId: number | null) {
  const q = db.select({ id: releases.id, organisation: organisations.code, period: releases.period, kind: releases.kind, frozenAt: releases.frozenAt, rules: releases.rules, summary: releases.summary })
    .from(releases).innerJoin(organisations, eq(organisations.id, releases.organisationId));
  return (organisationId === null ? q : q.where(eq(releases.organisationId, organisationId))).orderBy(desc(releases.frozenAt));
}

/** The releases holding rows for a unit, with whether it has a published `all` figure of its own in each. */
export async function releasesWithRowsFor(db: Db, organisationId: number, code: string) {
  return db.select({
    id: releases.id, period: releases.period, kind: releases.kind, frozenAt: releases.frozenAt,
    // Whether the unit has any published figure of its own (dimension all) in this release.
    own: sql<boolean>`bool_or(${releaseRows.dimension} = 'all' and not ${releaseRows.suppressed})`,
  }).from(releases).innerJoin(releaseRows, eq(releaseRows.releaseId, releases.id))
    .where(and(eq(releases.organisationId, organisationId), eq(releaseRows.scope, code)))
    .groupBy(releases.id, releases.period, releases.kind, releases.frozenAt);
}

/** The response-rate row (dimension all) of one scope in some releases. */
export async function responseRateRows(db: Db, releaseIds: string[], code: string) {
  return db.select({ releaseId: releaseRows.releaseId, n: releaseRows.n, count: releaseRows.count, suppressed: releaseRows.suppressed }).from(releaseRows).where(and(
    inArray(releaseRows.releaseId, releaseIds), eq(releaseRows.scope, code), eq(releaseRows.dimension, 'all'), eq(releaseRows.indicator, 'response_rate')));
}

/** Which of `scopes` have rows in a release. */
export async function scopesWithRows(db: Db, releaseId: string, scopes: string[]) {
  return scopes.length ? db.selectDistinct({ scope: releaseRows.scope }).from(releaseRows).where(and(eq(releaseRows.releaseId, releaseId), inArray(releaseRows.scope, scopes))) : [];
}

/** One scope's rows (dimension all) of some indicators in some releases: a unit's trend. */
export async function trendRows(db: Db, releaseIds: string[], code: string, indicators: string[]) {
  return releaseIds.length === 0 ? [] : db.select().from(releaseRows).where(and(
    inArray(releaseRows.releaseId, releaseIds), eq(releaseRows.scope, code), eq(releaseRows.dimension, 'all'),
    inArray(releaseRows.indicator, indicators)));
}
