/**
 * Test helpers both apps' hook tests use: a request event with recording cookies, a stand-in for
 * SvelteKit's renderer, and the behaviour every app's `handle`/`handleError` must have (language
 * choice, security headers, unusable requests, safe error messages and logs). Imported by tests only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

export interface CookieCall {
  name: string;
  value: string;
  opts: { path: string; maxAge?: number; secure?: boolean };
}

/** The parts of a SvelteKit RequestEvent the hooks read, with cookies that record what was set. */
export function createEvent<E>(url: string, cookies: Record<string, string> = {}): { event: E & { locals: Record<string, unknown>; request: Request }; set: CookieCall[] } {
  const set: CookieCall[] = [];
  const event = {
    url: new URL(url),
    request: new Request(url),
    locals: {},
    cookies: {
      get: (name: string) => cookies[name],
      set: (name: string, value: string, opts: CookieCall['opts']) => set.push({ name, value, opts }),
    },
  };
  return { event: event as unknown as E & { locals: Record<string, unknown>; request: Request }, set };
}

/** Stands in for SvelteKit's renderer: one page chunk through `transformPageChunk`. */
export async function resolvePage(_event: unknown, opts?: { transformPageChunk?: (x: { html: string; done: boolean }) => unknown }): Promise<Response> {
  const html = '<html lang="%lang%"><body></body></html>';
  const body = ((await opts?.transformPageChunk?.({ html, done: true })) as string | undefined) ?? html;
  return new Response(body, { headers: { 'content-type': 'text/html' } });
}

/* eslint-disable @typescript-eslint/no-explicit-any -- each app's hooks have their own SvelteKit types */
export interface AppHooks {
  handle: (input: { event: any; resolve: any }) => Promise<Response> | Response;
  handleError: (input: { error: unknown; event: any; status: number; message: string }) => unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * The hook behaviour both apps share. `referrerPolicy` is the app's; `secretUrl` a URL whose path or
 * query holds `secret`, which must never reach a log line.
 */
export function describeAppHooks(hooks: AppHooks, o: { referrerPolicy: string; secretUrl: string; secret: string }): void {
  const { handle, handleError } = hooks;

  describe('handle (shared)', () => {
    it('serves Dutch by default and sets the security headers', async () => {
      const { event, set } = createEvent('http://localhost/');
      const response = await handle({ event, resolve: resolvePage });
      expect(await response.text()).toContain('<html lang="nl">');
      expect(event.locals['lang']).toBe('nl');
      expect(set).toEqual([]);
      expect(response.headers.get('referrer-policy')).toBe(o.referrerPolicy);
    });

    it('switches to English with ?lang=en and remembers it in a cookie', async () => {
      const { event, set } = createEvent('http://localhost/?lang=en');
      const response = await handle({ event, resolve: resolvePage });
      expect(await response.text()).toContain('<html lang="en">');
      expect(set).toEqual([expect.objectContaining({ name: 'lang', value: 'en' })]);
    });

    it('uses the language cookie when there is no query', async () => {
      const { event } = createEvent('http://localhost/', { lang: 'en' });
      const response = await handle({ event, resolve: resolvePage });
      expect(await response.text()).toContain('<html lang="en">');
    });

    it('sends CSP companions on every page; HSTS and Secure cookies only behind TLS', async () => {
      const plain = await handle({ event: createEvent('http://localhost/').event, resolve: resolvePage });
      expect(plain.headers.get('referrer-policy')).toBe(o.referrerPolicy);
      expect(plain.headers.get('x-frame-options')).toBe('DENY');
      expect(plain.headers.get('permissions-policy')).toContain('camera=()');
      expect(plain.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      const { event, set } = createEvent('https://survey.example/?lang=en');
      const tls = await handle({ event, resolve: resolvePage });
      expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(set[0]?.opts).toMatchObject({ secure: true });
    });
  });

  describe('handleError (shared)', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('logs the stack as a JSON line, but no request data, and returns a safe message', async () => {
      const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const { event } = createEvent(o.secretUrl);
      event.locals['lang'] = 'en';
      const error = new Error('database password is hunter2');
      const result = await handleError({ error, event, status: 500, message: 'Internal Error' });

      expect(result).toEqual({ message: 'An unexpected error occurred. Please try again later.' });
      const logged = log.mock.calls.flat().map(String).join(' ');
      const line = JSON.parse(logged) as { level: string; status: number; err: { name: string; stack: string } };
      expect(line).toMatchObject({ level: 'error', status: 500, err: { name: 'Error' } });
      // What does get logged: where it happened (the stack's frames), so a 500 can be traced.
      expect(line.err.stack).toContain('testing.ts'); // the error below is made in this file
      expect(line.err.stack).toMatch(/^\s+at /m);
      expect(logged).not.toContain(o.secret);
      expect(logged).not.toContain('hunter2');
    });

    it('says a missing page does not exist, in Dutch by default', async () => {
      const { event } = createEvent('http://localhost/nope');
      const result = await handleError({ error: new Error('Not found'), event, status: 404, message: 'Not Found' });
      expect(result).toEqual({ message: 'Deze pagina bestaat niet.' });
    });
  });

  describe('unusable requests (issue 13, shared)', () => {
    it.each([
      ['GET', '/unit/%00', undefined, undefined, 400],
      ['GET', '/admin/organisations/%0a', undefined, undefined, 400],
      ['GET', '/x?y=%E0%A4%A', undefined, undefined, 200],
      ['GET', '/organisation/release.csv?release=a&indicator=x%0d%0aSet-Cookie:%20a=b', undefined, undefined, 400],
      ['POST', '/login', 'text/plain', 'a=b', 415],
      ['POST', '/login', 'application/json', '{}', 415],
      ['POST', '/login', 'multipart/form-data; boundary=x', '--x\r\nbroken', 400],
      ['POST', '/login', 'multipart/form-data', 'a=b', 400],
    ] as const)('%s %s (%s) is answered %s before any page code runs', async (method, path, type, body, status) => {
      const url = `http://localhost${path}`;
      const { event } = createEvent(url);
      event.request = new Request(url, { method, ...(type ? { headers: { 'content-type': type, 'sec-fetch-site': 'same-origin' } } : {}), ...(body ? { body } : {}) });
      const res = await handle({ event, resolve: resolvePage });
      expect(res.status).toBe(status);
    });
  });
}

/**
 * What both apps' layouts must have, tested on the app's layout rendered around a page whose
 * content is `<p>page content</p>`: the skip link to the main landmark, and a link to the other
 * language.
 */
export function describeAppLayout(renderLayout: (lang: 'nl' | 'en') => string): void {
  describe('layout', () => {
    it('has a skip link to the main landmark around the page', () => {
      const html = renderLayout('nl');
      expect(html).toMatch(/<a class="skip-link[^"]*" href="#main">Ga naar de inhoud<\/a>/);
      expect(html).toMatch(/<main id="main"[^>]*>[\s\S]*<p>page content<\/p>[\s\S]*<\/main>/);
    });

    it('offers the other language', () => {
      expect(renderLayout('nl')).toMatch(/href="\?lang=en"[^>]*>\s*English\s*</);
      expect(renderLayout('en')).toMatch(/href="\?lang=nl"[^>]*>\s*Nederlands\s*</);
    });
  });
}
