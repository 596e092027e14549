/**
 * The platform's tables. Names are snake_case in SQL, camelCase in TypeScript.
 *
 * Anonymity shapes this file more than anything else: `invitations` and `responses` share no
 * column, key, index or timestamp; a response records its day of submission at most; response ids
 * are random UUIDs so that neither the key nor its order reveals when a row was inserted.
 * See docs/decisions/002-data-model.md and docs/anonymity.md.
 */
import { DEFAULT_K } from '@vw/analysis/rules';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const organisations = pgTable('organisations', {
  id: serial('id').primaryKey(),
  /** Code of the organisation's root unit (e.g. `DEF`). */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** Minimum respondents for any figure. */
  minGroupSize: integer('min_group_size').notNull().default(DEFAULT_K),
  /** Minimum victims for figures whose base is `victims`. */
  minVictims: integer('min_victims').notNull().default(DEFAULT_K),
  /**
   * Deepest tree depth (root = 0) at which perpetrator and discussion-partner breakdowns are
   * still published; deeper (smaller) units get them suppressed with reason `level`.
   */
  perpetratorMaxDepth: integer('perpetrator_max_depth').notNull().default(3),
  reportingPointUrl: text('reporting_point_url'),
  /**
   * Every unit is surveyed at least once in this many years; pooled windows may not be shorter
   * (a shorter window would not contain every unit).
   */
  surveyCycleYears: integer('survey_cycle_years').notNull().default(3),
  /**
   * Years a wave's raw responses are kept after its first release is frozen; then `pnpm cli db
   * retention` deletes them (the releases stay). Long enough for the pooled windows that need
   * them (surveyCycleYears + 1 by default). docs/privacy.md, decision 053.
   */
  responseRetentionYears: integer('response_retention_years').notNull().default(4),
  /** OpenID Connect single sign-on; all three set = enabled (docs/decisions/021-oidc.md). */
  oidcIssuer: text('oidc_issuer'),
  oidcClientId: text('oidc_client_id'),
  oidcClientSecret: text('oidc_client_secret'),
  /** The ID-token claim holding the e-mail address that names an existing user. */
  oidcEmailClaim: text('oidc_email_claim').notNull().default('email'),
}, (t) => [
  check('organisations_k_check', sql`${t.minGroupSize} >= 2 and ${t.minVictims} >= 2`),
  check('organisations_retention_check', sql`${t.responseRetentionYears} between 1 and 50`),
]);

