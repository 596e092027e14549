/**
 * The shapes of the release and report answers: what the dashboard reads, declared once and
 * checked against what the handlers return (a handler that returns another shape fails typecheck).
 */
import { z } from '@hono/zod-openapi';
import { ReleaseRecordFields } from '../../services/release-record.js';

/** One row of the release table (interchange.md, JSON names in camelCase). A suppressed row has every number null. */
// Made here from the fields' shape: an object made before @hono/zod-openapi extended zod (the CLI
// loads services first) has no .openapi().
export const ReleaseRecordSchema = z.object(ReleaseRecordFields.shape).openapi('ReleaseRecord');

/** A comparison published with a release (difference, interval, BH-adjusted p). */
export const ComparisonSchema = z.object({
  scope: z.string(),
  dimension: z.string(),
  group: z.string(),
  indicator: z.string(),
  option: z.string(),
  base: z.string(),
  against: z.string(),
  difference: z.number(),
  ciLow: z.number(),
  ciHigh: z.number(),
  pValue: z.number(),
  pAdjusted: z.number(),
  significant: z.boolean(),
}).openapi('Comparison');

const KindSchema = z.enum(['wave', 'window']);
export const ReleaseChoiceSchema = z.object({ id: z.string(), period: z.string(), kind: KindSchema }).openapi('ReleaseChoice');

export const UnitReportSchema = z.object({
  release: z.string(),
  period: z.string(),
  kind: KindSchema,
  frozenAt: z.string(),
  unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  parent: z.object({ code: z.string(), name: z.string() }).nullable(),
  organisation: z.object({ code: z.string(), name: z.string(), minGroupSize: z.int(), minVictims: z.int() }).nullable(),
  ownReport: z.boolean(),
  /** For a window: the unit's wave whose respondents the window repeats for this unit. */
  sameAsWave: z.object({ release: z.string(), period: z.string() }).nullable(),
  /** Other releases in which the unit has a report of its own. */
  withOwnReport: z.array(ReleaseChoiceSchema),
  respondents: z.number().nullable(),
  headcount: z.number().nullable(),
  rows: z.array(ReleaseRecordSchema),
  comparisons: z.array(ComparisonSchema),
  benchmarks: z.object({ parent: z.array(ReleaseRecordSchema), organisation: z.array(ReleaseRecordSchema) }),
  children: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), hasFigures: z.boolean() })),
  releases: z.array(ReleaseChoiceSchema),
  trend: z.array(z.object({ release: z.string(), period: z.string(), rows: z.array(ReleaseRecordSchema) })),
}).openapi('UnitReport');

/** The rules in force when a release was built (stored with it; older releases may lack a field). */
export const ReleaseRulesSchema = z.object({
  k: z.int().optional(),
  kVictims: z.int().optional(),
  perpetratorMaxDepth: z.int().optional(),
}).openapi('ReleaseRules');

/** A release's disclosure summary (decisions 040, 041): aggregates over the whole release, no cell's numbers. */
export const DisclosureSummarySchema = z.object({
  rules: z.object({ k: z.int(), kVictims: z.int(), perpetratorMaxDepth: z.int(), decimals: z.int() }),
  /** Suppressed rows by internal reason (readers only ever see one label). */
  rowsByReason: z.record(z.string(), z.number()),
  /** Cells withdrawn for single indicators: total, per grid and per tree depth. */
  perIndicator: z.object({ enabled: z.boolean().optional(), indicators: z.number(), cells: z.number(), byGrid: z.record(z.string(), z.number()), byDepth: z.record(z.string(), z.number()) }),
  audit: z.object({ passed: z.boolean(), checks: z.array(z.string()), lpSolves: z.number(), seconds: z.number(), at: z.string() }),
}).openapi('DisclosureSummary');

export const ReleaseListItemSchema = z.object({
  id: z.string(), organisation: z.string(), period: z.string(), kind: KindSchema, frozenAt: z.string(), rules: ReleaseRulesSchema,
  /** For admins and researchers only; null for releases built before the summary existed. */
  disclosure: DisclosureSummarySchema.nullable().optional(),
}).openapi('ReleaseListItem');

export const ReleaseMetaSchema = ReleaseListItemSchema.extend({
  scopes: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), parent: z.string().nullable() })),
}).openapi('ReleaseMeta');
