/**
 * The API's contract for its apps, types only (`@vw/api/contract`): the app's route types for a
 * typed client (`hc<AppType>` from hono/client) and the shapes of the answers, inferred from the
 * same zod declarations that validate requests and write `GET /openapi.json`. The apps import
 * these instead of declaring the shapes again (decision 080).
 */
import type { z } from '@hono/zod-openapi';
import type { ErrorBodySchema } from './http/openapi.js';
import type { OrganisationViewSchema } from './routes/admin/organisations.js';
import type { UserViewSchema } from './routes/admin/users.js';
import type { SessionUserSchema } from './routes/auth/index.js';
import type {
  ComparisonSchema, DisclosureSummarySchema, ReleaseChoiceSchema, ReleaseMetaSchema, ReleaseListItemSchema, ReleaseRecordSchema, ReleaseRulesSchema, UnitReportSchema,
} from './routes/releases/schemas.js';
import type { ParticipationSchema } from './routes/waves/index.js';
import type { InstrumentSummarySchema, UnitRowSchema } from './routes/admin/schemas.js';

export type { AppType } from './app.js';
export type { FieldIssue, RowIssue } from './errors.js';
export type { TeamSummary } from './services/team-summary.js';
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type SessionUser = z.infer<typeof SessionUserSchema>;
export type Role = SessionUser['role'];
export type UserView = z.infer<typeof UserViewSchema>;
export type OrganisationView = z.infer<typeof OrganisationViewSchema>;
export type InstrumentSummary = z.infer<typeof InstrumentSummarySchema>;
export type UnitView = z.infer<typeof UnitRowSchema>;
export type Participation = z.infer<typeof ParticipationSchema>;
export type ReleaseRecord = z.infer<typeof ReleaseRecordSchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;
export type ReleaseChoice = z.infer<typeof ReleaseChoiceSchema>;
export type ReleaseRules = z.infer<typeof ReleaseRulesSchema>;
export type UnitReport = z.infer<typeof UnitReportSchema>;
export type ReleaseMeta = z.infer<typeof ReleaseMetaSchema>;
export type ReleaseListItem = z.infer<typeof ReleaseListItemSchema>;
export type DisclosureSummary = z.infer<typeof DisclosureSummarySchema>;
