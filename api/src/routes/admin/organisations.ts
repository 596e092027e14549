/**
 * /admin/organisations: settings that shape every release (k, k for victim bases, the deepest tier
 * with perpetrator breakdowns, the survey cycle), the reporting-point link and single sign-on.
 * Bounds are explained in docs/decisions/022-admin.md; the rules across fields are
 * services/organisations.ts.
 */
import { z } from '@hono/zod-openapi';
import { isLoopback } from '../../auth/oidc.js';
import { changeOrganisation, getOrganisationView, listOrganisationViews } from '../../services/organisations.js';
import { declare, json, jsonBody, router } from '../../http/openapi.js';

/**
 * An absolute `https://host/…` address (plain `http://` on the loopback interface only, for local
 * development and tests). Written out literally: WHATWG URL parsing accepts `https:javascript:…`
 * and `https:/x`, and browsers resolve `//evil.example/` against the page.
 */
export const WebUrl = z.string().max(500).superRefine((v, ctx) => {
  const reason = webUrlProblem(v);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});

function webUrlProblem(v: string): string | null {
  if (!/^https?:\/\/[^/\\?#@\s]+/i.test(v) || /\s/.test(v)) return 'must be an https:// address with a host name';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'must be an https:// address with a host name';
  }
  if (!u.hostname) return 'must be an https:// address with a host name';
  if (u.username || u.password) return 'must not contain a user name or password';
  if (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u))) return null;
  return 'must be an https:// address';
}

export const OrganisationSettingsSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** k: the smallest group any figure is published about. */
  minGroupSize: z.int().min(5, 'at least 5').max(100, 'at most 100'),
  /** k for figures whose base is the victims. */
  minVictims: z.int().min(5, 'at least 5').max(100, 'at most 100'),
  /** Root = depth 0; deeper units get no perpetrator or discussion-partner breakdown. */
  perpetratorMaxDepth: z.int().min(0).max(10),
  reportingPointUrl: WebUrl.nullable(),
  surveyCycleYears: z.int().min(1).max(5),
  /** Years raw responses are kept after a wave's release (decision 053); not below the cycle. */
  responseRetentionYears: z.int().min(1).max(50),
  oidcIssuer: WebUrl.nullable(),
  oidcClientId: z.string().trim().min(1).max(200).nullable(),
  /** Write-only: never returned. Absent = keep the stored one; null = remove. */
  oidcClientSecret: z.string().min(1).max(500).nullable(),
  oidcEmailClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/, 'a claim name such as email or upn'),
}).partial();
export type OrganisationSettings = z.infer<typeof OrganisationSettingsSchema>;

export const OrganisationViewSchema = z.object({
  id: z.int(),
  code: z.string(),
  name: z.string(),
  minGroupSize: z.int(),
  minVictims: z.int(),
  perpetratorMaxDepth: z.int(),
  reportingPointUrl: z.string().nullable(),
  surveyCycleYears: z.int(),
  responseRetentionYears: z.int(),
  oidcIssuer: z.string().nullable(),
  oidcClientId: z.string().nullable(),
  oidcEmailClaim: z.string(),
  /** The secret itself is write-only. */
  oidcClientSecretSet: z.boolean(),
  ssoEnabled: z.boolean(),
}).openapi('Organisation');
const OrganisationBody = z.object({ organisation: OrganisationViewSchema });
const CodeParam = z.object({ code: z.string().min(1).max(100) });
const admin = ['admin'] as const;

const listRoute = declare(admin, {
  method: 'get', path: '/organisations', tags: ['admin'], summary: 'Every organisation with its settings',
  responses: { 200: json(z.object({ organisations: z.array(OrganisationViewSchema) }), 'The organisations') },
});
const getRoute = declare(admin, {
  method: 'get', path: '/organisations/{code}', tags: ['admin'], summary: 'One organisation',
  request: { params: CodeParam },
  responses: { 200: json(OrganisationBody, 'The organisation') },
}, [404]);
const updateRoute = declare(admin, {
  method: 'patch', path: '/organisations/{code}', tags: ['admin'], summary: 'Changes settings (k, tiers, cycle, retention, reporting point, single sign-on)',
  request: { params: CodeParam, body: jsonBody(OrganisationSettingsSchema) },
  responses: { 200: json(OrganisationBody, 'Changed') },
}, [404]);

export const organisationRoutes = router()
  .openapi(listRoute, async (c) => c.json({ organisations: await listOrganisationViews(c.get('db')) }, 200))
  .openapi(getRoute, async (c) => c.json({ organisation: await getOrganisationView(c.get('db'), c.req.valid('param').code) }, 200))
  .openapi(updateRoute, async (c) => c.json({ organisation: await changeOrganisation(c.get('db'), c.req.valid('param').code, c.req.valid('json')) }, 200));
