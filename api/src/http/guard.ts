/**
 * The first middleware of the API, in front of every route: a request id (response header
 * `x-request-id`, and on every log line written while the request runs), the URL check (no
 * control characters in the path or a query parameter), the body-size limit (before anything
 * parses the body), and one access-log line per request.
 *
 * The access line names the matched route pattern (`/reports/unit/:code`), never the concrete
 * path or the query string, so it cannot hold a unit code typed by an attacker, a token or an
 * address.
 */
import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { BadRequestError, PayloadTooLargeError } from '../errors.js';
import { logger, withRequestId } from '../log.js';
import { URL_CONTROL_CHARACTER as CONTROL_CHARACTER, CONTROL_CHARACTER_REASON } from '../input.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Body limits per route; everything not listed gets the default. */
export const BODY_LIMITS = {
  /** JSON requests: sign-in, settings, survey answers (a complete response is a few KiB). */
  default: 64 * 1024,
  /** An instrument definition (a long questionnaire is ~100 KiB). */
  instrument: 2 * 1024 * 1024,
  /** units.csv / population.csv of a large organisation. */
  upload: 50 * 1024 * 1024,
} as const;

export function bodyLimitFor(method: string, path: string): number {
  if (method === 'POST' && /^\/admin\/(units|population)\/?$/.test(path)) return BODY_LIMITS.upload;
  if (method === 'POST' && /^\/admin\/instruments\/?$/.test(path)) return BODY_LIMITS.instrument;
  return BODY_LIMITS.default;
}

/** A request id from a trusted front (the apps, the proxy) when it is well-formed, else a new one. */
function requestIdOf(c: Context): string {
  const given = c.req.header(REQUEST_ID_HEADER);
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomBytes(12).toString('base64url');
}

/** Path and query parameters: percent-decoding must work and the result hold no control characters. */
function checkUrl(url: string): void {
  const q = url.indexOf('?');
  const hashless = url.split('#')[0]!;
  const path = (q === -1 ? hashless : hashless.slice(0, q)).replace(/^[a-z]+:\/\/[^/]*/i, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new BadRequestError('the request path is not valid percent-encoding', [{ path: 'path', reason: 'malformed percent-encoding' }]);
  }
  if (CONTROL_CHARACTER.test(decoded)) throw new BadRequestError('the request path is not valid', [{ path: 'path', reason: CONTROL_CHARACTER_REASON }]);
  if (q === -1) return;
  const issues: { path: string; reason: string }[] = [];
  for (const part of hashless.slice(q + 1).split('&')) {
    if (!part) continue;
    const [rawName = '', ...rest] = part.split('=');
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rest.join('=').replace(/\+/g, ' '));
    } catch {
      issues.push({ path: `query.${rawName.slice(0, 40)}`, reason: 'malformed percent-encoding' });
      continue;
    }
    if (CONTROL_CHARACTER.test(name)) issues.push({ path: 'query', reason: `a parameter name ${CONTROL_CHARACTER_REASON}` });
    else if (CONTROL_CHARACTER.test(value)) issues.push({ path: `query.${name.slice(0, 40)}`, reason: CONTROL_CHARACTER_REASON });
  }
  if (issues.length > 0) throw new BadRequestError('a query parameter is not valid', issues);
}

/**
 * The body limit. When the request states its length (and is not chunked), Node's HTTP parser
 * holds the body to it, so the header is enough and the body is left alone: hono's `bodyLimit`
 * reads `c.req.raw.body`, which builds a full web Request with a ReadableStream and an
 * AbortSignal for every call (a fifth of the server's CPU per submission, bench/RESULTS.md).
 * A body without a length is counted as it streams, by hono's `bodyLimit`.
 */
async function limitBody(c: Context, next: () => Promise<void>): Promise<void> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') {
    // No route reads a GET body; one that comes anyway is not read either.
    return next();
  }
  const maxSize = bodyLimitFor(c.req.method, c.req.path);
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined && /^\d+$/.test(length)) {
    if (Number(length) > maxSize) throw new PayloadTooLargeError(maxSize);
    return next();
  }
  await bodyLimit({ maxSize, onError: () => { throw new PayloadTooLargeError(maxSize); } })(c, next);
}

/** Request id and the access-log line; mounted first so it sees the final status of every request. */
export function requestLog(): MiddlewareHandler {
  return async (c, next) => {
    const requestId = requestIdOf(c);
    // Set before the handler: a header added to a finished response makes hono copy the response.
    c.header(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    await withRequestId(requestId, next);
    withRequestId(requestId, () => logger.info('request', {
      method: c.req.method, route: routePath(c, -1) || '(none)', status: c.res.status, ms: Math.round(performance.now() - started),
    }));
  };
}

/** The URL check and the body limit, before any route parses anything. */
export function checkRequest(): MiddlewareHandler {
  return async (c, next) => {
    checkUrl(c.req.url);
    await limitBody(c, next);
  };
}