export const units = pgTable('units', {
  id: serial('id').primaryKey(),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id),
  code: text('code').notNull().unique(),
  parentId: integer('parent_id').references((): AnyPgColumn => units.id),
  name: text('name').notNull(),
  level: text('level').notNull(),
  excludedFromPooling: boolean('excluded_from_pooling').notNull().default(false),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
}, (t) => [
  index('units_parent_idx').on(t.parentId),
  index('units_org_idx').on(t.organisationId),
  check('units_validity_check', sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validFrom} <= ${t.validTo}`),
]);

export const population = pgTable('population', {
  unitId: integer('unit_id').notNull().references(() => units.id),
  period: text('period').notNull(),
  dimension: text('dimension').notNull(),
  group: text('group').notNull(),
  headcount: integer('headcount').notNull(),
}, (t) => [
  primaryKey({ columns: [t.unitId, t.period, t.dimension, t.group] }),
  check('population_headcount_check', sql`${t.headcount} >= 0`),
]);

export const instruments = pgTable('instruments', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
});

/** Published versions are immutable: a trigger in the migrations refuses UPDATE and DELETE. */
export const instrumentVersions = pgTable('instrument_versions', {
  id: serial('id').primaryKey(),
  instrumentId: integer('instrument_id').notNull().references(() => instruments.id),
  version: integer('version').notNull(),
  definition: jsonb('definition').notNull(),
  publishedOn: date('published_on').notNull().default(sql`current_date`),
}, (t) => [uniqueIndex('instrument_versions_uq').on(t.instrumentId, t.version)]);

export const waves = pgTable('waves', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id),
  instrumentVersionId: integer('instrument_version_id').notNull().references(() => instrumentVersions.id),
  kind: text('kind', { enum: ['census', 'sample'] }).notNull().default('census'),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  /** Set when an administrator closes the wave early (or an import creates it closed). */
  closedAt: timestamp('closed_at', { withTimezone: true }),
  /** Set when retention deleted the wave's raw responses and invitations (its releases stay). */
  responsesDeletedAt: timestamp('responses_deleted_at', { withTimezone: true }),
}, (t) => [
  check('waves_kind_check', sql`${t.kind} in ('census', 'sample')`),
  check('waves_window_check', sql`${t.opensAt} < ${t.closesAt}`),
]);

/** The units a wave includes; a unit may answer its own copy of the instrument (commander items). */
export const waveUnits = pgTable('wave_units', {
  waveId: integer('wave_id').notNull().references(() => waves.id),
  unitId: integer('unit_id').notNull().references(() => units.id),
  instrumentVersionId: integer('instrument_version_id').notNull().references(() => instrumentVersions.id),
}, (t) => [primaryKey({ columns: [t.waveId, t.unitId] })]);

/**
 * Only a hash of each token. No timestamp, no reference from or to `responses`: an invitation
 * knows whether it was used, never by which response.
 */
export const invitations = pgTable('invitations', {
  tokenHash: bytea('token_hash').primaryKey(),
  waveId: integer('wave_id').notNull().references(() => waves.id),
  unitId: integer('unit_id').notNull().references(() => units.id),
  used: boolean('used').notNull().default(false),
  /**
   * SHA-256 of the random submission key the respondent's browser sent with the accepted
   * submission, so that a retry of that submission is recognised (docs/decisions/010-idempotent-submit.md).
   * The key is random and never derived from the answers, so it links nothing to a response.
   */
  receiptHash: bytea('receipt_hash'),
}, (t) => [index('invitations_wave_idx').on(t.waveId, t.unitId)]);

/**
 * Open-link mode: one access code per wave unit for organisations without invitation lists.
 * Only a hash of the code is kept. Each start with the code creates an ordinary invitation.
 */
export const openLinks = pgTable('open_links', {
  codeHash: bytea('code_hash').primaryKey(),
  waveId: integer('wave_id').notNull().references(() => waves.id),
  unitId: integer('unit_id').notNull().references(() => units.id),
}, (t) => [uniqueIndex('open_links_wave_unit_uq').on(t.waveId, t.unitId)]);

/**
 * Answers saved before submission so a respondent can resume. Deleted in the same transaction
 * that stores the anonymous response.
 */
export const drafts = pgTable('drafts', {
  tokenHash: bytea('token_hash').primaryKey().references(() => invitations.tokenHash, { onDelete: 'cascade' }),
  answers: jsonb('answers').notNull(),
  /** The survey language the respondent last chose (`nl`/`en`), so resuming on another device keeps it. */
  lang: text('lang'),
});

/**
 * One row per submitted questionnaire. `answers` keeps the Answers object (decision 001); the
 * reporting groups and victim flag are derived once at insert so that count tables are plain
 * GROUP BYs over indexed columns.
 */
export const responses = pgTable('responses', {
  id: uuid('id').primaryKey(),
  waveId: integer('wave_id').notNull().references(() => waves.id),
  unitId: integer('unit_id').notNull().references(() => units.id),
  instrumentVersionId: integer('instrument_version_id').notNull().references(() => instrumentVersions.id),
  submittedOn: date('submitted_on').notNull(),
  gender: text('gender').notNull(),
  ageBand: text('age_band').notNull(),
  personnelType: text('personnel_type').notNull(),
  rankGroup: text('rank_group').notNull(),
  victim: boolean('victim').notNull(),
  answers: jsonb('answers').notNull(),
  /** Scale scores after reverse coding (null where too few items were answered). */
  scores: jsonb('scores').notNull(),
  /**
   * The answers as `item=value` facts (plus `item=*` for answered multi items): a derived copy
   * that count tables unnest much faster than they can walk JSONB (decision 004).
   */
  facts: text('facts').array().notNull(),
}, (t) => [index('responses_wave_unit_idx').on(t.waveId, t.unitId)]);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'researcher', 'commander'] }).notNull(),
  /** Researchers and commanders belong to one organisation; an admin without one is instance-wide. */
  organisationId: integer('organisation_id').references(() => organisations.id),
  /** A commander's scope: this unit and everything below it. */
  scopeUnitId: integer('scope_unit_id').references(() => units.id),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  /** Deactivated users cannot sign in; the row stays so the audit log keeps naming them. */
  active: boolean('active').notNull().default(true),
}, (t) => [
  check('users_role_check', sql`${t.role} in ('admin', 'researcher', 'commander')`),
  check('users_commander_scope_check', sql`${t.role} <> 'commander' or ${t.scopeUnitId} is not null`),
]);

/**
 * Server-side sign-in sessions. The id is the SHA-256 of the random token in the cookie, so a
 * leaked table does not hand out sessions (docs/decisions/020-sessions-and-csrf.md).
 */
export const sessions = pgTable('sessions', {
  id: bytea('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdOn: date('created_on').notNull().default(sql`current_date`),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** Who read which report or export. Never about respondents. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: integer('user_id').references(() => users.id),
  action: text('action').notNull(),
  target: text('target').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('audit_log_user_idx').on(t.userId)]);

/**
 * A frozen release: the protected table of one period, built once, audited, never changed.
 * Commanders and researchers read only these (there is no on-demand computation).
 */
export const releases = pgTable('releases', {
  id: text('id').primaryKey(),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id),
  period: text('period').notNull(),
  kind: text('kind', { enum: ['wave', 'window'] }).notNull(),
  /** The rules in force when it was built (k, k_victims, perpetrator tier). */
  rules: jsonb('rules').notNull(),
  /** Counts of cells, suppressions per reason and tier, audit outcome, time per phase. */
  summary: jsonb('summary').notNull(),
  frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('releases_org_period_idx').on(t.organisationId, t.period)]);

/** One row of the release table (interchange.md). Suppressed rows carry no numbers. */
export const releaseRows = pgTable('release_rows', {
  releaseId: text('release_id').notNull().references(() => releases.id),
  scope: text('scope').notNull(),
  dimension: text('dimension').notNull(),
  group: text('group').notNull(),
  indicator: text('indicator').notNull(),
  option: text('option').notNull(),
  base: text('base').notNull(),
  n: integer('n'),
  count: integer('count'),
  value: doublePrecision('value'),
  ciLow: doublePrecision('ci_low'),
  ciHigh: doublePrecision('ci_high'),
  suppressed: boolean('suppressed').notNull(),
  reason: text('reason'),
}, (t) => [
  // Rows are unique by construction; a seven-column key would cost more to maintain than the
  // whole insert (decision 004). Readers always ask for a release and a scope.
  index('release_rows_scope_idx').on(t.releaseId, t.scope),
  check('release_rows_suppressed_check', sql`not ${t.suppressed} or (${t.n} is null and ${t.count} is null and ${t.value} is null and ${t.ciLow} is null and ${t.ciHigh} is null)`),
]);

/**
 * Comparisons published with a release (against the rest of the parent, the rest of the
 * organisation, the previous wave, or the rest of the unit for a group). Only between published
 * cells.
 */
export const releaseComparisons = pgTable('release_comparisons', {
  releaseId: text('release_id').notNull().references(() => releases.id),
  scope: text('scope').notNull(),
  dimension: text('dimension').notNull(),
  group: text('group').notNull(),
  indicator: text('indicator').notNull(),
  option: text('option').notNull(),
  base: text('base').notNull(),
  against: text('against').notNull(),
  difference: doublePrecision('difference').notNull(),
  ciLow: doublePrecision('ci_low').notNull(),
  ciHigh: doublePrecision('ci_high').notNull(),
  pValue: doublePrecision('p_value').notNull(),
  pAdjusted: doublePrecision('p_adjusted').notNull(),
  significant: boolean('significant').notNull(),
}, (t) => [index('release_comparisons_scope_idx').on(t.releaseId, t.scope)]);

/**
 * The disclosure pattern of a release per grid (`all`, `victims`, `victims_level`): blocks, cells
 * and their status, kept so later releases treat what was published as fixed.
 */
export const releaseGrids = pgTable('release_grids', {
  releaseId: text('release_id').notNull().references(() => releases.id),
  grid: text('grid').notNull(),
  pattern: jsonb('pattern').notNull(),
}, (t) => [primaryKey({ columns: [t.releaseId, t.grid] })]);

/**
 * Failure counters shared by every API process (docs/decisions/060-abuse-limits-and-proxies.md):
 * token buckets keyed by a scope and an HMAC of the client address (and, for sign-in, of the
 * account), never the address itself. A full bucket carries no information and is pruned.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  level: doublePrecision('level').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** Whether the last failure fitted in the bucket (RETURNING sees only the new row). */
  granted: boolean('granted').notNull().default(true),
}, (t) => [index('rate_limit_buckets_at_idx').on(t.at)]);

/** The HMAC keys of the rate limits, one per UTC day, shared by every process; older ones are deleted. */
export const rateLimitKeys = pgTable('rate_limit_keys', {
  day: date('day').primaryKey(),
  key: bytea('key').notNull(),
});

/**
 * Follow-up plans (issue 14, decision 090). A plan belongs to a unit (never to a user) and
 * responds to one focus area: a cell `indicator/option/base` of the unit in a frozen wave release
 * (the baseline; a suppressed cell is allowed). Rows with the same unit, focus and baseline period
 * are one plan. Nothing here is about respondents.
 */
export const plans = pgTable('plans', {
  id: serial('id').primaryKey(),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id),
  unitId: integer('unit_id').notNull().references(() => units.id),
  /** The frozen wave release holding the baseline figure (the latest build of its period when chosen). */
  baselineReleaseId: text('baseline_release_id').notNull().references(() => releases.id),
  baselinePeriod: text('baseline_period').notNull(),
  indicator: text('indicator').notNull(),
  option: text('option').notNull(),
  base: text('base').notNull(),
  goal: text('goal').notNull(),
  /** Optional target for the indicator's value (a share 0–1 or a scale mean), as the release stores it. */
  targetValue: doublePrecision('target_value'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('plans_focus_uq').on(t.unitId, t.baselinePeriod, t.indicator, t.option, t.base),
  index('plans_org_idx').on(t.organisationId),
]);

export const PLAN_ACTION_TYPES = ['team_dialogue', 'training', 'leadership_coaching', 'process_change', 'confidential_adviser', 'other'] as const;
export const PLAN_ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;

/** An action of a plan: what, which kind, who owns it (a role or a staff name), by when, how far. */
export const planActions = pgTable('plan_actions', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
  type: text('type', { enum: PLAN_ACTION_TYPES }).notNull(),
  owner: text('owner').notNull(),
  due: date('due').notNull(),
  status: text('status', { enum: PLAN_ACTION_STATUSES }).notNull().default('planned'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('plan_actions_plan_idx').on(t.planId),
  check('plan_actions_type_check', sql`${t.type} in ('team_dialogue', 'training', 'leadership_coaching', 'process_change', 'confidential_adviser', 'other')`),
  check('plan_actions_status_check', sql`${t.status} in ('planned', 'in_progress', 'done', 'dropped')`),
]);

/** The dated progress log of a plan (optionally about one of its actions). Entries are never edited. */
export const planProgress = pgTable('plan_progress', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  planId: integer('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
  actionId: integer('action_id').references(() => planActions.id, { onDelete: 'set null' }),
  on: date('on').notNull(),
  note: text('note').notNull(),
  /** Who wrote it (null for an import). */
  userId: integer('user_id').references(() => users.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('plan_progress_plan_idx').on(t.planId)]);

/**
 * "You said, we did": a team summary a commander published for their unit. `content` is a
 * snapshot of published figures only (never a suppressed cell) and the chosen focus areas and
 * actions; the survey app shows the latest one published before the wave it serves opened.
 */
export const teamSummaries = pgTable('team_summaries', {
  id: serial('id').primaryKey(),
  unitId: integer('unit_id').notNull().references(() => units.id),
  releaseId: text('release_id').notNull().references(() => releases.id),
  content: jsonb('content').notNull(),
  userId: integer('user_id').references(() => users.id),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('team_summaries_unit_idx').on(t.unitId, t.publishedAt)]);
