/**
 * Frozen releases, filtered to the caller's scope: an admin or researcher reads their
 * organisation, a commander their unit and everything below it (plus, in a unit report, the
 * published `all` figures of their parent and the organisation as benchmarks — decision 005).
 * Every read is written to the audit log. Suppressed rows carry `suppressed: true`, a reason and
 * no numbers, in every format. Nothing here computes figures from responses.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { assertCanReadUnit, auditRead, readableUnitIds } from '../../auth/access.js';
import { requireUser, type AuthEnv } from '../../auth/middleware.js';
import type { SessionUser } from '../../auth/session.js';
import { AuthError } from '../../auth/errors.js';
import type { Db } from '../../db/client.js';
import { organisations, releaseRows, releases, units, waves } from '../../db/schema.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { releaseCsv, releaseRecord } from '../../cli/release-commands.js';
import { buildRelease, getReleaseComparisons, getReleaseRows } from '../../services/releases.js';
import { parseBody } from '../../auth/validate.js';

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

function wantsCsv(format: string | undefined): boolean {
  if (format === undefined || format === 'json') return false;
  if (format === 'csv') return true;
  throw new UsageError(`format must be json or csv, not "${format}"`);
}

const HEADLINE = new Set([
  'sv_experienced', 'sv_team_observed', 'sv_unsafe', 'sv_aware_where', 'sv_aware_complaints', 'sv_aware_vp', 'sv_aware_code',
  'sv_willing', 'sv_trust', 'sv_fear', 'werkdruk', 'leiding', 'team', 'betrokkenheid', 'psy_veiligheid', 'vier_v', 'sat', 'response_rate',
]);

/** The releases holding figures for a unit (latest per period, newest first) and the one asked for or the newest. */
async function unitReleases(db: Db, unit: typeof units.$inferSelect, releaseId: string | undefined) {
  const available = await db.selectDistinct({ id: releases.id, period: releases.period, kind: releases.kind, frozenAt: releases.frozenAt })
    .from(releases).innerJoin(releaseRows, eq(releaseRows.releaseId, releases.id))
    .where(and(eq(releases.organisationId, unit.organisationId), eq(releaseRows.scope, unit.code)));
  // Latest release per period; the newest of those by default.
  const latest = new Map<string, (typeof available)[number]>();
  for (const r of available.sort((a, b) => a.frozenAt.getTime() - b.frozenAt.getTime())) latest.set(r.period, r);
  const choices = [...latest.values()].sort((a, b) => b.frozenAt.getTime() - a.frozenAt.getTime());
  const chosen = releaseId ? available.find((r) => r.id === releaseId) : choices[0];
  if (!chosen) throw new NotFoundError(releaseId ? `release ${releaseId} has no figures for ${unit.code}` : `no frozen release has figures for ${unit.code} yet`);
  return { choices, chosen };
}

// Per route rather than `use('*')`: this router is mounted at the root next to other routers.
const reader = requireUser(['admin', 'researcher', 'commander']);
const BuildSchema = z.strictObject({ period: z.string().min(1).max(40), org: z.string().min(1).max(60).optional() });

