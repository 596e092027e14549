import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { apiFailure, formCsrf, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params }) => {
  const res = await api(cookies, '/admin/organisations/:code', { params: { code: params.code } });
  if (!res.ok) error(res.status, res.status === 404 ? 'Not found' : 'could not load the organisation');
  return { organisation: res.body.organisation };
};

/** Whole numbers go to the API as numbers; anything else as typed, so the API names the field. */
const num = (v: string): number | string => (/^-?\d+$/.test(v) ? Number(v) : v);

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const csrf = formCsrf(event, form);
    const secret = form.get('oidcClientSecret');
    const values = {
      name: text(form, 'name'),
      minGroupSize: text(form, 'minGroupSize'),
      minVictims: text(form, 'minVictims'),
      perpetratorMaxDepth: text(form, 'perpetratorMaxDepth'),
      surveyCycleYears: text(form, 'surveyCycleYears'),
      reportingPointUrl: text(form, 'reportingPointUrl'),
      oidcIssuer: text(form, 'oidcIssuer'),
      oidcClientId: text(form, 'oidcClientId'),
      oidcEmailClaim: text(form, 'oidcEmailClaim'),
    };
    const json: Record<string, unknown> = {
      name: values.name,
      minGroupSize: num(values.minGroupSize),
      minVictims: num(values.minVictims),
      perpetratorMaxDepth: num(values.perpetratorMaxDepth),
      surveyCycleYears: num(values.surveyCycleYears),
      reportingPointUrl: values.reportingPointUrl || null,
      oidcIssuer: values.oidcIssuer || null,
      oidcClientId: values.oidcClientId || null,
      oidcEmailClaim: values.oidcEmailClaim || 'email',
    };
    // An empty secret field keeps the stored secret; the checkbox removes single sign-on's secret.
    if (form.get('removeSecret') === 'on') json['oidcClientSecret'] = null;
    else if (typeof secret === 'string' && secret !== '') json['oidcClientSecret'] = secret;
    const res = await api(event.cookies, '/admin/organisations/:code', { method: 'PATCH', params: { code: event.params.code ?? '' }, csrf, json });
    if (!res.ok) return apiFailure(res.status, res.body, { values });
    return { saved: true };
  },
};
