/**
 * Requests no page of either app can use, refused before any load or action runs (issue 13: these
 * were 500s and 502s): a path with a control character (`/unit/%00`) or broken percent-encoding,
 * and a form post that is not a form (`text/plain`, JSON) or whose form cannot be parsed.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

export async function refuseUnusable(request: Request, url: URL): Promise<Response | null> {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return plain(400, 'The address is not valid.');
  }
  if (CONTROL.test(path)) return plain(400, 'The address is not valid.');
  for (const [, value] of url.searchParams) if (CONTROL.test(value)) return plain(400, 'The address is not valid.');
  if (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH' || request.method === 'DELETE') {
    const type = request.headers.get('content-type') ?? '';
    if (!FORM_TYPES.test(type)) return plain(415, 'Only form submissions are accepted here.');
    try {
      await request.clone().formData();
    } catch {
      return plain(400, 'The form could not be read.');
    }
  }
  return null;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
