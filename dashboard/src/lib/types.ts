/** Shapes of the API's answers that the dashboard reads (see api/src/routes/auth and admin). */
export type Role = 'admin' | 'researcher' | 'commander';

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
  organisationId: number | null;
  scopeUnitId: number | null;
}

export interface RowIssue {
  line: number;
  column: string;
  reason: string;
}

export interface FieldIssue {
  path: string;
  reason: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; issues?: (RowIssue | FieldIssue)[] };
}

export interface UserView {
  id: number;
  email: string;
  role: Role;
  organisation: string | null;
  scopeUnit: string | null;
  scopeUnitName: string | null;
  active: boolean;
  lockedUntil: string | null;
}

export interface OrganisationView {
  id: number;
  code: string;
  name: string;
  minGroupSize: number;
  minVictims: number;
  perpetratorMaxDepth: number;
  reportingPointUrl: string | null;
  surveyCycleYears: number;
  oidcIssuer: string | null;
  oidcClientId: string | null;
  oidcEmailClaim: string;
  oidcClientSecretSet: boolean;
  ssoEnabled: boolean;
}

export interface InstrumentSummary {
  code: string;
  versions: { version: number; publishedOn: string; title: { nl?: string; en?: string } | null; items: number }[];
}

export interface UnitView {
  id: number;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
  organisation: string;
}
