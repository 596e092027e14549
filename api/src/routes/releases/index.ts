/**
 * Frozen releases, filtered to the caller's scope: an admin or researcher reads their
 * organisation, a commander their unit and everything below it (plus, in a unit report, the
 * published `all` figures of their parent and the organisation as benchmarks — decision 005).
 * Every read is written to the audit log. Suppressed rows carry `suppressed: true`, a reason and
 * no numbers, in every format. Nothing here computes figures from responses.
 */
import { z } from '@hono/zod-openapi';
import { HEADLINE_WITH_RESPONSE_RATE } from '@vw/questionnaire';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { assertCanReadUnit, auditRead, readableUnitIds } from '../../auth/access.js';
import type { SessionUser } from '../../auth/session.js';
import { AuthError } from '../../auth/errors.js';
import type { Db } from '../../db/client.js';
import { invitations, organisations, releaseRows, releases, units, waveUnits, waves } from '../../db/schema.js';
import { NotFoundError, UsageError, ValidationError } from '../../errors.js';
import { ComparisonSchema, DisclosureSummarySchema, ReleaseListItemSchema, ReleaseMetaSchema, ReleaseRecordSchema, ReleaseRulesSchema, UnitReportSchema } from './schemas.js';
import { releaseCsv, releaseRecord } from '../../services/release-record.js';
import { buildRelease, getReleaseComparisons, getReleaseRows } from '../../services/releases.js';
import { downloadName } from '../../http/download.js';
import { declare, json, jsonBody, router } from '../../http/openapi.js';
import { getOverviewSlice, getReleaseScopeCodes } from '../../services/frozen-reads.js';
import { wavePhase } from '../../repositories/waves.js';

type ReleaseMeta = typeof releases.$inferSelect & { organisation: string };

async function getRelease(db: Db, user: SessionUser, id: string): Promise<ReleaseMeta> {
  const [row] = await db.select({ release: releases, organisation: organisations.code }).from(releases)
    .innerJoin(organisations, eq(organisations.id, releases.organisationId)).where(eq(releases.id, id));
  // Another organisation's release is "not found" for this user: its existence is not theirs to know.
  if (!row || (user.organisationId !== null && row.release.organisationId !== user.organisationId)) throw new NotFoundError(`no release ${id}`);
  return { ...row.release, organisation: row.organisation };
}

