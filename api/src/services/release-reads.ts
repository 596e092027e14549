/**
 * Reading frozen releases, filtered to the caller's scope: an admin or researcher reads their
 * organisation, a commander their unit and everything below it (plus, in a unit report, the
 * published `all` figures of their parent and the organisation as benchmarks — decision 005).
 * Every read is written to the audit log. Suppressed rows carry `suppressed: true`, a reason and
 * no numbers, in every format. Nothing here computes figures from responses.
 *
 * The rules of the releases routes (routes/releases/index.ts, which only parse and answer); the
 * SQL is in repositories/ (decision 081).
 */
import { HEADLINE_WITH_RESPONSE_RATE } from '@vw/questionnaire';
import { assertCanReadUnit, auditRead, readableUnitIds } from '../auth/access.js';
import { AuthError } from '../auth/errors.js';
import type { SessionUser } from '../auth/session.js';
import type { Db } from '../db/client.js';
import { NotFoundError, UsageError, ValidationError } from '../errors.js';
import { getOrganisationById } from '../repositories/organisations.js';
import {
  getReleaseWithOrganisation, listReleases, releasesWithRowsFor, responseRateRows, scopesWithRows, trendRows, type ReleaseMeta,
} from '../repositories/releases.js';
import { childUnits, getUnitByCode, getUnitById, organisationRoots, unitCodesIn, unitRefById, unitTreeRows, type UnitRow } from '../repositories/units.js';
import { listWavesWithOrganisation, waveCoverage, wavePhase } from '../repositories/waves.js';
import { getOverviewSlice, getReleaseScopeCodes } from './frozen-reads.js';
import { releaseRecord } from './release-record.js';
import { getReleaseComparisons, getReleaseRows, type ReleaseRow } from './releases.js';

export type { ReleaseMeta } from '../repositories/releases.js';

/** A release the user may know of; another organisation's is "not found": its existence is not theirs to know. */
export async function getReadableRelease(db: Db, user: SessionUser, id: string): Promise<ReleaseMeta> {
  const release = await getReleaseWithOrganisation(db, id);
  if (!release || (user.organisationId !== null && release.organisationId !== user.organisationId)) throw new NotFoundError(`no release ${id}`);
  return release;
}

/** Unit codes (scopes) the user may read within an organisation. */
async function readableCodes(db: Db, user: SessionUser, organisationId: number): Promise<Set<string> | 'all'> {
  const ids = await readableUnitIds(db, user);
  if (ids === 'all' || user.role !== 'commander') return 'all';
  if (ids.length === 0) return new Set();
  return new Set(await unitCodesIn(db, ids, organisationId));
}

/** The scopes a request asks for, each checked; without `scope`, every readable scope. */
async function requestedScopes(db: Db, user: SessionUser, release: ReleaseMeta, scope: string | undefined): Promise<string[] | undefined> {
  if (scope !== undefined) {
    const list = scope.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0) throw new UsageError('scope is empty');
    for (const code of list) await assertCanReadUnit(db, user, code);
    return list;
  }
  const readable = await readableCodes(db, user, release.organisationId);
  return readable === 'all' ? undefined : [...readable];
}

const HEADLINE = new Set(HEADLINE_WITH_RESPONSE_RATE);

/**
 * The releases holding figures for a unit (latest build per period, newest first) and the one
 * asked for or the default. The default is the unit's latest *wave* in which it has a report of
 * its own (a published `all` figure): a window is an organisation-level view, and a tiny closed
 * wave with nothing publishable must not become anyone's start page. Without such a wave, the
 * latest release with a report of its own; without any, the newest release.
 */
async function unitReleases(db: Db, unit: UnitRow, releaseId: string | undefined) {
  const available = await releasesWithRowsFor(db, unit.organisationId, unit.code);
  // Latest release per period; the newest of those first.
  const latest = new Map<string, (typeof available)[number]>();
  for (const r of available.sort((a, b) => a.frozenAt.getTime() - b.frozenAt.getTime())) latest.set(r.period, r);
  const choices = [...latest.values()].sort((a, b) => b.frozenAt.getTime() - a.frozenAt.getTime());
  const byPeriod = [...choices].sort((a, b) => b.period.localeCompare(a.period));
  const fallback = byPeriod.find((r) => r.kind === 'wave' && r.own) ?? byPeriod.find((r) => r.own) ?? choices[0];
  const chosen = releaseId ? available.find((r) => r.id === releaseId) : fallback;
  if (!chosen) throw new NotFoundError(releaseId ? `release ${releaseId} has no figures for ${unit.code}` : `no frozen release has figures for ${unit.code} yet`);
  return { choices, chosen };
}

/**
 * For a window: the unit's latest wave inside it when the window holds exactly that wave's
 * respondents for the unit (same respondents and headcount in the response rate), so the page can
 * say that the window repeats that wave for this unit.
 */
