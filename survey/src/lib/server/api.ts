/**
 * The survey app's only way to the data: the API's respondent routes over HTTP, called from the
 * server side. Request and response types are the API's own (`@vw/api/survey`).
 */
import { env } from '$env/dynamic/private';
import type {
  DraftRequest, OpenLinkRequest, OpenLinkStarted, OpenLinkUsable, SessionRequest, SubmitReceived, SubmitRequest,
  SurveyErrorBody, SurveyErrorCode, SurveySession,
} from '@vw/api/survey';
import type { ResponseIssue } from '@vw/questionnaire';
import { currentRequestId } from './headers';
import type { TeamSummary } from './team-summary';

/** A failure reported by the API, with its stable code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: SurveyErrorCode | 'unavailable', readonly issues: ResponseIssue[] = []) {
    super(`API ${status} ${code}`);
    this.name = 'ApiError';
  }
}

function requestIdHeader(): Record<string, string> {
  const id = currentRequestId();
  return id ? { 'x-request-id': id } : {};
}

function baseUrl(): string {
  return (env['API_URL'] ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

async function call<T>(method: 'POST' | 'PUT', path: string, body: unknown, clientAddress: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl()}${path}`, {
      method,
      // The respondent's address is passed on for the API's rate limit only; nobody logs it.
      headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress, ...requestIdHeader() },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(503, 'unavailable');
  }
  if (res.ok) return (await res.json()) as T;
  let parsed: SurveyErrorBody | undefined;
  try {
    parsed = (await res.json()) as SurveyErrorBody;
  } catch {
    parsed = undefined;
  }
  throw new ApiError(res.status, parsed?.error?.code ?? 'unavailable', parsed?.error?.issues ?? []);
}

export const api = {
  session: (req: SessionRequest, address: string) => call<SurveySession>('POST', '/survey/session', req, address),
  saveDraft: (req: DraftRequest, address: string) => call<{ status: 'saved' }>('PUT', '/survey/draft', req, address),
  submit: (req: SubmitRequest, address: string) => call<SubmitReceived>('POST', '/survey/submit', req, address),
  open: (req: OpenLinkRequest, address: string) => call<OpenLinkStarted>('POST', '/survey/open', req, address),
  checkOpen: (req: OpenLinkRequest, address: string) => call<OpenLinkUsable>('POST', '/survey/open/check', req, address),
  /** The unit's team summary for the holder of an invitation token or a unit's survey code (404 `invalid_token` for an unknown one). */
  teamSummary: (link: { token: string } | { code: string }, address: string) =>
    call<{ summary: TeamSummary | null }>('POST', '/plans/team-summary/respondent', link, address),
};
