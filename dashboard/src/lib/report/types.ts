/**
 * Shapes of the API's release answers that the report pages read: the API's own types
 * (`@vw/api/contract`, from api/src/routes/releases/schemas.ts), never declared again here.
 */
export type { Comparison, DisclosureSummary, ReleaseChoice, ReleaseListItem, ReleaseMeta, ReleaseRecord, UnitReport } from '@vw/api/contract';
