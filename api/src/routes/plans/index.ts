/**
 * Follow-up plans over HTTP (issue 14, decision 090): thin routes declared with their schemas;
 * the rules are in services/plans.ts. Mounted at /plans in app.ts.
 *
 * Validation errors are 422 `{ error: { code: 'invalid', message, issues } }` (one issue per field),
 * a body that is not JSON 400; the role matrix is enforced in the service.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requireUser, type AuthEnv } from '../../auth/middleware.js';
import { PLAN_ACTION_STATUSES, PLAN_ACTION_TYPES } from '../../db/schema.js';
import { BadRequestError, SurveyError, ValidationError } from '../../errors.js';
import { downloadName } from '../../http/download.js';
import { findControlCharacters } from '../../input.js';
import * as plans from '../../services/plans.js';
import { exportPlans, plansCsv, plansXlsx } from '../../services/plans-interchange.js';
import { oversight } from '../../services/plans-oversight.js';
import { publishTeamSummary, teamSummaryFor, teamSummaryForWaveUnit, waveUnitOfLink } from '../../services/team-summary.js';
import { clientAddress, trustedProxiesFromEnv } from '../../http/client-address.js';
import { defaultRateLimits, FailureLimiter } from '../../services/rate-limit.js';
import type { Db } from '../../db/client.js';

const reader = requireUser(['admin', 'researcher', 'commander']);
const writer = requireUser(['commander']);

/** Parses a JSON body once (cached for the validator): not JSON is a 400, a control character a 422. */
const jsonBody: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' || c.req.method === 'PATCH') {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new BadRequestError('the request body is not valid JSON');
    }
    const control = findControlCharacters(body);
    if (control.length > 0) throw new ValidationError(control);
  }
  await next();
};

const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), reason: z.string() })).optional() }),
}).openapi('Error');

