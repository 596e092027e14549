/**
 * Follow-up plans over HTTP (issue 14, decision 090): thin routes declared with their schemas;
 * the rules are in services/plans.ts. Mounted at /plans in app.ts.
 *
 * Declared with `declare()` (http/openapi.ts) like every route: roles, validation (422) and error
 * statuses in one place; the role matrix per unit is enforced in the service.
 */
import { declare, json, jsonBody, router, z } from '../../http/openapi.js';
import { SurveyError } from '../../errors.js';
import { downloadName } from '../../http/download.js';
import * as plans from '../../services/plans.js';
import { PLAN_ACTION_STATUSES, PLAN_ACTION_TYPES } from '../../services/plans.js';
import { exportPlans, plansCsv, plansXlsx } from '../../services/plans-interchange.js';
import { oversight } from '../../services/plans-oversight.js';
import { publishTeamSummary, teamSummaryFor, teamSummaryForWaveUnit, waveUnitOfLink } from '../../services/team-summary.js';
import { clientAddress } from '../../http/client-address.js';

const READERS = ['admin', 'researcher', 'commander'] as const;
/** Only a commander writes; whether it is their unit is the service's rule (decision 090). */
const WRITERS = ['commander'] as const;

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

const listRoute = declare(READERS, {
  method: 'get', path: '/',
  request: { query: z.object({ unit: Code, subtree: z.enum(['true', 'false']).optional() }) },
  responses: { 200: json(z.object({ plans: z.array(PlanSchema) }), 'The plans of the unit (and below it with subtree=true)') },
}, [404]);
const proposalsRoute = declare(READERS, {
  method: 'get', path: '/proposals',
  request: { query: z.object({ unit: Code, release: Code.optional() }) },
  responses: {
    200: json(z.object({
      release: z.string().nullable(), period: z.string().nullable(),
      proposals: z.array(z.object({
        indicator: z.string(), option: z.string(), base: z.string(), direction: Direction, figure: CellSchema, plan: z.number().nullable(),
        reasons: z.array(z.object({ against: z.string(), difference: z.number(), ciLow: z.number(), ciHigh: z.number(), pAdjusted: z.number() })),
      })),
    }), 'Candidate focus areas: published cells significantly worse in the bad direction'),
  },
}, [404]);
const handoverRoute = declare(READERS, {
  method: 'get', path: '/handover',
  request: { query: z.object({ unit: Code }) },
  responses: {
    200: json(z.object({
      unit: z.object({ code: z.string(), name: z.string() }), writable: z.boolean(),
      open: z.array(PlanWithHistorySchema), closed: z.array(PlanWithHistorySchema), endedUnits: z.array(PlanWithHistorySchema),
    }), 'Open and closed plans of the unit with their history, and plans of ended units below it'),
  },
}, [404]);
const oversightRoute = declare(READERS, {
  method: 'get', path: '/oversight',
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
  },
}, [404]);
const exportRoute = declare(READERS, {
  method: 'get', path: '/export',
  request: { query: z.object({ unit: Code, format: z.enum(['csv', 'xlsx']).optional() }) },
  responses: {
    200: { description: 'plans.csv (interchange.md) of the unit and the units below it, as CSV or XLSX (the RI&E PSA plan of action)', content: { 'text/csv': { schema: z.string() }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() } } },
  },
}, [404]);
const createPlanRoute = declare(WRITERS, {
  method: 'post', path: '/',
  request: { body: jsonBody(NewPlanSchema) },
  responses: { 201: json(PlanSchema, 'The new plan') },
}, [404, 409]);
const getPlanRoute = declare(READERS, {
  method: 'get', path: '/{id}',
  request: { params: z.object({ id: Id }) },
  responses: { 200: json(PlanWithHistorySchema, 'The plan with its actions, progress log, effect and change history') },
}, [404]);
const changePlanRoute = declare(WRITERS, {
  method: 'patch', path: '/{id}',
  request: { params: z.object({ id: Id }), body: jsonBody(PlanChangeSchema) },
  responses: { 200: json(PlanSchema, 'The changed plan') },
}, [404]);
const addActionRoute = declare(WRITERS, {
  method: 'post', path: '/{id}/actions',
  request: { params: z.object({ id: Id }), body: jsonBody(NewActionSchema) },
  responses: { 201: json(PlanSchema, 'The plan with the new action') },
}, [404]);
const changeActionRoute = declare(WRITERS, {
  method: 'patch', path: '/{id}/actions/{action}',
  request: { params: z.object({ id: Id, action: Id }), body: jsonBody(ActionChangeSchema) },
  responses: { 200: json(PlanSchema, 'The plan with the changed action') },
}, [404]);
const progressRoute = declare(WRITERS, {
  method: 'post', path: '/{id}/progress',
  request: { params: z.object({ id: Id }), body: jsonBody(ProgressSchema) },
  responses: { 201: json(PlanSchema, 'The plan with the new progress entry') },
}, [404]);

const SummarySchema = z.object({
  unit: z.object({ code: z.string(), name: z.string() }), release: z.string(), period: z.string(), publishedAt: z.string(),
  figures: z.array(z.object({ indicator: z.string(), option: z.string(), base: z.string(), value: z.number(), ciLow: z.number(), ciHigh: z.number(), n: z.number() })),
  focusAreas: z.array(z.object({
    indicator: z.string(), option: z.string(), base: z.string(), goal: z.string(), value: z.number().nullable(),
    actions: z.array(z.object({ text: z.string(), type: z.enum(PLAN_ACTION_TYPES), due: z.string(), status: z.enum(PLAN_ACTION_STATUSES) })),
  })),
}).openapi('TeamSummary');
const publishSummaryRoute = declare(WRITERS, {
  method: 'post', path: '/team-summary',
  request: { body: jsonBody(z.strictObject({ unit: Code, release: Code.optional() })) },
  responses: { 201: json(SummarySchema, 'The published team summary') },
}, [404, 409]);
const readSummaryRoute = declare(READERS, {
  method: 'get', path: '/team-summary',
  request: { query: z.object({ unit: Code }) },
  responses: { 200: json(z.object({ summary: SummarySchema.nullable() }), 'The unit\'s latest published team summary') },
}, [404]);

const respondentSummaryRoute = declare('public', {
  method: 'post', path: '/team-summary/respondent',
  request: { body: jsonBody(z.union([z.strictObject({ token: z.string().min(1).max(100) }), z.strictObject({ code: z.string().min(1).max(100) })])) },
  responses: {
    200: json(z.object({ summary: SummarySchema.nullable() }), 'The team summary respondents of this wave unit see: the latest published before the wave opened'),
  },
}, [404, 429]);

export const planRoutes = router()
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
      const { teamSummaryLimiter, trustProxy } = c.get('config');
      const verdict = await teamSummaryLimiter.fail(clientAddress(c, trustProxy));
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
