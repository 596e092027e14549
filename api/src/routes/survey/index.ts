/**
 * The respondent API, used by the survey app's server side. Tokens travel in request bodies,
 * never in URLs, so no access log ever holds one; nothing here logs a request.
 */
import { Hono, type Context } from 'hono';
import { findControlCharacters } from '../../http/input.js';
import { clientAddress, trustedProxiesFromEnv, type TrustedProxies } from '../../http/client-address.js';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ACCESS_CODE_LENGTH, findOpenLink, issueOpenLinkInvitation, normaliseCode, waveState } from '../../services/invitations.js';
import { defaultRateLimits, FailureLimiter, type RateLimitOptions } from '../../services/rate-limit.js';
import { getSession, saveDraft, submitResponse } from '../../services/submissions.js';
import { waves } from '../../db/schema.js';
import { eq } from 'drizzle-orm';
import {
  DraftRequestSchema, OpenLinkRequestSchema, SessionRequestSchema, SubmitRequestSchema, SurveyError,
  type DraftSaved, type OpenLinkStarted, type OpenLinkUsable, type SubmitReceived,
} from './contract.js';

// Body limit (64 KiB: a complete response is a few kilobytes): http/guard.ts, for every route.

export interface SurveyRouteOptions {
  rateLimits?: RateLimitOptions;
  /** Which peers may name the client's address in X-Forwarded-For (default: TRUST_PROXY). */
  trustProxy?: TrustedProxies;
  /** Clock for wave states (tests). */
  now?: () => Date;
}

async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new SurveyError(400, 'bad_request', 'The request body must be JSON.');
  }
  const control = findControlCharacters(json);
  if (control.length > 0) throw new SurveyError(400, 'bad_request', `Invalid request: ${control.map((i) => i.path).join(', ')} contain${control.length === 1 ? 's' : ''} a control character.`);
  const r = schema.safeParse(json);
  // Issues name the fields only; they never echo the values (a token or answers).
  if (!r.success) throw new SurveyError(400, 'bad_request', `Invalid request: ${r.error.issues.map((i) => i.path.join('.') || '(body)').join(', ')}.`);
  return r.data;
}

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

  return new Hono()
    .use(async (c, next) => {
      // Set before the handler runs: a header added to a finished response makes hono copy it
      // into a full web Response (a stream and an abort signal per request).
      c.header('cache-control', 'no-store');
      await next();
    })
    .post('/session', async (c) => {
      const { token } = await body(c, SessionRequestSchema);
      return c.json(await limited(c, () => getSession(db, token, now())));
    })
    .put('/draft', async (c) => {
      const { token, answers, lang } = await body(c, DraftRequestSchema);
      await limited(c, () => saveDraft(db, token, answers, now(), lang));
      return c.json({ status: 'saved' } satisfies DraftSaved);
    })
    .post('/submit', async (c) => {
      const { token, answers, key } = await body(c, SubmitRequestSchema);
      await limited(c, () => submitResponse(db, token, answers, key, now()));
      return c.json({ status: 'received' } satisfies SubmitReceived);
    })
    .post('/open/check', async (c) => {
      // Lets the open-link page refuse an unknown, closed or not-yet-open code before its Start
      // button; counted by the same rate limit as starting, so it is no faster a way to guess codes.
      const { code } = await body(c, OpenLinkRequestSchema);
      await limited(c, () => usableOpenLink(code));
      return c.json({ status: 'open' } satisfies OpenLinkUsable);
    })
    .post('/open', async (c) => {
      const { code } = await body(c, OpenLinkRequestSchema);
      const token = await limited(c, async () => issueOpenLinkInvitation(db, await usableOpenLink(code)));
      return c.json({ token } satisfies OpenLinkStarted);
    });
}
