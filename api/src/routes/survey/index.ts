/**
 * The respondent API, used by the survey app's server side. Tokens travel in request bodies,
 * never in URLs, so no access log ever holds one; nothing here logs a request.
 */
import type { Context } from 'hono';
import { $ } from '@hono/zod-openapi';
import { declare, json, jsonBody, router } from '../../http/openapi.js';
import { clientAddress, trustedProxiesFromEnv, type TrustedProxies } from '../../http/client-address.js';
import type { Db } from '../../db/client.js';
import { ACCESS_CODE_LENGTH, findOpenLink, issueOpenLinkInvitation, normaliseCode, waveState } from '../../services/invitations.js';
import { defaultRateLimits, FailureLimiter, type RateLimitOptions } from '../../services/rate-limit.js';
import { getSession, saveDraft, submitResponse } from '../../services/submissions.js';
import { waves } from '../../db/schema.js';
import { eq } from 'drizzle-orm';
import { SurveyError } from '../../errors.js';
import {
  DraftRequestSchema, DraftSavedSchema, OpenLinkRequestSchema, OpenLinkStartedSchema, OpenLinkUsableSchema, SessionRequestSchema,
  SubmitReceivedSchema, SubmitRequestSchema, SurveySessionSchema,
} from './contract.js';

// Body limit (64 KiB: a complete response is a few kilobytes): http/guard.ts, for every route.

export interface SurveyRouteOptions {
  rateLimits?: RateLimitOptions;
  /** Which peers may name the client's address in X-Forwarded-For (default: TRUST_PROXY). */
  trustProxy?: TrustedProxies;
  /** Clock for wave states (tests). */
  now?: () => Date;
}

const respondentErrors = [404, 409, 429] as const;

const sessionRoute = declare('public', {
  method: 'post', path: '/session', tags: ['survey'], summary: 'The questionnaire, wave and saved draft behind an invitation token',
  request: { body: jsonBody(SessionRequestSchema) },
  responses: { 200: json(SurveySessionSchema, 'The session') },
}, respondentErrors);
const draftRoute = declare('public', {
  method: 'put', path: '/draft', tags: ['survey'], summary: 'Saves the answers so far (a draft, deleted when the wave closes)',
  request: { body: jsonBody(DraftRequestSchema) },
  responses: { 200: json(DraftSavedSchema, 'Saved') },
}, respondentErrors);
const submitRoute = declare('public', {
  method: 'post', path: '/submit', tags: ['survey'], summary: 'Submits a response (idempotent per key, decision 010)',
  request: { body: jsonBody(SubmitRequestSchema) },
  responses: { 200: json(SubmitReceivedSchema, 'Received (the same answer for a retry)') },
}, respondentErrors);
const openCheckRoute = declare('public', {
  method: 'post', path: '/open/check', tags: ['survey'], summary: 'Whether an open link\'s code is known and its wave open',
  request: { body: jsonBody(OpenLinkRequestSchema) },
  responses: { 200: json(OpenLinkUsableSchema, 'Usable') },
}, respondentErrors);
const openRoute = declare('public', {
  method: 'post', path: '/open', tags: ['survey'], summary: 'Starts a response from an open link: issues a one-time token',
  request: { body: jsonBody(OpenLinkRequestSchema) },
  responses: { 200: json(OpenLinkStartedSchema, 'A new token') },
}, respondentErrors);

export function surveyRoutes(db: Db, options: SurveyRouteOptions = {}) {
  const limiter = new FailureLimiter(db, options.rateLimits ?? defaultRateLimits());
  const trusted = options.trustProxy ?? trustedProxiesFromEnv();
  const now = options.now ?? (() => new Date());

  /**
   * Runs a lookup under the failure limit: a valid token or code is never refused (not even while
   * the address or the instance has used up its failures); an unknown one costs the caller, and
   * over the limit it is answered 429 instead of 404 (decision 060).
   */
  async function limited<T>(c: Context, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof SurveyError && e.code === 'invalid_token') {
        const verdict = await limiter.fail(clientAddress(c, trusted));
        if (!verdict.ok) {
          throw new SurveyError(429, 'rate_limited', 'Too many invalid links or codes; check the link, wait a little and try again.', undefined, verdict.retryAfterSeconds);
        }
      }
      throw e;
    }
  }

  /** The open link behind a code, if its wave is open; otherwise the error a respondent sees. */
  async function usableOpenLink(code: string) {
    const canonical = normaliseCode(code, ACCESS_CODE_LENGTH);
    const link = canonical === null ? undefined : await findOpenLink(db, canonical);
    if (!link) throw new SurveyError(404, 'invalid_token', 'This link or code is not valid.');
    const [wave] = await db.select().from(waves).where(eq(waves.id, link.waveId));
    const state = wave ? waveState(wave, now()) : 'closed';
    if (state === 'closed') throw new SurveyError(409, 'wave_closed', 'This survey has closed.');
    if (state === 'not_open') throw new SurveyError(409, 'wave_not_open', 'This survey has not opened yet.');
    return link;
  }

  return $(router().use(async (c, next) => {
      // Set before the handler runs: a header added to a finished response makes hono copy it
      // into a full web Response (a stream and an abort signal per request).
      c.header('cache-control', 'no-store');
      await next();
    }))
    .openapi(sessionRoute, async (c) => {
      const { token } = c.req.valid('json');
      return c.json(await limited(c, () => getSession(db, token, now())), 200);
    })
    .openapi(draftRoute, async (c) => {
      const { token, answers, lang } = c.req.valid('json');
      await limited(c, () => saveDraft(db, token, answers, now(), lang));
      return c.json({ status: 'saved' } as const, 200);
    })
    .openapi(submitRoute, async (c) => {
      const { token, answers, key } = c.req.valid('json');
      await limited(c, () => submitResponse(db, token, answers, key, now()));
      return c.json({ status: 'received' } as const, 200);
    })
    .openapi(openCheckRoute, async (c) => {
      // Lets the open-link page refuse an unknown, closed or not-yet-open code before its Start
      // button; counted by the same rate limit as starting, so it is no faster a way to guess codes.
      const { code } = c.req.valid('json');
      await limited(c, () => usableOpenLink(code));
      return c.json({ status: 'open' } as const, 200);
    })
    .openapi(openRoute, async (c) => {
      const { code } = c.req.valid('json');
      const token = await limited(c, async () => issueOpenLinkInvitation(db, await usableOpenLink(code)));
      return c.json({ token }, 200);
    });
}
