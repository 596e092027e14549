/**
 * The respondent API's request and response shapes: one zod schema per request, used by the Hono
 * routes and by the survey app's server side (exported as `@vw/api/survey`).
 */
import { z } from 'zod';
import { AnswersSchema, type Answers, type InstrumentDefinition, type ResponseIssue } from '@vw/questionnaire';

/** A token or code as typed or pasted; normalised and checked by the service. */
export const CodeInputSchema = z.string().min(1).max(100);

export const SessionRequestSchema = z.strictObject({ token: CodeInputSchema });
/** The survey's languages; a draft keeps the one the respondent last chose. */
export const SurveyLangSchema = z.enum(['nl', 'en']);
export type SurveyLang = z.infer<typeof SurveyLangSchema>;
export const DraftRequestSchema = z.strictObject({ token: CodeInputSchema, answers: AnswersSchema, lang: SurveyLangSchema.optional() });
/**
 * `key` is a random value the respondent's browser keeps for this submission; resending the same
 * key is a retry (docs/decisions/010-idempotent-submit.md).
 */
export const SubmitRequestSchema = z.strictObject({
  token: CodeInputSchema,
  answers: AnswersSchema,
  key: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'a random key of 22–128 URL-safe characters'),
});
export const OpenLinkRequestSchema = z.strictObject({ code: CodeInputSchema });

export type SessionRequest = z.infer<typeof SessionRequestSchema>;
export type DraftRequest = z.infer<typeof DraftRequestSchema>;
export type SubmitRequest = z.infer<typeof SubmitRequestSchema>;
export type OpenLinkRequest = z.infer<typeof OpenLinkRequestSchema>;

/** Everything the survey app needs to show a respondent's questionnaire. */
export interface SurveySession {
  wave: { code: string; kind: 'census' | 'sample'; closesAt: string };
  organisation: { name: string; minGroupSize: number; reportingPointUrl: string | null };
  unit: { code: string; name: string };
  instrument: { ref: string; definition: InstrumentDefinition };
  /** The saved draft (empty when none). */
  answers: Answers;
  /** The language saved with the draft (null when none): resuming on another device keeps it. */
  lang: SurveyLang | null;
}

export interface DraftSaved { status: 'saved' }
/** The same body for the first submission and for any retry of it: nothing else is revealed. */
export interface SubmitReceived { status: 'received' }
export interface OpenLinkStarted { token: string }
/** The open link's code is known and its wave is open (nothing is issued). */
export interface OpenLinkUsable { status: 'open' }

/** Error codes of the respondent API (body `{ error: { code, message, issues? } }`). */
export type SurveyErrorCode =
  | 'bad_request'
  | 'invalid_token'
  | 'already_submitted'
  | 'wave_closed'
  | 'wave_not_open'
  | 'invalid_answers'
  | 'rate_limited'
  | 'payload_too_large';

export interface SurveyErrorBody {
  error: { code: SurveyErrorCode; message: string; issues?: ResponseIssue[] };
}

/** A respondent-facing failure with its HTTP status; mapped by the app's one onError. */
export class SurveyError extends Error {
  override name = 'SurveyError';
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 422 | 429,
    readonly code: SurveyErrorCode,
    message: string,
    readonly issues?: ResponseIssue[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
