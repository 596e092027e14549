/**
 * The respondent API, used by the survey app's server side. Tokens travel in request bodies,
 * never in URLs, so no access log ever holds one; nothing here logs a request.
 */
import type { Context } from 'hono';
import { $ } from '@hono/zod-openapi';
import { declare, json, jsonBody, router } from '../../http/openapi.js';
import { clientAddress } from '../../http/client-address.js';
import type { ApiEnv } from '../../http/context.js';
import { findUsableOpenLink, issueOpenLinkInvitation } from '../../services/invitations.js';
import { getSession, saveDraft, submitResponse } from '../../services/submissions.js';
import { SurveyError } from '../../errors.js';
import {
  DraftRequestSchema, DraftSavedSchema, OpenLinkRequestSchema, OpenLinkStartedSchema, OpenLinkUsableSchema, SessionRequestSchema,
  SubmitReceivedSchema, SubmitRequestSchema, SurveySessionSchema,
} from './contract.js';

// Body limit (64 KiB: a complete response is a few kilobytes): http/guard.ts, for every route.

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

/**
 * Runs a lookup under the failure limit: a valid token or code is never refused (not even while
 * the address or the instance has used up its failures); an unknown one costs the caller, and
 * over the limit it is answered 429 instead of 404 (decision 060).
 */
async function limited<T>(c: Context<ApiEnv>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SurveyError && e.code === 'invalid_token') {
      const { surveyLimiter, trustProxy } = c.get('config');
      const verdict = await surveyLimiter.fail(clientAddress(c, trustProxy));
      if (!verdict.ok) {
        throw new SurveyError(429, 'rate_limited', 'Too many invalid links or codes; check the link, wait a little and try again.', undefined, verdict.retryAfterSeconds);
      }
    }
    throw e;
  }
}

export const surveyRoutes = $(router().use(async (c, next) => {
    // Set before the handler runs: a header added to a finished response makes hono copy it
    // into a full web Response (a stream and an abort signal per request).
    c.header('cache-control', 'no-store');
    await next();
  }))
  .openapi(sessionRoute, async (c) => {
    const { token } = c.req.valid('json');
    return c.json(await limited(c, () => getSession(c.get('db'), token, c.get('config').now())), 200);
  })
  .openapi(draftRoute, async (c) => {
    const { token, answers, lang } = c.req.valid('json');
    await limited(c, () => saveDraft(c.get('db'), token, answers, c.get('config').now(), lang));
    return c.json({ status: 'saved' } as const, 200);
  })
  .openapi(submitRoute, async (c) => {
    const { token, answers, key } = c.req.valid('json');
    await limited(c, () => submitResponse(c.get('db'), token, answers, key, c.get('config').now()));
    return c.json({ status: 'received' } as const, 200);
  })
  .openapi(openCheckRoute, async (c) => {
    // Lets the open-link page refuse an unknown, closed or not-yet-open code before its Start
    // button; counted by the same rate limit as starting, so it is no faster a way to guess codes.
    const { code } = c.req.valid('json');
    await limited(c, () => findUsableOpenLink(c.get('db'), code, c.get('config').now()));
    return c.json({ status: 'open' } as const, 200);
  })
  .openapi(openRoute, async (c) => {
    const { code } = c.req.valid('json');
    const db = c.get('db');
    const token = await limited(c, async () => issueOpenLinkInvitation(db, await findUsableOpenLink(db, code, c.get('config').now())));
    return c.json({ token }, 200);
  });
