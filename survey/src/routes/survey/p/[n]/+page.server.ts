import { error, fail, redirect } from '@sveltejs/kit';
import { visibleItems, type Answers } from '@vw/questionnaire';
import { t, type Lang, type MessageKey } from '$lib/i18n';
import { api } from '$lib/server/api';
import { applyPageForm, draftIssues, questionView, sectionProgress, visiblePages } from '$lib/server/pages';
import { endSession, problemError, requireSession } from '$lib/server/session';
import { getItem, moduleTitle, pagesOf, signpostOf } from '$lib/server/survey-view';
import type { Actions, PageServerLoad } from './$types';

function pageIndex(param: string, count: number, lang: Lang): number {
  const n = Number(param);
  if (!Number.isInteger(n) || n < 1 || n > count) {
    error(404, { message: t(lang, 'error.notFound'), title: t(lang, 'error.notFoundTitle'), back: { href: '/survey', label: t(lang, 'error.backSurvey') } });
  }
  return n - 1;
}

export const load: PageServerLoad = async (event) => {
  const { session } = await requireSession(event);
  const def = session.instrument.definition;
  const pages = pagesOf(def);
  const index = pageIndex(event.params.n, pages.length, event.locals.lang);
  const visible = visiblePages(def, pages, session.answers);
  if (!visible.includes(index)) {
    // Not shown for these answers (e.g. a follow-up page after answering "never"): move on.
    const next = visible.find((i) => i > index);
    redirect(303, next === undefined ? '/survey/review' : `/survey/p/${next + 1}`);
  }
  const page = pages[index]!;
  const lang = event.locals.lang;
  const visibleCodes = new Set(visibleItems(def, session.answers));
  const firstOfModule = pages.findIndex((p) => p.module === page.module) === index;
  return {
    n: index + 1,
    title: moduleTitle(def, page.module, lang),
    signpost: firstOfModule
      ? signpostOf(def, page.module, lang, session.organisation.reportingPointUrl, t(lang, 'signpost.title'))
      : null,
    questions: page.items.filter((c) => visibleCodes.has(c)).map((c) => questionView(getItem(def, c), lang, session.answers)),
    progress: sectionProgress(pages, index),
  };
};

const ISSUE_KEYS: Partial<Record<string, MessageKey>> = {
  exclusive_combined: 'issue.exclusive_combined',
  too_long: 'issue.too_long',
  required_missing: 'issue.required_missing',
};

export const actions = {
  default: async (event) => {
    const { token, session } = await requireSession(event);
    const def = session.instrument.definition;
    const pages = pagesOf(def);
    const index = pageIndex(event.params.n, pages.length, event.locals.lang);
    const page = pages[index]!;
    const form = await event.request.formData();
    const nav = form.get('nav');
    const answers: Answers = applyPageForm(def, page, session.answers, form);
    const issues = draftIssues(def, answers);
    if (issues.length > 0) {
      const errors: Record<string, MessageKey> = {};
      for (const issue of issues) errors[issue.item] ??= ISSUE_KEYS[issue.code] ?? 'issue.invalid';
      const values: Record<string, string[]> = {};
      for (const code of page.items) values[code] = form.getAll(code).filter((v): v is string => typeof v === 'string');
      return fail(400, { errors, values });
    }
    try {
      await api.saveDraft({ token, answers, lang: event.locals.lang }, event.getClientAddress());
    } catch (e) {
      problemError(event.locals.lang, e);
    }
    if (nav === 'save') {
      endSession(event.cookies);
      redirect(303, '/saved');
    }
    const visible = visiblePages(def, pages, answers);
    if (nav === 'back') {
      const prev = [...visible].reverse().find((i) => i < index);
      redirect(303, prev === undefined ? '/survey' : `/survey/p/${prev + 1}`);
    }
    const next = visible.find((i) => i > index);
    redirect(303, next === undefined ? '/survey/review' : `/survey/p/${next + 1}`);
  },
} satisfies Actions;