/** Unit codes (scopes) the user may read within an organisation. */
async function readableCodes(db: Db, user: SessionUser, organisationId: number): Promise<Set<string> | 'all'> {
  const ids = await readableUnitIds(db, user);
  if (ids === 'all' || user.role !== 'commander') return 'all';
  if (ids.length === 0) return new Set();
  const rows = await db.select({ code: units.code }).from(units).where(and(inArray(units.id, ids), eq(units.organisationId, organisationId)));
  return new Set(rows.map((r) => r.code));
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
async function unitReleases(db: Db, unit: typeof units.$inferSelect, releaseId: string | undefined) {
  const available = await db.select({
    id: releases.id, period: releases.period, kind: releases.kind, frozenAt: releases.frozenAt,
    // Whether the unit has any published figure of its own (dimension all) in this release.
    own: sql<boolean>`bool_or(${releaseRows.dimension} = 'all' and not ${releaseRows.suppressed})`,
  }).from(releases).innerJoin(releaseRows, eq(releaseRows.releaseId, releases.id))
    .where(and(eq(releases.organisationId, unit.organisationId), eq(releaseRows.scope, unit.code)))
    .groupBy(releases.id, releases.period, releases.kind, releases.frozenAt);
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
  const rr = await db.select({ releaseId: releaseRows.releaseId, n: releaseRows.n, count: releaseRows.count, suppressed: releaseRows.suppressed }).from(releaseRows).where(and(
    inArray(releaseRows.releaseId, [window.id, wave.id]), eq(releaseRows.scope, code), eq(releaseRows.dimension, 'all'), eq(releaseRows.indicator, 'response_rate')));
  const w = rr.find((r) => r.releaseId === window.id);
  const v = rr.find((r) => r.releaseId === wave.id);
  if (!w || !v || w.suppressed || v.suppressed || w.count !== v.count || w.n !== v.n) return null;
  return { release: wave.id, period: wave.period };
}

const reader = ['admin', 'researcher', 'commander'] as const;
const BuildSchema = z.strictObject({ period: z.string().min(1).max(40), org: z.string().min(1).max(60).optional() });
const IdParam = z.object({ id: z.string().min(1).max(200) });
const CodeParam = z.object({ code: z.string().min(1).max(100) });
const ScopeQuery = z.string().max(20_000).optional().openapi({ description: 'Comma-separated unit codes (default: every scope the caller may read)' });

const buildRoute = declare(['admin'], {
  method: 'post', path: '/releases', tags: ['releases'], summary: 'Builds, audits and freezes the release of a closed wave or a window (decision 030)',
  request: { body: jsonBody(BuildSchema) },
  responses: { 201: json(z.object({ id: z.string(), period: z.string(), rows: z.int(), suppressed: z.int() }), 'Frozen') },
}, [404, 409]);
const periodsRoute = declare(['admin', 'researcher'], {
  method: 'get', path: '/periods', tags: ['releases'], summary: 'Waves (with their state) for pickers; metadata only, no figures',
  responses: {
    200: json(z.object({
      waves: z.array(z.object({
        code: z.string(), organisation: z.string(), kind: z.enum(['census', 'sample']), opensAt: z.string(), closesAt: z.string(),
        closedAt: z.string().nullable(), units: z.int(), invitations: z.int(), state: z.enum(['planned', 'open', 'closed']),
      })),
    }), 'The waves'),
  },
});
const UnitRefSchema = z.object({ code: z.string(), name: z.string(), level: z.string() });
const scopeRoute = declare(reader, {
  method: 'get', path: '/units/scope', tags: ['releases'], summary: 'The unit a commander reads from, or the organisation roots of others',
  responses: { 200: json(z.object({ units: z.array(UnitRefSchema) }), 'The units') },
});
const overviewRoute = declare(reader, {
  method: 'get', path: '/releases/{id}/overview', tags: ['releases'],
  summary: 'One dimension (and optionally some indicators) of a release over every readable scope, with its comparisons',
  request: {
    params: IdParam,
    query: z.object({
      scope: ScopeQuery,
      dimension: z.string().min(1).max(40).optional(),
      indicator: z.string().max(2_000).optional().openapi({ description: 'Comma-separated indicator codes (at most 40)' }),
      against: z.enum(['parent_rest', 'organisation_rest', 'unit_rest']).optional(),
    }),
  },
  responses: { 200: json(z.object({ rows: z.array(ReleaseRecordSchema), comparisons: z.array(ComparisonSchema) }), 'Rows and comparisons') },
}, [403, 404]);
const listRoute = declare(reader, {
  method: 'get', path: '/releases', tags: ['releases'], summary: 'Frozen releases of the caller\'s organisation, newest first',
  request: { query: z.object({ period: z.string().max(40).optional() }) },
  responses: {
    200: json(z.array(ReleaseListItemSchema), 'The releases'),
  },
});
const metaRoute = declare(reader, {
  method: 'get', path: '/releases/{id}', tags: ['releases'], summary: 'A release\'s metadata and the scopes the caller may read in it',
  request: { params: IdParam },
  responses: {
    200: json(ReleaseMetaSchema, 'The release'),
  },
}, [404]);
const rowsRoute = declare(reader, {
  method: 'get', path: '/releases/{id}/rows', tags: ['releases'], summary: 'The rows of a release in the caller\'s scope, as JSON or as the CSV of interchange.md',
  request: {
    params: IdParam,
    query: z.object({
      scope: ScopeQuery, dimension: z.string().max(40).optional(), indicator: z.string().max(60).optional(),
      format: z.enum(['json', 'csv']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'The rows',
      content: { 'application/json': { schema: z.array(ReleaseRecordSchema) }, 'text/csv': { schema: z.string() } },
    },
  },
}, [403, 404]);
const comparisonsRoute = declare(reader, {
  method: 'get', path: '/releases/{id}/comparisons', tags: ['releases'], summary: 'The comparisons published with a release, in the caller\'s scope',
  request: { params: IdParam, query: z.object({ scope: ScopeQuery }) },
  responses: { 200: json(z.array(ComparisonSchema), 'The comparisons') },
}, [403, 404]);
const UnitReleaseQuery = z.object({ release: z.string().max(200).optional() });
const unitReleaseRoute = declare(reader, {
  method: 'get', path: '/reports/unit/{code}/release', tags: ['reports'], summary: 'Which frozen release a unit report would show',
  request: { params: CodeParam, query: UnitReleaseQuery },
  responses: { 200: json(z.object({ release: z.string() }), 'The release') },
}, [403, 404]);
const unitReportRoute = declare(reader, {
  method: 'get', path: '/reports/unit/{code}', tags: ['reports'], summary: 'A unit\'s report: its rows and comparisons, headline benchmarks, children, trend',
  request: { params: CodeParam, query: UnitReleaseQuery },
  responses: { 200: json(UnitReportSchema, 'The report') },
}, [403, 404]);

export const releaseRoutes = router()
  .openapi(buildRoute, async (c) => {
    const input = c.req.valid('json');
    const s = await buildRelease(c.get('db'), input.period, { org: input.org });
    return c.json({ id: s.id, period: s.period, rows: s.rows, suppressed: s.suppressed }, 201);
  })
  .openapi(periodsRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const q = db.select({ code: waves.code, organisation: organisations.code, kind: waves.kind, opensAt: waves.opensAt, closesAt: waves.closesAt, closedAt: waves.closedAt })
      .from(waves).innerJoin(organisations, eq(organisations.id, waves.organisationId));
    const list = await (user.organisationId === null ? q : q.where(eq(waves.organisationId, user.organisationId))).orderBy(asc(waves.code));
    // Units covered and invitations issued per wave: counts the admin created, nothing about answers.
    const covered = await db.select({ code: waves.code, n: sql<number>`count(*)::int` }).from(waveUnits).innerJoin(waves, eq(waves.id, waveUnits.waveId)).groupBy(waves.code);
    const issued = await db.select({ code: waves.code, n: sql<number>`count(*)::int` }).from(invitations).innerJoin(waves, eq(waves.id, invitations.waveId)).groupBy(waves.code);
    const unitsOf = new Map(covered.map((r) => [r.code, Number(r.n)]));
    const invitationsOf = new Map(issued.map((r) => [r.code, Number(r.n)]));
    const now = new Date();
    return c.json({
      waves: list.map((w) => ({
        ...w, units: unitsOf.get(w.code) ?? 0, invitations: invitationsOf.get(w.code) ?? 0,
        state: wavePhase(w, now),
      })),
    }, 200);
  })
  /** The unit a commander reads from (their scope), or the organisation roots of others. */
  .openapi(scopeRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const pick = { code: units.code, name: units.name, level: units.level };
    if (user.role === 'commander') {
      const rows = user.scopeUnitId === null ? [] : await db.select(pick).from(units).where(eq(units.id, user.scopeUnitId));
      return c.json({ units: rows }, 200);
    }
    const roots = await db.select({ ...pick, organisationId: units.organisationId, parentId: units.parentId }).from(units).innerJoin(organisations, eq(organisations.code, units.code));
    return c.json({ units: roots.filter((u) => user.organisationId === null || u.organisationId === user.organisationId).map(({ code, name, level }) => ({ code, name, level })) }, 200);
  })
  /**
   * One dimension (and optionally one indicator) of a release over every readable scope, with the
   * published comparisons of those cells: what the organisation overview and its funnel plot need
   * in one read. Frozen rows only.
   */
  .openapi(overviewRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.valid('param').id);
    const query = c.req.valid('query');
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
    return c.json({ rows: rows.map((r) => releaseRecord(r, release.period)), comparisons }, 200);
  })
  .openapi(listRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const q = db.select({ id: releases.id, organisation: organisations.code, period: releases.period, kind: releases.kind, frozenAt: releases.frozenAt, rules: releases.rules, summary: releases.summary })
      .from(releases).innerJoin(organisations, eq(organisations.id, releases.organisationId));
    const list = await (user.organisationId === null ? q : q.where(eq(releases.organisationId, user.organisationId))).orderBy(desc(releases.frozenAt));
    const period = c.req.valid('query').period;
    // The disclosure summary (rules, suppressed rows per reason, audit; decisions 040, 041) is for
    // admins and researchers; it holds counts over the whole release, no cell's numbers.
    const readsSummary = user.role === 'admin' || user.role === 'researcher';
    const rows = (period ? list.filter((r) => r.period === period) : list).map(({ summary, ...r }) => ({
      ...r,
      rules: ReleaseRulesSchema.parse(r.rules),
      ...(readsSummary ? { disclosure: DisclosureSummarySchema.nullable().parse((summary as { disclosure?: unknown } | null)?.disclosure ?? null) } : {}),
    }));
    return c.json(rows, 200);
  })
  .openapi(metaRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.valid('param').id);
    const readable = await readableCodes(db, user, release.organisationId);
    const scopes = await getReleaseScopeCodes(db, release.id);
    const visible = scopes.filter((s) => readable === 'all' || readable.has(s));
    const info = visible.length ? await db.select({ code: units.code, name: units.name, level: units.level, parentId: units.parentId, id: units.id }).from(units).where(inArray(units.code, visible)) : [];
    const codeById = new Map(info.map((u) => [u.id, u.code]));
    return c.json({
      id: release.id, organisation: release.organisation, period: release.period, kind: release.kind, frozenAt: release.frozenAt, rules: ReleaseRulesSchema.parse(release.rules),
      scopes: info.map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parentId === null ? null : codeById.get(u.parentId) ?? null }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    }, 200);
  })
  .openapi(rowsRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.valid('param').id);
    const { format, scope, dimension, indicator } = c.req.valid('query');
    const csv = format === 'csv';
    const scopes = await requestedScopes(db, user, release, scope);
    let rows = await getReleaseRows(db, release.id, scopes);
    if (dimension) rows = rows.filter((r) => r.dimension === dimension);
    if (indicator) rows = rows.filter((r) => r.indicator === indicator);
    await auditRead(db, user, csv ? 'export.release.csv' : 'read.release', `${release.id}${scopes ? `:${scopes.length === 1 ? scopes[0] : `${scopes.length} scopes`}` : ''}`);
    if (csv) {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${downloadName(release.id)}.csv"`);
      return c.body(releaseCsv(rows, release.period));
    }
    return c.json(rows.map((r) => releaseRecord(r, release.period)), 200);
  })
  .openapi(comparisonsRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.valid('param').id);
    const scopes = await requestedScopes(db, user, release, c.req.valid('query').scope);
    const rows = await getReleaseComparisons(db, release.id, scopes);
    await auditRead(db, user, 'read.comparisons', release.id);
    return c.json(rows.map(({ releaseId: _r, ...x }) => x), 200);
  })
  /**
   * Which frozen release a unit report would show (the one asked for, or the unit's newest),
   * after the same access check and audit entry as the report itself. Lets the dashboard serve a
   * report it already built from that frozen release without reading the rows again.
   */
  .openapi(unitReleaseRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const code = c.req.valid('param').code;
    await assertCanReadUnit(db, user, code);
    const [unit] = await db.select().from(units).where(eq(units.code, code));
    if (!unit) throw new AuthError(403, 'forbidden', 'you may not read this unit');
    const { chosen } = await unitReleases(db, unit, c.req.valid('query').release);
    await auditRead(db, user, 'report.unit', `${code}@${chosen.id}`);
    return c.json({ release: chosen.id }, 200);
  })
  /** A commander's report of one unit: its rows and comparisons, headline benchmarks, children. */
  .openapi(unitReportRoute, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const code = c.req.valid('param').code;
    await assertCanReadUnit(db, user, code);
    const [unit] = await db.select().from(units).where(eq(units.code, code));
    if (!unit) throw new AuthError(403, 'forbidden', 'you may not read this unit');
    const { choices, chosen } = await unitReleases(db, unit, c.req.valid('query').release);
    const rows = await getReleaseRows(db, chosen.id, [code]);
    const parent = unit.parentId === null ? undefined : (await db.select().from(units).where(eq(units.id, unit.parentId)))[0];
    const [org] = await db.select().from(organisations).where(eq(organisations.id, unit.organisationId));
    const benchmark = async (scope: string | undefined) => {
      if (!scope || scope === code) return [];
      const list = await getReleaseRows(db, chosen.id, [scope]);
      return list.filter((r) => r.dimension === 'all' && HEADLINE.has(r.indicator) && !r.suppressed).map((r) => releaseRecord(r, chosen.period));
    };
    const readable = await readableCodes(db, user, unit.organisationId);
    const children = (await db.select({ code: units.code, name: units.name, level: units.level }).from(units).where(eq(units.parentId, unit.id)))
      .filter((u) => readable === 'all' || readable.has(u.code));
    const childRows = children.length ? await db.selectDistinct({ scope: releaseRows.scope }).from(releaseRows).where(and(eq(releaseRows.releaseId, chosen.id), inArray(releaseRows.scope, children.map((u) => u.code)))) : [];
    const withFigures = new Set(childRows.map((r) => r.scope));
    // Trend: this unit's headline figures in every wave release, oldest first.
    // One query for the whole trend: this unit's headline rows in every wave release.
    const waveReleases = choices.filter((x) => x.kind === 'wave').sort((a, b) => a.period.localeCompare(b.period));
    const trendRows = waveReleases.length === 0 ? [] : await db.select().from(releaseRows).where(and(
      inArray(releaseRows.releaseId, waveReleases.map((r) => r.id)), eq(releaseRows.scope, code), eq(releaseRows.dimension, 'all'),
      inArray(releaseRows.indicator, [...HEADLINE])));
    const trend = waveReleases.map((r) => ({
      release: r.id, period: r.period,
      rows: trendRows.filter((x) => x.releaseId === r.id).map((x) => releaseRecord(x, r.period)),
    }));
    const rr = rows.find((r) => r.dimension === 'all' && r.indicator === 'response_rate');
    const ownReport = rows.some((r) => r.dimension === 'all' && !r.suppressed);
    const comparisons = await getReleaseComparisons(db, chosen.id, [code]);
    const sameAsWave = await sameWaveInWindow(db, code, chosen, choices);
    await auditRead(db, user, 'report.unit', `${code}@${chosen.id}`);
    return c.json({
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
    }, 200);
  });
