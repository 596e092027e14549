import { isSecure } from '$lib/server/headers';
import { createHash } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { DONE_COOKIE, endSession, OPEN_COOKIE, problemError, setToken } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

/** A short fingerprint of the access code: enough to recognise it on this device, nothing more. */
function fingerprint(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('base64url').slice(0, 12);
}

function doneHere(cookie: string | undefined, code: string): boolean {
  return (cookie ?? '').split('.').includes(fingerprint(code));
}

export const load: PageServerLoad = async (event) => {
  const { params, cookies } = event;
  if (doneHere(cookies.get(DONE_COOKIE), params.code)) return { done: true, code: params.code };
  // An unknown code, or a wave that is closed or not open yet, is refused here, before Start.
  try {
    await api.checkOpen({ code: params.code }, event.getClientAddress());
  } catch (e) {
    problemError(event.locals.lang, e);
  }
  return { done: false, code: params.code };
};

export const actions = {
  default: async (event) => {
    const { code } = event.params;
    if (doneHere(event.cookies.get(DONE_COOKIE), code)) return fail(409, { done: true });
    let token: string;
    try {
      token = (await api.open({ code }, event.getClientAddress())).token;
    } catch (e) {
      problemError(event.locals.lang, e);
    }
    endSession(event.cookies);
    setToken(event, token);
    event.cookies.set(OPEN_COOKIE, fingerprint(code), { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(event.url) });
    redirect(303, '/survey');
  },
} satisfies Actions;
