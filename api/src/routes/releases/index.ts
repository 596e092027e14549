/**
 * Frozen releases and unit reports over HTTP: thin routes declared with their schemas. Who may
 * read what, the audit entries and the choice of a unit's release are services/release-reads.ts;
 * the SQL is in repositories/ (decision 081). Suppressed rows carry `suppressed: true`, a reason
 * and no numbers, in every format.
 */
import { z } from '@hono/zod-openapi';
import { ComparisonSchema, DisclosureSummarySchema, ReleaseListItemSchema, ReleaseMetaSchema, ReleaseRecordSchema, ReleaseRulesSchema, UnitReportSchema } from './schemas.js';
import { releaseCsv, releaseRecord } from '../../services/release-record.js';
import { buildListed, pendingBuilds } from '../../services/release-builds.js';
import {
  listPeriods, listReleasesFor, releaseComparisonsFor, releaseOverview, releaseRowsFor, releaseWithScopes, scopeUnits, unitReport, unitReportRelease,
} from '../../services/release-reads.js';
import { downloadName } from '../../http/download.js';
import { mapError } from '../../http/error-response.js';
import { declare, json, jsonBody, router } from '../../http/openapi.js';

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
const buildsRoute = declare(reader, {
  method: 'get', path: '/release-builds', tags: ['releases'],
  summary: 'Releases this API process is still building (npm start\'s demo after its start, an admin\'s POST /releases while it runs), of the caller\'s organisation; metadata only',
  responses: {
    200: json(z.object({
      builds: z.array(z.object({
        organisation: z.string(), period: z.string(), state: z.enum(['waiting', 'building', 'failed']),
        refusal: z.string().optional().openapi({ description: 'Admins only: why an admin\'s build was refused (the message its POST answered with)' }),
      })),
    }), 'The builds not yet frozen'),
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
    // In a child process where one can reach the database (decision 086), else in this one.
    const s = await buildListed(c.get('db'), c.get('config').releaseBuilder, input.period, input.org);
    return c.json({ id: s.id, period: s.period, rows: s.rows, suppressed: s.suppressed }, 201);
  })
  .openapi(buildsRoute, (c) => c.json({
    builds: pendingBuilds(c.get('user').organisationId).map(({ organisation, period, state, error }) => {
      // A refusal names cells (which are small): the admin who may build has it, nobody else.
      const refusal = error !== undefined && c.get('user').role === 'admin' ? mapError(error)?.body.error.message ?? 'the build failed (see the server log)' : undefined;
      return { organisation, period, state, ...(refusal ? { refusal } : {}) };
    }),
  }, 200))
  .openapi(periodsRoute, async (c) => c.json({ waves: await listPeriods(c.get('db'), c.get('user')) }, 200))
  .openapi(scopeRoute, async (c) => c.json({ units: await scopeUnits(c.get('db'), c.get('user')) }, 200))
  .openapi(overviewRoute, async (c) => c.json(await releaseOverview(c.get('db'), c.get('user'), c.req.valid('param').id, c.req.valid('query')), 200))
  .openapi(listRoute, async (c) => {
    const rows = await listReleasesFor(c.get('db'), c.get('user'), c.req.valid('query').period);
    return c.json(rows.map(({ disclosure, ...r }) => ({
      ...r,
      rules: ReleaseRulesSchema.parse(r.rules),
      ...(disclosure === undefined ? {} : { disclosure: DisclosureSummarySchema.nullable().parse(disclosure) }),
    })), 200);
  })
  .openapi(metaRoute, async (c) => {
    const { release, scopes } = await releaseWithScopes(c.get('db'), c.get('user'), c.req.valid('param').id);
    return c.json({
      id: release.id, organisation: release.organisation, period: release.period, kind: release.kind, frozenAt: release.frozenAt, rules: ReleaseRulesSchema.parse(release.rules),
      scopes,
    }, 200);
  })
  .openapi(rowsRoute, async (c) => {
    const { format, ...query } = c.req.valid('query');
    const csv = format === 'csv';
    const { release, rows } = await releaseRowsFor(c.get('db'), c.get('user'), c.req.valid('param').id, query, csv);
    if (csv) {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${downloadName(release.id)}.csv"`);
      return c.body(releaseCsv(rows, release.period));
    }
    return c.json(rows.map((r) => releaseRecord(r, release.period)), 200);
  })
  .openapi(comparisonsRoute, async (c) => c.json(await releaseComparisonsFor(c.get('db'), c.get('user'), c.req.valid('param').id, c.req.valid('query').scope), 200))
  /**
   * Which frozen release a unit report would show (the one asked for, or the unit's newest),
   * after the same access check and audit entry as the report itself. Lets the dashboard serve a
   * report it already built from that frozen release without reading the rows again.
   */
  .openapi(unitReleaseRoute, async (c) => {
    const release = await unitReportRelease(c.get('db'), c.get('user'), c.req.valid('param').code, c.req.valid('query').release);
    return c.json({ release }, 200);
  })
  /** A commander's report of one unit: its rows and comparisons, headline benchmarks, children. */
  .openapi(unitReportRoute, async (c) => c.json(await unitReport(c.get('db'), c.get('user'), c.req.valid('param').code, c.req.valid('query').release), 200));
