/**
 * Shapes of the API's answers that the dashboard reads: the API's own types (`@vw/api/contract`,
 * inferred from the schemas its routes are declared with), never declared again here. A changed
 * response schema in the API fails this app's typecheck (decision 080).
 */
export type {
  ErrorBody as ApiErrorBody, FieldIssue, InstrumentSummary, OrganisationView, Role, RowIssue, SessionUser, UnitView, UserView,
} from '@vw/api/contract';