const errors = {
  400: { description: 'Malformed request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed for this unit or role (or missing CSRF token)', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'No such plan or action', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'The unit already has a plan for this focus area', content: { 'application/json': { schema: ErrorSchema } } },
  422: { description: 'Invalid fields', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

const Code = z.string().min(1).max(60);
const Text = (max: number) => z.string().trim().min(1).max(max);
const IsoDate = z.iso.date();
const Id = z.coerce.number().int().positive().max(2_147_483_647);
const Direction = z.enum(['higher', 'lower', 'neutral']);

const CellSchema = z.object({
  release: z.string(), period: z.string(), suppressed: z.boolean(), reason: z.string().nullable(),
  n: z.number().nullable(), count: z.number().nullable(), value: z.number().nullable(), ciLow: z.number().nullable(), ciHigh: z.number().nullable(),
}).openapi('Cell');

const EffectSchema = z.object({
  baseline: CellSchema, followup: CellSchema.nullable(),
  diff: z.number().nullable(), diffCiLow: z.number().nullable(), diffCiHigh: z.number().nullable(), p: z.number().nullable(),
  verdict: z.enum(['improved', 'worse', 'no_significant_change', 'not_measurable']).nullable(),
  reason: z.enum(['no_followup_yet', 'baseline_suppressed', 'followup_suppressed', 'not_surveyed', 'different_subunits', 'cell_missing', 'not_comparable']).nullable(),
}).openapi('Effect');

const PlanSchema = z.object({
  id: z.number(),
  unit: z.object({ code: z.string(), name: z.string(), ended: z.boolean() }),
  baseline: z.object({ release: z.string(), period: z.string() }),
  indicator: z.string(), option: z.string(), base: z.string(), direction: Direction,
  goal: z.string(), targetValue: z.number().nullable(), createdAt: z.string(), updatedAt: z.string(), writable: z.boolean(), open: z.boolean(),
  actions: z.array(z.object({ id: z.number(), text: z.string(), type: z.enum(PLAN_ACTION_TYPES), owner: z.string(), due: z.string(), status: z.enum(PLAN_ACTION_STATUSES), overdue: z.boolean() })),
  progress: z.array(z.object({ id: z.number(), on: z.string(), note: z.string(), actionId: z.number().nullable(), author: z.string().nullable() })),
  effect: EffectSchema,
}).openapi('Plan');

const HistorySchema = z.array(z.object({ action: z.string(), target: z.string(), at: z.string(), by: z.string().nullable() }));
const PlanWithHistorySchema = PlanSchema.extend({ history: HistorySchema }).openapi('PlanWithHistory');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const NewPlanSchema = z.strictObject({
  unit: Code, baselinePeriod: Code, indicator: Code, option: Code, base: Code,
  goal: Text(2000), targetValue: z.number().finite().nullable().optional(),
});
const PlanChangeSchema = z.strictObject({ goal: Text(2000).optional(), targetValue: z.number().finite().nullable().optional() });
const NewActionSchema = z.strictObject({
  text: Text(2000), type: z.enum(PLAN_ACTION_TYPES),
  // A role ("company sergeant major") or a member of staff's name; never respondent data.
  owner: Text(200), due: IsoDate, status: z.enum(PLAN_ACTION_STATUSES).optional(),
});
const ActionChangeSchema = z.strictObject({
  text: Text(2000).optional(), type: z.enum(PLAN_ACTION_TYPES).optional(), owner: Text(200).optional(), due: IsoDate.optional(), status: z.enum(PLAN_ACTION_STATUSES).optional(),
});
const ProgressSchema = z.strictObject({ on: IsoDate.optional(), note: Text(4000), actionId: z.number().int().positive().optional() });

const listRoute = createRoute({
  method: 'get', path: '/', middleware: [reader] as const,
  request: { query: z.object({ unit: Code, subtree: z.enum(['true', 'false']).optional() }) },
  responses: { 200: json(z.object({ plans: z.array(PlanSchema) }), 'The plans of the unit (and below it with subtree=true)'), ...errors },
});
const proposalsRoute = createRoute({
  method: 'get', path: '/proposals', middleware: [reader] as const,
  request: { query: z.object({ unit: Code, release: Code.optional() }) },
  responses: {
    200: json(z.object({
      release: z.string().nullable(), period: z.string().nullable(),
      proposals: z.array(z.object({
        indicator: z.string(), option: z.string(), base: z.string(), direction: Direction, figure: CellSchema, plan: z.number().nullable(),
        reasons: z.array(z.object({ against: z.string(), difference: z.number(), ciLow: z.number(), ciHigh: z.number(), pAdjusted: z.number() })),
      })),
    }), 'Candidate focus areas: published cells significantly worse in the bad direction'),
    ...errors,
  },
});
const handoverRoute = createRoute({
  method: 'get', path: '/handover', middleware: [reader] as const,
  request: { query: z.object({ unit: Code }) },
  responses: {
    200: json(z.object({
      unit: z.object({ code: z.string(), name: z.string() }), writable: z.boolean(),
      open: z.array(PlanWithHistorySchema), closed: z.array(PlanWithHistorySchema), endedUnits: z.array(PlanWithHistorySchema),
    }), 'Open and closed plans of the unit with their history, and plans of ended units below it'),
    ...errors,
  },
});
const oversightRoute = createRoute({
  method: 'get', path: '/oversight', middleware: [reader] as const,
  request: { query: z.object({ unit: Code }) },
  responses: {
    200: json(z.object({
      unit: z.object({ code: z.string(), name: z.string() }),
      latest: z.object({ release: z.string(), period: z.string() }).nullable(),
      withoutPlan: z.array(z.object({ code: z.string(), name: z.string(), findings: z.array(z.object({ indicator: z.string(), option: z.string(), base: z.string(), against: z.array(z.string()) })) })),
      overdue: z.array(z.object({ unit: z.string(), plan: z.number(), action: z.string(), due: z.string(), owner: z.string() })),
      statuses: z.object({ planned: z.number(), in_progress: z.number(), done: z.number(), dropped: z.number() }),
      focusAreas: z.array(z.object({ indicator: z.string(), option: z.string(), base: z.string(), plans: z.number() })),
      actionTypes: z.array(z.object({ type: z.enum(PLAN_ACTION_TYPES), actions: z.number() })),
      plans: z.number(), measured: z.number(), improved: z.number(), worse: z.number(),
    }).openapi('Oversight'), 'Follow-up across the unit and everything below it (read-only)'),
    ...errors,
  },
});
const exportRoute = createRoute({
  method: 'get', path: '/export', middleware: [reader] as const,
  request: { query: z.object({ unit: Code, format: z.enum(['csv', 'xlsx']).optional() }) },
  responses: {
    200: { description: 'plans.csv (interchange.md) of the unit and the units below it, as CSV or XLSX (the RI&E PSA plan of action)', content: { 'text/csv': { schema: z.string() }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() } } },
    ...errors,
  },
});
const createPlanRoute = createRoute({
  method: 'post', path: '/', middleware: [writer, jsonBody] as const,
  request: { body: { content: { 'application/json': { schema: NewPlanSchema } }, required: true } },
  responses: { 201: json(PlanSchema, 'The new plan'), ...errors },
});
const getPlanRoute = createRoute({
  method: 'get', path: '/{id}', middleware: [reader] as const,
  request: { params: z.object({ id: Id }) },
  responses: { 200: json(PlanWithHistorySchema, 'The plan with its actions, progress log, effect and change history'), ...errors },
});
const changePlanRoute = createRoute({
  method: 'patch', path: '/{id}', middleware: [writer, jsonBody] as const,
  request: { params: z.object({ id: Id }), body: { content: { 'application/json': { schema: PlanChangeSchema } }, required: true } },
  responses: { 200: json(PlanSchema, 'The changed plan'), ...errors },
});
const addActionRoute = createRoute({
  method: 'post', path: '/{id}/actions', middleware: [writer, jsonBody] as const,
  request: { params: z.object({ id: Id }), body: { content: { 'application/json': { schema: NewActionSchema } }, required: true } },
  responses: { 201: json(PlanSchema, 'The plan with the new action'), ...errors },
});
const changeActionRoute = createRoute({
  method: 'patch', path: '/{id}/actions/{action}', middleware: [writer, jsonBody] as const,
  request: { params: z.object({ id: Id, action: Id }), body: { content: { 'application/json': { schema: ActionChangeSchema } }, required: true } },
  responses: { 200: json(PlanSchema, 'The plan with the changed action'), ...errors },
});
const progressRoute = createRoute({
  method: 'post', path: '/{id}/progress', middleware: [writer, jsonBody] as const,
  request: { params: z.object({ id: Id }), body: { content: { 'application/json': { schema: ProgressSchema } }, required: true } },
  responses: { 201: json(PlanSchema, 'The plan with the new progress entry'), ...errors },
});

const SummarySchema = z.object({
  unit: z.object({ code: z.string(), name: z.string() }), release: z.string(), period: z.string(), publishedAt: z.string(),
  figures: z.array(z.object({ indicator: z.string(), option: z.string(), base: z.string(), value: z.number(), ciLow: z.number(), ciHigh: z.number(), n: z.number() })),
  focusAreas: z.array(z.object({
    indicator: z.string(), option: z.string(), base: z.string(), goal: z.string(), value: z.number().nullable(),
    actions: z.array(z.object({ text: z.string(), type: z.enum(PLAN_ACTION_TYPES), due: z.string(), status: z.enum(PLAN_ACTION_STATUSES) })),
  })),
}).openapi('TeamSummary');
const publishSummaryRoute = createRoute({
  method: 'post', path: '/team-summary', middleware: [writer, jsonBody] as const,
  request: { body: { content: { 'application/json': { schema: z.strictObject({ unit: Code, release: Code.optional() }) } }, required: true } },
  responses: { 201: json(SummarySchema, 'The published team summary'), ...errors },
});
const readSummaryRoute = createRoute({
  method: 'get', path: '/team-summary', middleware: [reader] as const,
  request: { query: z.object({ unit: Code }) },
  responses: { 200: json(z.object({ summary: SummarySchema.nullable() }), 'The unit\'s latest published team summary'), ...errors },
});

const respondentSummaryRoute = createRoute({
  method: 'post', path: '/team-summary/respondent', middleware: [jsonBody] as const,
  request: { body: { content: { 'application/json': { schema: z.union([z.strictObject({ token: z.string().min(1).max(100) }), z.strictObject({ code: z.string().min(1).max(100) })]) } }, required: true } },
  responses: {
    200: json(z.object({ summary: SummarySchema.nullable() }), 'The team summary respondents of this wave unit see: the latest published before the wave opened'),
    404: errors[404], 422: errors[422], 400: errors[400],
    429: { description: 'Too many unknown links or codes', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const limiters = new WeakMap<Db, FailureLimiter>();

function invalid(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  if (!result.success) {
    throw new ValidationError((result.error?.issues ?? []).map((i) => ({ path: i.path.map(String).join('.') || '(body)', reason: i.message })));
  }
}

export function planRoutes() {
  return new OpenAPIHono<AuthEnv>({ defaultHook: (result) => { invalid(result as Parameters<typeof invalid>[0]); } })
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      return c.json({ plans: await plans.listPlans(c.get('db'), c.get('user'), q.unit, q.subtree === 'true') }, 200);
    })
    .openapi(proposalsRoute, async (c) => {
      const q = c.req.valid('query');
      return c.json(await plans.proposals(c.get('db'), c.get('user'), q.unit, q.release), 200);
    })
    .openapi(handoverRoute, async (c) => c.json(await plans.handover(c.get('db'), c.get('user'), c.req.valid('query').unit), 200))
    .openapi(oversightRoute, async (c) => c.json(await oversight(c.get('db'), c.get('user'), c.req.valid('query').unit), 200))
    .openapi(exportRoute, async (c) => {
      const q = c.req.valid('query');
      const rows = await exportPlans(c.get('db'), { user: c.get('user'), unit: q.unit });
      const name = downloadName(`plans-${q.unit}`);
      if (q.format === 'xlsx') {
        c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        c.header('content-disposition', `attachment; filename="${name}.xlsx"`);
        return c.body(new Uint8Array(plansXlsx(rows)), 200);
      }
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${name}.csv"`);
      return c.body(plansCsv(rows), 200);
    })
    .openapi(publishSummaryRoute, async (c) => {
      const b = c.req.valid('json');
      return c.json(await publishTeamSummary(c.get('db'), c.get('user'), b.unit, b.release), 201);
    })
    .openapi(respondentSummaryRoute, async (c) => {
      // No sign-in: the invitation token or the unit's survey code is the key, under the survey
      // routes' failure limit (an unknown one costs the caller, decision 060).
      const db = c.get('db');
      const link = await waveUnitOfLink(db, c.req.valid('json'));
      if (!link) {
        let limiter = limiters.get(db);
        if (!limiter) { limiter = new FailureLimiter(db, defaultRateLimits()); limiters.set(db, limiter); }
        const verdict = await limiter.fail(clientAddress(c, trustedProxiesFromEnv()));
        if (!verdict.ok) throw new SurveyError(429, 'rate_limited', 'Too many invalid links or codes; check the link, wait a little and try again.', undefined, verdict.retryAfterSeconds);
        throw new SurveyError(404, 'invalid_token', 'This link or code is not valid.');
      }
      c.header('cache-control', 'no-store');
      return c.json({ summary: await teamSummaryForWaveUnit(db, link.waveId, link.unitId) }, 200);
    })
    .openapi(readSummaryRoute, async (c) => c.json({ summary: await teamSummaryFor(c.get('db'), c.get('user'), c.req.valid('query').unit) }, 200))
    .openapi(createPlanRoute, async (c) => c.json(await plans.createPlan(c.get('db'), c.get('user'), c.req.valid('json')), 201))
    .openapi(getPlanRoute, async (c) => c.json(await plans.getPlanView(c.get('db'), c.get('user'), c.req.valid('param').id), 200))
    .openapi(changePlanRoute, async (c) => c.json(await plans.changePlan(c.get('db'), c.get('user'), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(addActionRoute, async (c) => c.json(await plans.addAction(c.get('db'), c.get('user'), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(changeActionRoute, async (c) => {
      const p = c.req.valid('param');
      return c.json(await plans.changeAction(c.get('db'), c.get('user'), p.id, p.action, c.req.valid('json')), 200);
    })
    .openapi(progressRoute, async (c) => c.json(await plans.addProgress(c.get('db'), c.get('user'), c.req.valid('param').id, c.req.valid('json')), 201));
}
