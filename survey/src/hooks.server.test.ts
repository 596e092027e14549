import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { createEvent as makeEvent, describeAppHooks, resolvePage } from '@vw/app-shared/testing';
import { handle, handleError } from './hooks.server';

describeAppHooks({ handle, handleError }, { referrerPolicy: 'no-referrer', secretUrl: 'http://localhost/s/secret-invitation-token', secret: 'secret-invitation-token' });

const createEvent = (url: string, cookies?: Record<string, string>) => makeEvent<RequestEvent>(url, cookies);

describe('cross-site form posts', () => {
  const post = (headers: Record<string, string>) => new Request('http://survey.test/survey/review', { method: 'POST', headers });
  const url = new URL('http://survey.test/survey/review');

  it.each([
    [{ 'sec-fetch-site': 'same-origin', origin: 'null' }, false],
    [{ 'sec-fetch-site': 'cross-site', origin: 'http://survey.test' }, true],
    [{ 'sec-fetch-site': 'same-site' }, true],
    [{ origin: 'http://evil.test' }, true],
    [{ origin: 'http://survey.test' }, false],
    [{ origin: 'null' }, false],
    [{}, false],
  ])('headers %o: cross-site %s', async (headers, expected) => {
    const { isCrossSite } = await import('$lib/server/csrf');
    expect(isCrossSite(post(headers), url)).toBe(expected);
  });

  it('are refused with 403 before any page code runs', async () => {
    const { event } = createEvent('http://survey.test/survey/review');
    (event as { request: Request }).request = post({ 'sec-fetch-site': 'cross-site' });
    const res = await handle({ event, resolve: resolvePage });
    expect(res.status).toBe(403);
  });
});

describe('survey pages', () => {
  it('are never cached (a page can hold answers)', async () => {
    const response = await handle({ event: createEvent('http://localhost/').event, resolve: resolvePage });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
