/**
 * Organisations' settings (k, k for victim bases, the deepest tier with perpetrator breakdowns,
 * the survey cycle, retention, the reporting point, single sign-on): the rules for changing them.
 * Bounds per field are the route's schema (routes/admin/organisations.ts); the rules across fields
 * are here. The client secret is write-only: `organisationView` never returns it.
 */
import type { Db } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { getOrganisationByCode, listOrganisations, updateOrganisation, type OrganisationChange, type OrganisationRow } from '../repositories/organisations.js';

/** An organisation as the admin's screens see it: every setting but the secret, and whether one is set. */
export function organisationView(o: OrganisationRow) {
  const { oidcClientSecret, ...rest } = o;
  return { ...rest, oidcClientSecretSet: Boolean(oidcClientSecret), ssoEnabled: Boolean(o.oidcIssuer && o.oidcClientId && oidcClientSecret) };
}

export async function listOrganisationViews(db: Db) {
  return (await listOrganisations(db)).map(organisationView);
}

async function requireOrganisation(db: Db, code: string): Promise<OrganisationRow> {
  const org = await getOrganisationByCode(db, code);
  if (!org) throw new NotFoundError(`unknown organisation "${code}"`);
  return org;
}

export async function getOrganisationView(db: Db, code: string) {
  return organisationView(await requireOrganisation(db, code));
}

/**
 * Changes settings: single sign-on needs all three of issuer, client id and secret (or none), and
 * raw responses are kept at least one survey cycle (pooled windows need every wave in them).
 */
export async function changeOrganisation(db: Db, code: string, input: OrganisationChange) {
  const org = await requireOrganisation(db, code);
  // An empty change changes nothing (drizzle refuses an UPDATE without columns).
  if (Object.keys(input).length === 0) return organisationView(org);
  const merged = { ...org, ...input };
  const sso = [merged.oidcIssuer, merged.oidcClientId, merged.oidcClientSecret];
  if (sso.some(Boolean) && !sso.every(Boolean)) {
    const missing = (['oidcIssuer', 'oidcClientId', 'oidcClientSecret'] as const).filter((k) => !merged[k]);
    throw new ValidationError(missing.map((path) => ({ path, reason: 'single sign-on needs the issuer, the client id and the client secret' })));
  }
  if (merged.responseRetentionYears < merged.surveyCycleYears) {
    throw new ValidationError([{ path: 'responseRetentionYears', reason: `at least the survey cycle (${merged.surveyCycleYears} years): pooled windows need the responses of every wave in them` }]);
  }
  return organisationView(await updateOrganisation(db, org.id, input));
}
