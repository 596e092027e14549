/**
 * Frozen releases as stored: the SQL of reading releases and their rows. No access rules here (services/release-reads.ts has them); the
 * queries are the ones the releases route ran itself before (decision 081), moved unchanged.
 * The release build's reads and writes (earlier patterns, the next id, the rows, comparisons and
 * patterns it stores) are here too; services/releases.ts keeps the steps and re-exports
 * `getReleaseRows`/`getReleaseComparisons`, which services/frozen-reads.ts caches per release.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { ComparisonRow } from '@vw/analysis';
import { organisations, releaseComparisons, releaseGrids, releaseRows, releases } from '../db/schema.js';

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

/** One stored release row. */
export type ReleaseRow = typeof releaseRows.$inferSelect;

/** Rows of a release, optionally limited to a set of scopes. */
export async function getReleaseRows(db: Db, releaseId: string, scopes?: string[]): Promise<ReleaseRow[]> {
  const where = scopes ? and(eq(releaseRows.releaseId, releaseId), inArray(releaseRows.scope, scopes)) : eq(releaseRows.releaseId, releaseId);
  return db.select().from(releaseRows).where(where).orderBy(releaseRows.scope, releaseRows.dimension, releaseRows.group, releaseRows.indicator, releaseRows.option, releaseRows.base);
}

/** Comparisons of a release, optionally limited to a set of scopes. */
export async function getReleaseComparisons(db: Db, releaseId: string, scopes?: string[]) {
  const where = scopes ? and(eq(releaseComparisons.releaseId, releaseId), inArray(releaseComparisons.scope, scopes)) : eq(releaseComparisons.releaseId, releaseId);
  return db.select().from(releaseComparisons).where(where);
}

/** Every release of a period (any organisation), newest first, with its organisation's code. */
export async function releasesOfPeriod(db: Db, period: string) {
  return db.select({ release: releases, orgCode: organisations.code }).from(releases)
    .innerJoin(organisations, eq(organisations.id, releases.organisationId))
    .where(eq(releases.period, period)).orderBy(desc(releases.frozenAt));
}

/** How many releases of a period an organisation has frozen. */
export async function countReleasesOfPeriod(db: Db, organisationId: number, period: string): Promise<number> {
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(releases).where(and(eq(releases.organisationId, organisationId), eq(releases.period, period)));
  return count[0]?.n ?? 0;
}

/** The ids of every frozen release of an organisation. */
export async function releaseIdsOfOrganisation(db: Db, organisationId: number): Promise<string[]> {
  const rows = await db.select({ id: releases.id }).from(releases).where(eq(releases.organisationId, organisationId));
  return rows.map((r) => r.id);
}

/** Releases of the organisation built without the per-indicator value check (decision 041's summary). */
export async function releasesWithoutValueCheck(db: Db, organisationId: number): Promise<string[]> {
  const rows = await db.select({ id: releases.id }).from(releases)
    .where(and(eq(releases.organisationId, organisationId), sql`(${releases.summary}->'disclosure'->'perIndicator'->>'enabled') is distinct from 'true'`));
  return rows.map((r) => r.id);
}

/**
 * Releases of the organisation whose value check ran (and so passed: a release is frozen only then)
 * under the given thresholds and rounding (decision 084).
 */
export async function releasesValueCheckedUnder(db: Db, organisationId: number, rules: { k: number; kVictims: number; decimals: number }): Promise<string[]> {
  const rows = await db.select({ id: releases.id }).from(releases)
    .where(and(
      eq(releases.organisationId, organisationId),
      sql`(${releases.summary}->'disclosure'->'perIndicator'->>'enabled') = 'true'`,
      sql`(${releases.summary}->'disclosure'->'rules'->>'k')::int = ${rules.k}`,
      sql`(${releases.summary}->'disclosure'->'rules'->>'kVictims')::int = ${rules.kVictims}`,
      sql`(${releases.summary}->'disclosure'->'rules'->>'decimals')::int = ${rules.decimals}`,
    ));
  return rows.map((r) => r.id);
}

/**
 * Locks the organisation's row until the transaction ends: release stores of one organisation
 * take turns, so each sees every release frozen before it (the check in storeRelease).
 */
export async function lockOrganisationReleases(tx: Db, organisationId: number): Promise<void> {
  await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).for('update');
}

/**
 * The stored suppression patterns of an organisation's earlier releases, oldest release first,
 * one at a time (a history's patterns are hundreds of MB as parsed JSON): `each` gets each pattern
 * as parsed and keeps what it needs before the next one is read.
 */
export async function eachEarlierReleaseGrid(db: Db, organisationId: number, each: (g: { releaseId: string; grid: string; pattern: unknown }) => void): Promise<void> {
  const list = await db.select({ releaseId: releaseGrids.releaseId, grid: releaseGrids.grid }).from(releaseGrids)
    .innerJoin(releases, eq(releases.id, releaseGrids.releaseId))
    .where(eq(releases.organisationId, organisationId)).orderBy(releases.frozenAt, releaseGrids.releaseId, releaseGrids.grid);
  for (const { releaseId, grid } of list) {
    const [row] = await db.select({ pattern: releaseGrids.pattern }).from(releaseGrids).where(and(eq(releaseGrids.releaseId, releaseId), eq(releaseGrids.grid, grid)));
    if (row) each({ releaseId, grid, pattern: row.pattern });
  }
}

