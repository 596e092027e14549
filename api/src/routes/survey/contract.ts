/**
 * The respondent API's request and response shapes: one zod schema per request, used by the Hono
 * routes and by the survey app's server side (exported as `@vw/api/survey`).
 */
import { z } from '@hono/zod-openapi';
import { AnswersSchema, type ResponseIssue } from '@vw/questionnaire';
import { InstrumentDefinitionDoc } from '../../http/openapi.js';
import type { SurveyErrorCode } from '../../errors.js';

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
export const SurveySessionSchema = z.object({
  wave: z.object({ code: z.string(), kind: z.enum(['census', 'sample']), closesAt: z.string() }),
  organisation: z.object({ name: z.string(), minGroupSize: z.int(), reportingPointUrl: z.string().nullable() }),
  unit: z.object({ code: z.string(), name: z.string() }),
  instrument: z.object({ ref: z.string(), definition: InstrumentDefinitionDoc }),
  /** The saved draft (empty when none). */
  answers: AnswersSchema,
  /** The language saved with the draft (null when none): resuming on another device keeps it. */
  lang: SurveyLangSchema.nullable(),
}).openapi('SurveySession');
export type SurveySession = z.infer<typeof SurveySessionSchema>;

export const DraftSavedSchema = z.object({ status: z.literal('saved') });
/** The same body for the first submission and for any retry of it: nothing else is revealed. */
export const SubmitReceivedSchema = z.object({ status: z.literal('received') });
export const OpenLinkStartedSchema = z.object({ token: z.string() });
/** The open link's code is known and its wave is open (nothing is issued). */
export const OpenLinkUsableSchema = z.object({ status: z.literal('open') });
export type DraftSaved = z.infer<typeof DraftSavedSchema>;
export type SubmitReceived = z.infer<typeof SubmitReceivedSchema>;
export type OpenLinkStarted = z.infer<typeof OpenLinkStartedSchema>;
export type OpenLinkUsable = z.infer<typeof OpenLinkUsableSchema>;

export type { SurveyErrorCode } from '../../errors.js';

export interface SurveyErrorBody {
  error: { code: SurveyErrorCode; message: string; issues?: ResponseIssue[] };
}
