/**
 * The respondent API, used by the survey app's server side. Tokens travel in request bodies,
 * never in URLs, so no access log ever holds one; nothing here logs a request.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ACCESS_CODE_LENGTH, findOpenLink, issueOpenLinkInvitation, normaliseCode, waveState } from '../../services/invitations.js';
import { DEFAULT_RATE_LIMITS, FailureLimiter, type RateLimitOptions } from '../../services/rate-limit.js';
import { getSession, saveDraft, submitResponse } from '../../services/submissions.js';
import { waves } from '../../db/schema.js';
import { eq } from 'drizzle-orm';
import {
  DraftRequestSchema, OpenLinkRequestSchema, SessionRequestSchema, SubmitRequestSchema, SurveyError,
  type DraftSaved, type OpenLinkStarted, type SubmitReceived,
} from './contract.js';

/** A complete response is a few kilobytes; anything far larger is not a respondent. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface SurveyRouteOptions {
  rateLimits?: RateLimitOptions;
  /** Clock for wave states (tests). */
  now?: () => Date;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The client's address for rate limiting. The survey app's server calls this API on the
 * respondent's behalf and passes the respondent's address in `x-forwarded-for`; that header is
 * believed only from the loopback interface (where the survey server runs) or in-process tests.
 */
function clientAddress(c: Context): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // app.request() in tests: no socket
  }
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded && (remote === undefined || LOOPBACK.test(remote))) return forwarded;
  return remote ?? 'local';
}

async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new SurveyError(400, 'bad_request', 'The request body must be JSON.');
  }
  const r = schema.safeParse(json);
  // Issues name the fields only; they never echo the values (a token or answers).
  if (!r.success) throw new SurveyError(400, 'bad_request', `Invalid request: ${r.error.issues.map((i) => i.path.join('.') || '(body)').join(', ')}.`);
  return r.data;
}

/**
 * The body-size limit. When the request states its length (and is not chunked), Node's HTTP
 * parser holds the body to it, so the header is enough and the body is left alone: hono's
 * `bodyLimit` reads `c.req.raw.body`, which builds a full web Request with a ReadableStream and an
 * AbortSignal for every call (a fifth of the server's CPU per submission, bench/RESULTS.md).
 * A body without a length is counted as it streams, by hono's `bodyLimit`.
 */
function limitBody(maxSize: number, onError: (c: Context) => never): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && /^\d+$/.test(length)) {
      if (Number(length) > maxSize) onError(c);
      return next();
    }
    return streamed(c, next);
  };
}

export function surveyRoutes(db: Db, options: SurveyRouteOptions = {}) {
  const limiter = new FailureLimiter(options.rateLimits ?? DEFAULT_RATE_LIMITS);
  const now = options.now ?? (() => new Date());

  /** Runs a lookup under the failure rate limit: unknown tokens and codes cost the caller. */
  async function limited<T>(c: Context, run: () => Promise<T>): Promise<T> {
    const address = clientAddress(c);
    const verdict = limiter.check(address);
    if (!verdict.ok) {
      throw new SurveyError(429, 'rate_limited', 'Too many invalid links or codes; wait a little and try again.', undefined, verdict.retryAfterSeconds);
    }
    try {
      return await run();
    } catch (e) {
      if (e instanceof SurveyError && e.code === 'invalid_token') limiter.fail(address);
      throw e;
    }
  }

  return new Hono()
    .use(limitBody(MAX_BODY_BYTES, () => {
      throw new SurveyError(413, 'payload_too_large', `Requests are limited to ${MAX_BODY_BYTES} bytes.`);
    }))
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
      const { token, answers } = await body(c, DraftRequestSchema);
      await limited(c, () => saveDraft(db, token, answers, now()));
      return c.json({ status: 'saved' } satisfies DraftSaved);
    })
    .post('/submit', async (c) => {
      const { token, answers, key } = await body(c, SubmitRequestSchema);
      await limited(c, () => submitResponse(db, token, answers, key, now()));
      return c.json({ status: 'received' } satisfies SubmitReceived);
    })
    .post('/open', async (c) => {
      const { code } = await body(c, OpenLinkRequestSchema);
      const token = await limited(c, async () => {
        const canonical = normaliseCode(code, ACCESS_CODE_LENGTH);
        const link = canonical === null ? undefined : await findOpenLink(db, canonical);
        if (!link) throw new SurveyError(404, 'invalid_token', 'This link or code is not valid.');
        const [wave] = await db.select().from(waves).where(eq(waves.id, link.waveId));
        const state = wave ? waveState(wave, now()) : 'closed';
        if (state === 'closed') throw new SurveyError(409, 'wave_closed', 'This survey has closed.');
        if (state === 'not_open') throw new SurveyError(409, 'wave_not_open', 'This survey has not opened yet.');
        return issueOpenLinkInvitation(db, link);
      });
      return c.json({ token } satisfies OpenLinkStarted);
    });
}