/** The published `all` rows of each scope's most recent wave release that closed before `closesAt`. */
export async function previousWavePublishedAllRows(db: Db, organisationId: number, closesAt: Date): Promise<Record<string, unknown>[]> {
  const rows = await db.execute(sql`
    select distinct on (rr.scope, rr.indicator, rr.option, rr.base)
           rr.scope, rr.dimension, rr."group", rr.indicator, rr.option, rr.base, rr.n, rr.count, rr.value, rr.ci_low, rr.ci_high
    from release_rows rr
    join releases r on r.id = rr.release_id
    join waves pw on pw.code = r.period and pw.organisation_id = r.organisation_id
    where r.organisation_id = ${organisationId} and r.kind = 'wave' and pw.closes_at < ${closesAt.toISOString()}::timestamptz
      and rr.dimension = 'all' and not rr.suppressed
    order by rr.scope, rr.indicator, rr.option, rr.base, pw.closes_at desc, r.frozen_at desc`);
  return (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as Record<string, unknown>[];
}

/** A release's own record (the rows, comparisons and patterns go in beside it, same transaction). */
export async function insertRelease(db: Db, values: typeof releases.$inferInsert): Promise<void> {
  await db.insert(releases).values(values);
}

/** One grid's stored suppression pattern of a release. */
export async function insertReleaseGrid(db: Db, releaseId: string, grid: string, pattern: unknown): Promise<void> {
  await db.insert(releaseGrids).values({ releaseId, grid, pattern });
}

/**
 * The release rows as stored, one at a time (suppressed rows carry no numbers): `row(i)` is
 * [scope, dimension, group, indicator, option, base, n, count, value, ciLow, ciHigh, suppressed, reason].
 * Made on demand so a window's million rows never sit in memory as arrays of values.
 */
export interface ReleaseRowSource {
  length: number;
  row(i: number): unknown[];
}

const CHUNK = 25_000;

/**
 * Rows go in as one JSON document per chunk, expanded by jsonb_array_elements: hundreds of
 * thousands of rows per release would take minutes as individual VALUES tuples.
 */
export async function insertReleaseRows(db: Db, id: string, rows: ReleaseRowSource): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part: unknown[] = [];
    for (let j = i; j < Math.min(i + CHUNK, rows.length); j++) part.push(rows.row(j));
    await db.execute(sql`
      insert into release_rows (release_id, scope, dimension, "group", indicator, option, base, n, count, value, ci_low, ci_high, suppressed, reason)
      select ${id}, x->>0, x->>1, x->>2, x->>3, x->>4, x->>5, (x->>6)::int, (x->>7)::int, (x->>8)::float8, (x->>9)::float8, (x->>10)::float8, (x->>11)::boolean, x->>12
      from jsonb_array_elements(${JSON.stringify(part)}::jsonb) as x`);
  }
}

/** A release's comparisons, in chunks like its rows. */
export async function insertComparisons(db: Db, id: string, list: readonly ComparisonRow[]): Promise<void> {
  for (let i = 0; i < list.length; i += CHUNK) {
    const part = list.slice(i, i + CHUNK).map((c) => [c.scope, c.dimension, c.group, c.indicator, c.option, c.base, c.against, c.difference, c.ciLow, c.ciHigh, c.pValue, c.pAdjusted, c.significant]);
    await db.execute(sql`
      insert into release_comparisons (release_id, scope, dimension, "group", indicator, option, base, against, difference, ci_low, ci_high, p_value, p_adjusted, significant)
      select ${id}, x->>0, x->>1, x->>2, x->>3, x->>4, x->>5, x->>6, (x->>7)::float8, (x->>8)::float8, (x->>9)::float8, (x->>10)::float8, (x->>11)::float8, (x->>12)::boolean
      from jsonb_array_elements(${JSON.stringify(part)}::jsonb) as x`);
  }
}

/** A comparison as stored, without its release id. */
export type ComparisonRecord = Omit<typeof releaseComparisons.$inferSelect, 'releaseId'>;

/**
 * One dimension of a frozen release, optionally limited to indicators, scopes and the reference
 * of the comparisons: its rows and comparisons, filtered in SQL (a window holds ~750,000 rows).
 */
export async function overviewRows(
  db: Db, releaseId: string, dimension: string, indicators: readonly string[] | undefined, scopes: readonly string[] | undefined, against: string | undefined,
): Promise<{ rows: ReleaseRow[]; comparisons: ComparisonRecord[] }> {
  const rowWhere: SQL[] = [eq(releaseRows.releaseId, releaseId), eq(releaseRows.dimension, dimension)];
  const cmpWhere: SQL[] = [eq(releaseComparisons.releaseId, releaseId), eq(releaseComparisons.dimension, dimension)];
  if (indicators) {
    rowWhere.push(inArray(releaseRows.indicator, [...indicators]));
    cmpWhere.push(inArray(releaseComparisons.indicator, [...indicators]));
  }
  if (against) cmpWhere.push(eq(releaseComparisons.against, against));
  if (scopes) {
    if (scopes.length === 0) return { rows: [], comparisons: [] };
    rowWhere.push(inArray(releaseRows.scope, [...scopes]));
    cmpWhere.push(inArray(releaseComparisons.scope, [...scopes]));
  }
  const [rows, comparisons] = await Promise.all([
    db.select().from(releaseRows).where(and(...rowWhere))
      .orderBy(releaseRows.scope, releaseRows.group, releaseRows.indicator, releaseRows.option, releaseRows.base),
    db.select().from(releaseComparisons).where(and(...cmpWhere)),
  ]);
  return { rows, comparisons: comparisons.map(({ releaseId: _r, ...x }) => x) };
}

/** The scope codes that have rows in a release. */
export async function scopeCodesOf(db: Db, releaseId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ scope: releaseRows.scope }).from(releaseRows).where(eq(releaseRows.releaseId, releaseId));
  return rows.map((r) => r.scope);
}
