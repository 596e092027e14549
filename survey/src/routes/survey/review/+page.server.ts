import { isSecure } from '$lib/server/headers';
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { answerLabel } from '$lib/server/pages';
import { DONE_COOKIE, endSession, OPEN_COOKIE, problemError, requireSession, submitKey } from '$lib/server/session';
import { flowOf, getItem, moduleTitle } from '$lib/server/survey-view';
import { visibleItems } from '@vw/questionnaire';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { session } = await requireSession(event);
  // Created now, so that a resent submit (lost reply, double click, reload) carries the same key.
  submitKey(event);
  const def = session.instrument.definition;
  const lang = event.locals.lang;
  const flow = flowOf(session);
  const shown = new Set(visibleItems(def, session.answers));
  return {
    sections: flow.visible.map((index, position) => {
      const page = flow.pages[index]!;
      return {
        n: index + 1,
        position: position + 1,
        title: moduleTitle(def, page.module, lang),
        answers: page.items.filter((c) => shown.has(c)).map((code) => {
          const item = getItem(def, code);
          const value = Object.hasOwn(session.answers, code) ? session.answers[code] : undefined;
          return { code, text: item.text[lang], answer: value === undefined ? null : answerLabel(item, lang, value) };
        }),
      };
    }),
    lastPage: (flow.visible.at(-1) ?? 0) + 1,
  };
};

export const actions = {
  default: async (event) => {
    const { token, session } = await requireSession(event);
    try {
      await api.submit({ token, answers: session.answers, key: submitKey(event) }, event.getClientAddress());
    } catch (e) {
      problemError(event.locals.lang, e);
    }
    const open = event.cookies.get(OPEN_COOKIE);
    if (open) {
      const done = (event.cookies.get(DONE_COOKIE) ?? '').split('.').filter(Boolean);
      event.cookies.set(DONE_COOKIE, [...done, open].slice(-20).join('.'), {
        path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(event.url), maxAge: 60 * 60 * 24 * 365,
      });
    }
    endSession(event.cookies);
    redirect(303, '/thanks');
  },
} satisfies Actions;