async function sameWaveInWindow(db: Db, code: string, window: { id: string; period: string; kind: string }, choices: { id: string; period: string; kind: string }[]) {
  const years = /^(\d{4})-(\d{4})$/.exec(window.period);
  if (window.kind !== 'window' || !years) return null;
  const inside = choices.filter((r) => r.kind === 'wave' && /(\d{4})$/.test(r.period))
    .filter((r) => { const y = Number(/(\d{4})$/.exec(r.period)![1]); return y >= Number(years[1]) && y <= Number(years[2]); })
    .sort((a, b) => b.period.localeCompare(a.period));
  const wave = inside[0];
  if (!wave) return null;
  const rr = await responseRateRows(db, [window.id, wave.id], code);
  const w = rr.find((r) => r.releaseId === window.id);
  const v = rr.find((r) => r.releaseId === wave.id);
  if (!w || !v || w.suppressed || v.suppressed || w.count !== v.count || w.n !== v.n) return null;
  return { release: wave.id, period: wave.period };
}

/** Waves (with their state) for pickers: metadata and counts the admin created, no figures. */
export async function listPeriods(db: Db, user: SessionUser, now = new Date()) {
  const list = await listWavesWithOrganisation(db, user.organisationId);
  const coverage = await waveCoverage(db);
  return list.map((w) => ({
    ...w, units: coverage.units.get(w.code) ?? 0, invitations: coverage.invitations.get(w.code) ?? 0,
    state: wavePhase(w, now),
  }));
}

/** The unit a commander reads from (their scope), or the organisation roots of others. */
export async function scopeUnits(db: Db, user: SessionUser): Promise<{ code: string; name: string; level: string }[]> {
  if (user.role === 'commander') return unitRefById(db, user.scopeUnitId);
  const roots = await organisationRoots(db);
  return roots.filter((u) => user.organisationId === null || u.organisationId === user.organisationId).map(({ code, name, level }) => ({ code, name, level }));
}

export interface OverviewQuery {
  scope?: string | undefined;
  dimension?: string | undefined;
  /** Comma-separated indicator codes. */
  indicator?: string | undefined;
  against?: 'parent_rest' | 'organisation_rest' | 'unit_rest' | undefined;
}

/**
 * One dimension (and optionally some indicators) of a release over every readable scope, with the
 * published comparisons of those cells: what the organisation overview and its funnel plot need
 * in one read. Frozen rows only.
 */
export async function releaseOverview(db: Db, user: SessionUser, id: string, query: OverviewQuery) {
  const release = await getReadableRelease(db, user, id);
  const scopes = await requestedScopes(db, user, release, query.scope);
  const dimension = query.dimension ?? 'all';
  const indicators = query.indicator?.split(',').map((s) => s.trim()).filter(Boolean);
  const against = query.against;
  if (indicators && (indicators.length === 0 || indicators.length > 40 || indicators.some((s) => s.length > 60))) {
    throw new ValidationError([{ path: 'query.indicator', reason: 'a list of 1 to 40 indicator codes of at most 60 characters' }]);
  }
  // Filtered in SQL; organisation-wide reads are kept per frozen release (services/frozen-reads.ts).
  const { rows, comparisons } = await getOverviewSlice(db, release.id, dimension, indicators, scopes, against);
  await auditRead(db, user, 'read.overview', `${release.id}:${dimension}${indicators ? `:${indicators.join(',')}` : ''}`);
  return { rows: rows.map((r) => releaseRecord(r, release.period)), comparisons };
}

/**
 * The caller's organisation's releases (every one for an instance-wide user), newest first,
 * optionally of one period. The stored disclosure summary (rules, suppressed rows per reason,
 * audit; decisions 040, 041) only for admins and researchers: it holds counts over the whole
 * release, no cell's numbers.
 */
export async function listReleasesFor(db: Db, user: SessionUser, period: string | undefined) {
  const list = await listReleases(db, user.organisationId);
  const readsSummary = user.role === 'admin' || user.role === 'researcher';
  return (period ? list.filter((r) => r.period === period) : list).map(({ summary, ...r }) => ({
    ...r,
    ...(readsSummary ? { disclosure: (summary as { disclosure?: unknown } | null)?.disclosure ?? null } : {}),
  }));
}

