/** Cross-site request check used by hooks.server.ts (replaces SvelteKit's origin check). */
/**
 * Whether a state-changing request comes from another site. Browsers that send Sec-Fetch-Site
 * (all current ones) are judged by it; otherwise a real Origin must match. With neither (an old
 * browser under no-referrer sends `Origin: null`) the request passes: the session cookie is
 * SameSite=Lax, so a cross-site post carries no session anyway.
 */
export function isCrossSite(request: Request, url: URL): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.get('origin');
  return origin !== null && origin !== 'null' && origin !== url.origin;
}
