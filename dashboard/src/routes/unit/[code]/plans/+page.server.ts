import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { pendingBuilds } from '$lib/server/release-builds';
import { apiFailure, formCsrf, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

// Server-rendered forms: works without JavaScript; nothing about respondents is on this page.
export const csr = false;

export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  if (!locals.user) redirect(303, '/login');
  const [handover, proposals, summary] = await Promise.all([
    api(cookies, '/plans/handover', { query: { unit: params.code } }),
    api(cookies, '/plans/proposals', { query: { unit: params.code } }),
    api(cookies, '/plans/team-summary', { query: { unit: params.code } }),
  ]);
  if (!handover.ok) error(handover.status, handover.status === 403 ? 'you may not read this unit' : 'could not load the plans');
  const found = proposals.ok ? proposals.body : { release: null, period: null, proposals: [] };
  return {
    handover: handover.body,
    proposals: found,
    // No release to propose from: say whether one is being built (npm start's demo) or none exists,
    // never "no figure is significantly worse".
    builds: found.period === null ? await pendingBuilds(cookies) : [],
    summary: summary.ok ? summary.body.summary : null,
  };
};

type PlanWrite =
  | { path: '/plans' | '/plans/team-summary'; method: 'POST'; params?: undefined }
  | { path: '/plans/:id/actions' | '/plans/:id/progress'; method: 'POST'; params: { id: string } }
  | { path: '/plans/:id/actions/:action'; method: 'PATCH'; params: { id: string; action: string } };

async function send(event: Parameters<Actions[string]>[0], to: PlanWrite, build: (form: FormData) => Record<string, unknown>) {
  const form = await event.request.formData();
  const csrf = formCsrf(event, form);
  const json = build(form);
  const res = to.params === undefined
    ? await api(event.cookies, to.path, { method: 'POST', csrf, json })
    : to.method === 'PATCH'
      ? await api(event.cookies, to.path, { method: 'PATCH', params: to.params, csrf, json })
      : await api(event.cookies, to.path, { method: 'POST', params: to.params, csrf, json });
  if (!res.ok) return apiFailure(res.status, res.body, { form: text(form, 'form') });
  return { saved: true, form: text(form, 'form') };
}

const id = (form: FormData, name: string) => {
  const v = Number(text(form, name));
  return Number.isInteger(v) && v > 0 ? v : 0;
};

export const actions = {
  create: (event) => send(event, { path: '/plans', method: 'POST' }, (f) => {
    const target = text(f, 'targetValue').replace(',', '.');
    const option = text(f, 'option');
    let targetValue: number | null = null;
    if (target !== '') targetValue = option === 'mean' ? Number(target) : Number(target) / 100;
    return {
      unit: event.params.code, baselinePeriod: text(f, 'baselinePeriod'), indicator: text(f, 'indicator'), option, base: text(f, 'base'),
      goal: text(f, 'goal'), ...(targetValue === null ? {} : { targetValue: Number.isFinite(targetValue) ? targetValue : 'not a number' }),
    };
  }),
  action: async (event) => {
    const form = await event.request.clone().formData();
    const plan = id(form, 'plan');
    if (!plan) return fail(400, { message: 'no plan', errors: {}, form: 'action' });
    return send(event, { path: '/plans/:id/actions', method: 'POST', params: { id: String(plan) } }, (f) => ({ text: text(f, 'text'), type: text(f, 'type'), owner: text(f, 'owner'), due: text(f, 'due') }));
  },
  status: async (event) => {
    const form = await event.request.clone().formData();
    const plan = id(form, 'plan');
    const action = id(form, 'action');
    if (!plan || !action) return fail(400, { message: 'no action', errors: {}, form: 'status' });
    return send(event, { path: '/plans/:id/actions/:action', method: 'PATCH', params: { id: String(plan), action: String(action) } }, (f) => ({ status: text(f, 'status') }));
  },
  progress: async (event) => {
    const form = await event.request.clone().formData();
    const plan = id(form, 'plan');
    if (!plan) return fail(400, { message: 'no plan', errors: {}, form: 'progress' });
    return send(event, { path: '/plans/:id/progress', method: 'POST', params: { id: String(plan) } }, (f) => ({ note: text(f, 'note'), ...(text(f, 'on') ? { on: text(f, 'on') } : {}) }));
  },
  publish: (event) => send(event, { path: '/plans/team-summary', method: 'POST' }, () => ({ unit: event.params.code })),
} satisfies Actions;