export const releaseRoutes = new Hono<AuthEnv>()
  /** Builds, audits and freezes the release of a closed wave or a window (decision 030). */
  .post('/releases', requireUser(['admin']), async (c) => {
    const input = parseBody(BuildSchema, await c.req.json().catch(() => undefined));
    const s = await buildRelease(c.get('db'), input.period, { org: input.org });
    return c.json({ id: s.id, period: s.period, rows: s.rows, suppressed: s.suppressed }, 201);
  })
  /** Waves (with their state) and releases, for pickers; metadata only, no figures. */
  .get('/periods', requireUser(['admin', 'researcher']), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const q = db.select({ code: waves.code, organisation: organisations.code, kind: waves.kind, opensAt: waves.opensAt, closesAt: waves.closesAt, closedAt: waves.closedAt })
      .from(waves).innerJoin(organisations, eq(organisations.id, waves.organisationId));
    const list = await (user.organisationId === null ? q : q.where(eq(waves.organisationId, user.organisationId))).orderBy(asc(waves.code));
    const now = Date.now();
    return c.json({
      waves: list.map((w) => ({ ...w, state: w.closedAt !== null || w.closesAt.getTime() <= now ? 'closed' : w.opensAt.getTime() > now ? 'planned' : 'open' })),
    });
  })
  /** The unit a commander reads from (their scope), or the organisation roots of others. */
  .get('/units/scope', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const pick = { code: units.code, name: units.name, level: units.level };
    if (user.role === 'commander') {
      const rows = user.scopeUnitId === null ? [] : await db.select(pick).from(units).where(eq(units.id, user.scopeUnitId));
      return c.json({ units: rows });
    }
    const roots = await db.select({ ...pick, organisationId: units.organisationId, parentId: units.parentId }).from(units).innerJoin(organisations, eq(organisations.code, units.code));
    return c.json({ units: roots.filter((u) => user.organisationId === null || u.organisationId === user.organisationId).map(({ code, name, level }) => ({ code, name, level })) });
  })
  /**
   * One dimension (and optionally one indicator) of a release over every readable scope, with the
   * published comparisons of those cells: what the organisation overview and its funnel plot need
   * in one read. Frozen rows only.
   */
  .get('/releases/:id/overview', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.param('id'));
    const scopes = await requestedScopes(db, user, release, c.req.query('scope'));
    const dimension = c.req.query('dimension') ?? 'all';
    const indicator = c.req.query('indicator');
    const keep = (r: { dimension: string; indicator: string }) => r.dimension === dimension && (!indicator || r.indicator === indicator);
    const rows = (await getReleaseRows(db, release.id, scopes)).filter(keep);
    const comparisons = (await getReleaseComparisons(db, release.id, scopes)).filter(keep);
    await auditRead(db, user, 'read.overview', `${release.id}:${dimension}${indicator ? `:${indicator}` : ''}`);
    return c.json({ rows: rows.map((r) => releaseRecord(r, release.period)), comparisons: comparisons.map(({ releaseId: _r, ...x }) => x) });
  })
  .get('/releases', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const q = db.select({ id: releases.id, organisation: organisations.code, period: releases.period, kind: releases.kind, frozenAt: releases.frozenAt, rules: releases.rules, summary: releases.summary })
      .from(releases).innerJoin(organisations, eq(organisations.id, releases.organisationId));
    const list = await (user.organisationId === null ? q : q.where(eq(releases.organisationId, user.organisationId))).orderBy(desc(releases.frozenAt));
    const period = c.req.query('period');
    // The disclosure summary (rules, suppressed rows per reason, audit; decision 040) is for
    // admins and researchers; it holds counts over the whole release, no cell's numbers.
    const withSummary = list.map(({ summary, ...r }) => (user.role === 'admin' || user.role === 'researcher'
      ? { ...r, disclosure: (summary as { disclosure?: unknown } | null)?.disclosure ?? null } : r));
    return c.json(period ? withSummary.filter((r) => r.period === period) : withSummary);
  })
  .get('/releases/:id', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.param('id'));
    const readable = await readableCodes(db, user, release.organisationId);
    const scopes = await db.selectDistinct({ scope: releaseRows.scope }).from(releaseRows).where(eq(releaseRows.releaseId, release.id));
    const visible = scopes.map((s) => s.scope).filter((s) => readable === 'all' || readable.has(s));
    const info = visible.length ? await db.select({ code: units.code, name: units.name, level: units.level, parentId: units.parentId, id: units.id }).from(units).where(inArray(units.code, visible)) : [];
    const codeById = new Map(info.map((u) => [u.id, u.code]));
    return c.json({
      id: release.id, organisation: release.organisation, period: release.period, kind: release.kind, frozenAt: release.frozenAt, rules: release.rules,
      scopes: info.map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parentId === null ? null : codeById.get(u.parentId) ?? null }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    });
  })
  .get('/releases/:id/rows', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.param('id'));
    const csv = wantsCsv(c.req.query('format'));
    const scopes = await requestedScopes(db, user, release, c.req.query('scope'));
    let rows = await getReleaseRows(db, release.id, scopes);
    const dimension = c.req.query('dimension');
    const indicator = c.req.query('indicator');
    if (dimension) rows = rows.filter((r) => r.dimension === dimension);
    if (indicator) rows = rows.filter((r) => r.indicator === indicator);
    await auditRead(db, user, csv ? 'export.release.csv' : 'read.release', `${release.id}${scopes ? `:${scopes.length === 1 ? scopes[0] : `${scopes.length} scopes`}` : ''}`);
    if (csv) {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${release.id}.csv"`);
      return c.body(releaseCsv(rows, release.period));
    }
    return c.json(rows.map((r) => releaseRecord(r, release.period)));
  })
  .get('/releases/:id/comparisons', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const release = await getRelease(db, user, c.req.param('id'));
    const scopes = await requestedScopes(db, user, release, c.req.query('scope'));
    const rows = await getReleaseComparisons(db, release.id, scopes);
    await auditRead(db, user, 'read.comparisons', release.id);
    return c.json(rows.map(({ releaseId: _r, ...x }) => x));
  })
  /**
   * Which frozen release a unit report would show (the one asked for, or the unit's newest),
   * after the same access check and audit entry as the report itself. Lets the dashboard serve a
   * report it already built from that frozen release without reading the rows again.
   */
  .get('/reports/unit/:code/release', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const code = c.req.param('code');
    await assertCanReadUnit(db, user, code);
    const [unit] = await db.select().from(units).where(eq(units.code, code));
    if (!unit) throw new AuthError(403, 'forbidden', 'you may not read this unit');
    const { chosen } = await unitReleases(db, unit, c.req.query('release'));
    await auditRead(db, user, 'report.unit', `${code}@${chosen.id}`);
    return c.json({ release: chosen.id });
  })
  /** A commander's report of one unit: its rows and comparisons, headline benchmarks, children. */
  .get('/reports/unit/:code', reader, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const code = c.req.param('code');
    await assertCanReadUnit(db, user, code);
    const [unit] = await db.select().from(units).where(eq(units.code, code));
    if (!unit) throw new AuthError(403, 'forbidden', 'you may not read this unit');
    const { choices, chosen } = await unitReleases(db, unit, c.req.query('release'));
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
    await auditRead(db, user, 'report.unit', `${code}@${chosen.id}`);
    return c.json({
      release: chosen.id, period: chosen.period, kind: chosen.kind, frozenAt: chosen.frozenAt,
      unit: { code: unit.code, name: unit.name, level: unit.level },
      parent: parent ? { code: parent.code, name: parent.name } : null,
      organisation: org ? { code: org.code, name: org.name, minGroupSize: org.minGroupSize, minVictims: org.minVictims } : null,
      ownReport,
      respondents: rr && !rr.suppressed ? rr.count : null,
      headcount: rr && !rr.suppressed ? rr.n : null,
      rows: rows.map((r) => releaseRecord(r, chosen.period)),
      comparisons: comparisons.map(({ releaseId: _r, ...x }) => x),
      benchmarks: { parent: await benchmark(parent?.code), organisation: await benchmark(org?.code) },
      children: children.map((ch) => ({ ...ch, hasFigures: withFigures.has(ch.code) })),
      releases: choices.map((r) => ({ id: r.id, period: r.period, kind: r.kind })),
      trend,
    });
  });
