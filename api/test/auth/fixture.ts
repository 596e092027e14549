/**
 * A small organisation with one user per role (and a commander of a sibling unit), signed in
 * through the real /auth/login route. Factories, not a shared fixture file (factories over fixtures).
 */
import { createApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importUnits } from '../../src/services/import-units.js';
import { createUser, type Role } from '../../src/services/users.js';
import { getUnitsByCode, getOrganisationByCode } from '../../src/repositories/units.js';

export const UNITS_CSV = [
  'code,parent,name,level,excluded_from_pooling,valid_from,valid_to',
  'ORG,,Test organisation,organisatie,,,',
  'BRIG,ORG,Test brigade,brigade,,,',
  'COMP-A,BRIG,Company A,compagnie,,,',
  'COMP-B,BRIG,Company B,compagnie,,,',
  'PLT-A1,COMP-A,Platoon A1,peloton,,,',
  'OTHER,,Other organisation,organisatie,,,',
  'OTHER-1,OTHER,Other unit,onderdeel,,,',
].join('\n');

export const PASSWORD = 'correct horse battery staple';

export type Persona = 'admin' | 'researcher' | 'commander' | 'otherCommander';
export const PERSONAS: Persona[] = ['admin', 'researcher', 'commander', 'otherCommander'];

export interface Fixture {
  app: ReturnType<typeof createApp>;
  ids: Record<Persona, number>;
  units: Map<string, { id: number }>;
  orgId: number;
}

export async function createFixture(db: Db, options: { secureCookies?: boolean } = {}): Promise<Fixture> {
  await importUnits(db, UNITS_CSV);
  const units = await getUnitsByCode(db, ['ORG', 'BRIG', 'COMP-A', 'COMP-B', 'PLT-A1', 'OTHER', 'OTHER-1']);
  const org = await getOrganisationByCode(db, 'ORG');
  const make = (email: string, role: Role, scope: string | null) => createUser(db, {
    email, password: PASSWORD, role, organisationId: role === 'admin' ? null : org!.id, scopeUnitId: scope ? units.get(scope)!.id : null,
  });
  const ids = {
    admin: await make('admin@test.example', 'admin', null),
    researcher: await make('researcher@test.example', 'researcher', null),
    // The commander of COMP-A; "another unit's commander" leads the sibling COMP-B.
    commander: await make('commander@test.example', 'commander', 'COMP-A'),
    otherCommander: await make('other@test.example', 'commander', 'COMP-B'),
  };
  const app = createApp({ db, auth: { secureCookies: options.secureCookies ?? false } });
  return { app, ids, units, orgId: org!.id };
}

export const EMAIL: Record<Persona, string> = {
  admin: 'admin@test.example', researcher: 'researcher@test.example', commander: 'commander@test.example', otherCommander: 'other@test.example',
};

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(app: Fixture['app'], email: string, password = PASSWORD): Promise<Session> {
  const res = await app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /vw_session=[^;]+/.exec(setCookie)?.[0];
  if (!cookie) throw new Error('no session cookie');
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

/** Headers for a request as `session` (with its CSRF token unless `csrf: false`). */
export function as(session: Session | null, extra: Record<string, string> = {}, csrf = true): Record<string, string> {
  if (!session) return extra;
  return { cookie: session.cookie, ...(csrf ? { 'x-csrf-token': session.csrf } : {}), ...extra };
}
