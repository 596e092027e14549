import { describe, expect, it } from 'vitest';
import { appRequestContext } from '../src/security.js';

describe('appRequestContext', () => {
  it('reads SECURE_COOKIES at each call and sends HSTS only when the request is secure', () => {
    let secureCookies = false;
    const ctx = appRequestContext({ secureCookies: () => secureCookies, requestId: () => 'r1' });
    const plain = new URL('http://example.test/');
    expect(ctx.isSecure(new URL('https://example.test/'))).toBe(true);
    expect(ctx.isSecure(plain)).toBe(false);
    const h = new Headers();
    ctx.setSecurityHeaders(h, plain, 'no-referrer');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('strict-transport-security')).toBeNull();
    secureCookies = true;
    expect(ctx.isSecure(plain)).toBe(true);
    ctx.setSecurityHeaders(h, plain, 'same-origin');
    expect(h.get('strict-transport-security')).toContain('max-age=');
  });

  it('has no request id outside a request', () => {
    expect(appRequestContext({ secureCookies: () => false, requestId: () => 'abc' }).currentRequestId()).toBe('abc');
    const outside = appRequestContext({ secureCookies: () => false, requestId: () => { throw new Error('no request'); } });
    expect(outside.currentRequestId()).toBeUndefined();
  });
});
