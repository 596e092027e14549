/**
 * The API's reference page (`GET /reference`): Scalar's reader over `GET /openapi.json`. The
 * script is served by the API itself from the installed package (`/reference/scalar.js`), never
 * from a CDN; the page has its own Content-Security-Policy (the script needs inline styles and
 * the one inline configuration script Scalar renders).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import type { MiddlewareHandler } from 'hono';

const SCRIPT_PATH = '/reference/scalar.js';
let script: Promise<Buffer> | undefined;

function scalarScript(): Promise<Buffer> {
  script ??= readFile(join(dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js'));
  return script;
}

const CSP = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const page = Scalar({ url: '/openapi.json', pageTitle: 'Veilig Werk API', cdn: SCRIPT_PATH, hideClientButton: true, withDefaultFonts: false });

/**
 * The page and its script as one middleware on `/reference/*` rather than as API routes: they are
 * documentation, not part of the contract (a third-party bundle is not an answer of this API).
 */
export function referencePage(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = c.req.path.replace(/\/+$/, '');
    let res: Response;
    if (path === '/reference') {
      const rendered = await page(c, next);
      if (!(rendered instanceof Response)) return;
      res = rendered;
    } else if (path === SCRIPT_PATH) {
      res = new Response(new Uint8Array(await scalarScript()), {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' },
      });
    } else {
      return next();
    }
    res.headers.set('content-security-policy', CSP);
    return res;
  };
}
