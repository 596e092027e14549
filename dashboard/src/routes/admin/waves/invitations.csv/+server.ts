import { error } from '@sveltejs/kit';
import { apiText } from '$lib/server/api';
import { apiMessage, formCsrf, text } from '$lib/server/forms';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/**
 * Generates invitations and hands them over as a CSV download (`unit,link`): the only time the
 * links exist outside the database. A form post with the CSRF token, never a GET.
 */
export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const csrf = formCsrf(event, form);
  const wave = text(form, 'wave');
  const unit = text(form, 'unit');
  const count = text(form, 'count');
  const body = { ...(unit ? { unit } : {}), ...(count ? { count: Number(count) } : {}) };
  const res = await apiText(event.cookies, '/waves/:code/invitations', { method: 'POST', params: { code: wave }, query: { format: 'csv' }, json: body, csrf });
  if (!res.ok) error(res.status === 403 ? 403 : 400, apiMessage(res.body));
  // The API builds the CSV (streamed) and names the file; nothing from this request goes into the header.
  return new Response(res.body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': res.headers.get('content-disposition') ?? attachment('invitations', 'csv'), 'cache-control': 'no-store' },
  });
};
