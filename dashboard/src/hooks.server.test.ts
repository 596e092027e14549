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
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { event } = createEvent('http://localhost/reports/unit-42?session=secret-session-id');
    event.locals.lang = 'en';
    const error = new Error('database password is hunter2');
    const result = await handleError({ error, event, status: 500, message: 'Internal Error' });

    expect(result).toEqual({ message: 'An unexpected error occurred. Please try again later.' });
    const logged = log.mock.calls.flat().map(String).join(' ');
    expect(logged).not.toContain('secret-session-id');
    expect(logged).not.toContain('hunter2');
    // What does get logged: where it happened (the stack's frames), so a 500 can be traced.
    expect(logged).toContain('unexpected server error (status 500)');
    expect(logged).toMatch(/Error\n\s+at /);
  });

  it('says a missing page does not exist, in Dutch by default', async () => {
    const { event } = createEvent('http://localhost/nope');
    const result = await handleError({ error: new Error('Not found'), event, status: 404, message: 'Not Found' });
    expect(result).toEqual({ message: 'Deze pagina bestaat niet.' });
  });
});
