import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handle, handleError } from './hooks.server';

interface CookieCall {
  name: string;
  value: string;
  opts: { path: string; maxAge?: number };
}

/** The parts of a RequestEvent the hooks read, with cookies that record what was set. */
function createEvent(url: string, cookies: Record<string, string> = {}) {
  const set: CookieCall[] = [];
  const event = {
    url: new URL(url),
    request: new Request(url),
    locals: {},
    cookies: {
      get: (name: string) => cookies[name],
      set: (name: string, value: string, opts: CookieCall['opts']) => set.push({ name, value, opts }),
    },
  } as unknown as RequestEvent;
  return { event, set };
}

/** Stands in for SvelteKit's renderer: one page chunk through `transformPageChunk`. */
async function resolvePage(_event: RequestEvent, opts?: ResolveOptions): Promise<Response> {
  const html = '<html lang="%lang%"><body></body></html>';
  const body = (await opts?.transformPageChunk?.({ html, done: true })) ?? html;
  return new Response(body, { headers: { 'content-type': 'text/html' } });
}

describe('handle', () => {
  it('serves Dutch by default and sets the security headers', async () => {
    const { event, set } = createEvent('http://localhost/');
    const response = await handle({ event, resolve: resolvePage });
    expect(await response.text()).toContain('<html lang="nl">');
    expect(event.locals.lang).toBe('nl');
    expect(set).toEqual([]);
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
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
});

describe('handleError', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('logs no request data and returns a safe message', async () => {
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { event } = createEvent('http://localhost/reports/unit-42?session=secret-session-id');
    event.locals.lang = 'en';
    const error = new Error('database password is hunter2');
    const result = await handleError({ error, event, status: 500, message: 'Internal Error' });

    expect(result).toEqual({ message: 'An unexpected error occurred. Please try again later.' });
    const logged = log.mock.calls.flat().map(String).join(' ');
    expect(JSON.parse(logged)).toMatchObject({ level: 'error', status: 500, err: { name: 'Error', stack: expect.stringContaining('hooks.server.test.ts') } });
    expect(logged).not.toContain('secret-session-id');
    expect(logged).not.toContain('hunter2');
    // What does get logged: where it happened (the stack's frames), so a 500 can be traced.
    expect(JSON.parse(logged).err.stack).toMatch(/^\s+at /m);
  });

  it('says a missing page does not exist, in Dutch by default', async () => {
    const { event } = createEvent('http://localhost/nope');
    const result = await handleError({ error: new Error('Not found'), event, status: 404, message: 'Not Found' });
    expect(result).toEqual({ message: 'Deze pagina bestaat niet.' });
  });
});

describe('security headers and unusable requests (issue 13)', () => {
  it('sends CSP companions on every page; HSTS and Secure cookies only behind TLS', async () => {
    const plain = await handle({ event: createEvent('http://localhost/').event, resolve: resolvePage });
    expect(plain.headers.get('referrer-policy')).toBe('same-origin');
    expect(plain.headers.get('x-frame-options')).toBe('DENY');
    expect(plain.headers.get('permissions-policy')).toContain('camera=()');
    expect(plain.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const { event, set } = createEvent('https://survey.example/?lang=en');
    const tls = await handle({ event, resolve: resolvePage });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(set[0]?.opts).toMatchObject({ secure: true });
  });

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
    (event as { request: Request }).request = new Request(url, { method, ...(type ? { headers: { 'content-type': type, 'sec-fetch-site': 'same-origin' } } : {}), ...(body ? { body } : {}) });
    const res = await handle({ event, resolve: resolvePage });
    expect(res.status).toBe(status);
  });
});