/** A release and the scopes (units) the caller may read in it, each with its parent's code. */
export async function releaseWithScopes(db: Db, user: SessionUser, id: string) {
  const release = await getReadableRelease(db, user, id);
  const readable = await readableCodes(db, user, release.organisationId);
  const scopes = await getReleaseScopeCodes(db, release.id);
  const visible = scopes.filter((s) => readable === 'all' || readable.has(s));
  const info = await unitTreeRows(db, visible);
  const codeById = new Map(info.map((u) => [u.id, u.code]));
  return {
    release,
    scopes: info.map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parentId === null ? null : codeById.get(u.parentId) ?? null }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export interface RowsQuery {
  scope?: string | undefined;
  dimension?: string | undefined;
  indicator?: string | undefined;
}

/** The rows of a release in the caller's scope (audited as a read, or as a CSV export). */
export async function releaseRowsFor(db: Db, user: SessionUser, id: string, query: RowsQuery, csv: boolean): Promise<{ release: ReleaseMeta; rows: ReleaseRow[] }> {
  const release = await getReadableRelease(db, user, id);
  const scopes = await requestedScopes(db, user, release, query.scope);
  let rows = await getReleaseRows(db, release.id, scopes);
  if (query.dimension) rows = rows.filter((r) => r.dimension === query.dimension);
  if (query.indicator) rows = rows.filter((r) => r.indicator === query.indicator);
  await auditRead(db, user, csv ? 'export.release.csv' : 'read.release', `${release.id}${scopes ? `:${scopes.length === 1 ? scopes[0] : `${scopes.length} scopes`}` : ''}`);
  return { release, rows };
}

/** The comparisons published with a release, in the caller's scope. */
export async function releaseComparisonsFor(db: Db, user: SessionUser, id: string, scope: string | undefined) {
  const release = await getReadableRelease(db, user, id);
  const scopes = await requestedScopes(db, user, release, scope);
  const rows = await getReleaseComparisons(db, release.id, scopes);
  await auditRead(db, user, 'read.comparisons', release.id);
  return rows.map(({ releaseId: _r, ...x }) => x);
}

/** The unit a report is about, after the access check. */
async function readableUnit(db: Db, user: SessionUser, code: string): Promise<UnitRow> {
  await assertCanReadUnit(db, user, code);
  const unit = await getUnitByCode(db, code);
  if (!unit) throw new AuthError(403, 'forbidden', 'you may not read this unit');
  return unit;
}

/**
 * Which frozen release a unit report would show (the one asked for, or the unit's newest),
 * after the same access check and audit entry as the report itself.
 */
export async function unitReportRelease(db: Db, user: SessionUser, code: string, releaseId: string | undefined): Promise<string> {
  const unit = await readableUnit(db, user, code);
  const { chosen } = await unitReleases(db, unit, releaseId);
  await auditRead(db, user, 'report.unit', `${code}@${chosen.id}`);
  return chosen.id;
}

/** A commander's report of one unit: its rows and comparisons, headline benchmarks, children, trend. */
export async function unitReport(db: Db, user: SessionUser, code: string, releaseId: string | undefined) {
  const unit = await readableUnit(db, user, code);
  const { choices, chosen } = await unitReleases(db, unit, releaseId);
  const rows = await getReleaseRows(db, chosen.id, [code]);
  const parent = unit.parentId === null ? undefined : await getUnitById(db, unit.parentId);
  const org = await getOrganisationById(db, unit.organisationId);
  const benchmark = async (scope: string | undefined) => {
    if (!scope || scope === code) return [];
    const list = await getReleaseRows(db, chosen.id, [scope]);
    return list.filter((r) => r.dimension === 'all' && HEADLINE.has(r.indicator) && !r.suppressed).map((r) => releaseRecord(r, chosen.period));
  };
  const readable = await readableCodes(db, user, unit.organisationId);
  const children = (await childUnits(db, unit.id)).filter((u) => readable === 'all' || readable.has(u.code));
  const childRows = await scopesWithRows(db, chosen.id, children.map((u) => u.code));
  const withFigures = new Set(childRows.map((r) => r.scope));
  // Trend: this unit's headline figures in every wave release, oldest first (one query).
  const waveReleases = choices.filter((x) => x.kind === 'wave').sort((a, b) => a.period.localeCompare(b.period));
  const trendList = await trendRows(db, waveReleases.map((r) => r.id), code, [...HEADLINE]);
  const trend = waveReleases.map((r) => ({
    release: r.id, period: r.period,
    rows: trendList.filter((x) => x.releaseId === r.id).map((x) => releaseRecord(x, r.period)),
  }));
  const rr = rows.find((r) => r.dimension === 'all' && r.indicator === 'response_rate');
  const ownReport = rows.some((r) => r.dimension === 'all' && !r.suppressed);
  const comparisons = await getReleaseComparisons(db, chosen.id, [code]);
  const sameAsWave = await sameWaveInWindow(db, code, chosen, choices);
  await auditRead(db, user, 'report.unit', `${code}@${chosen.id}`);
  return {
    release: chosen.id, period: chosen.period, kind: chosen.kind, frozenAt: chosen.frozenAt,
    unit: { code: unit.code, name: unit.name, level: unit.level },
    parent: parent ? { code: parent.code, name: parent.name } : null,
    organisation: org ? { code: org.code, name: org.name, minGroupSize: org.minGroupSize, minVictims: org.minVictims } : null,
    ownReport,
    sameAsWave,
    // Other releases in which this unit has a report of its own (for a page without one).
    withOwnReport: choices.filter((r) => r.own && r.id !== chosen.id).map((r) => ({ id: r.id, period: r.period, kind: r.kind })),
    respondents: rr && !rr.suppressed ? rr.count : null,
    headcount: rr && !rr.suppressed ? rr.n : null,
    rows: rows.map((r) => releaseRecord(r, chosen.period)),
    comparisons: comparisons.map(({ releaseId: _r, ...x }) => x),
    benchmarks: { parent: await benchmark(parent?.code), organisation: await benchmark(org?.code) },
    children: children.map((ch) => ({ ...ch, hasFigures: withFigures.has(ch.code) })),
    releases: choices.map((r) => ({ id: r.id, period: r.period, kind: r.kind })),
    trend,
  };
}
