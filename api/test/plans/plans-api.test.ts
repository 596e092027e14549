/**
 * Follow-up plans over the API: life cycle, the role matrix (commander of the unit writes, a
 * sibling's commander 403, a higher commander and a researcher read), handover after a scope
 * change, plans of an ended unit visible to the parent, proposals, validation and the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { auditLog, units } from '../../src/db/schema.js';
import { createUser } from '../../src/services/users.js';
import { as, EMAIL, PASSWORD, signIn, type Session } from '../auth/fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { addComparison, createPlanFixture, freeze, setScope, type PlanFixture } from './fixture.js';

let t: TestDatabase;
let f: PlanFixture;
const s: Record<string, Session> = {};
let r2022 = '';

const call = (who: string | null, method: string, path: string, body?: unknown, csrf = true) => f.app.request(path, {
  method, headers: as(who ? s[who]! : null, body === undefined ? {} : { 'content-type': 'application/json' }, csrf),
  ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
});

const plan = { unit: 'COMP-A', baselinePeriod: 'ORG-2022', indicator: 'sv_experienced', option: 'any', base: 'all', goal: 'Fewer people experience unwanted behaviour' };

beforeAll(async () => {
  t = await createTestDatabase();
  f = await createPlanFixture(t.db);
  r2022 = await freeze(t.db, f.orgId, 'ORG-2022', [
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 40, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', count: 80, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'often', base: 'all', suppressed: true },
    { scope: 'COMP-A', indicator: 'sv_perpetrator', option: 'colleague', base: 'victims', count: 12, n: 30 },
    { scope: 'COMP-B', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 },
    { scope: 'PLT-A1', indicator: 'sv_experienced', option: 'any', base: 'all', count: 15, n: 40 },
  ], new Date('2022-05-01T00:00:00Z'));
  await addComparison(t.db, r2022, { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', against: 'parent_rest', difference: 0.2, significant: true });
  await addComparison(t.db, r2022, { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', against: 'parent_rest', difference: 0.15, significant: true });
  await addComparison(t.db, r2022, { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', against: 'organisation_rest', difference: 0.1, significant: false });
  await addComparison(t.db, r2022, { scope: 'COMP-B', indicator: 'sv_experienced', option: 'any', base: 'all', against: 'parent_rest', difference: 0.12, significant: true });
  await createUser(t.db, { email: 'platoon@test.example', password: PASSWORD, role: 'commander', organisationId: f.orgId, scopeUnitId: f.units.get('PLT-A1')!.id });
  await createUser(t.db, { email: 'successor@test.example', password: PASSWORD, role: 'commander', organisationId: f.orgId, scopeUnitId: f.units.get('COMP-B')!.id });
  for (const [who, email] of Object.entries({ ...EMAIL, brigade: 'brigade@test.example', platoon: 'platoon@test.example', successor: 'successor@test.example' })) {
    s[who] = await signIn(f.app, email);
  }
}, 120_000);
afterAll(async () => { await t.destroy(); });

describe('proposed focus areas', () => {
  it('are the published cells significantly worse in the bad direction', async () => {
    const res = await call('commander', 'GET', '/plans/proposals?unit=COMP-A');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { release: string; proposals: { indicator: string; option: string; reasons: { against: string }[]; figure: { value: number } }[] };
    expect(body.release).toBe(r2022);
    // sv_trust is better than the rest (higher is better): not a candidate; the non-significant comparison adds no reason.
    expect(body.proposals.map((p) => `${p.indicator}/${p.option}`)).toEqual(['sv_experienced/any']);
    expect(body.proposals[0]!.reasons.map((r) => r.against)).toEqual(['parent_rest']);
    expect(body.proposals[0]!.figure.value).toBe(0.4);
    expect((await call('otherCommander', 'GET', '/plans/proposals?unit=COMP-A')).status).toBe(403);
  });
});

describe('plan life cycle and role matrix', () => {
  let id = 0;

  it('lets the commander of the unit write a plan, actions and progress', async () => {
    const created = await call('commander', 'POST', '/plans', plan);
    expect(created.status).toBe(201);
    const p = (await created.json()) as { id: number; writable: boolean; baseline: { release: string }; direction: string; effect: { verdict: string | null; reason: string } };
    id = p.id;
    expect(p.writable).toBe(true);
    expect(p.baseline.release).toBe(r2022);
    expect(p.direction).toBe('lower');
    expect(p.effect).toMatchObject({ verdict: null, reason: 'no_followup_yet' });
    const a = await call('commander', 'POST', `/plans/${id}/actions`, { text: 'Team dialogue on behaviour', type: 'team_dialogue', owner: 'company sergeant major', due: '2023-01-15' });
    expect(a.status).toBe(201);
    const actionId = ((await a.json()) as { actions: { id: number }[] }).actions[0]!.id;
    const ch = await call('commander', 'PATCH', `/plans/${id}/actions/${actionId}`, { status: 'in_progress' });
    expect(ch.status).toBe(200);
    expect(((await ch.json()) as { actions: { status: string }[] }).actions[0]!.status).toBe('in_progress');
    const pr = await call('commander', 'POST', `/plans/${id}/progress`, { on: '2022-09-01', note: 'First session held with both platoons', actionId });
    expect(pr.status).toBe(201);
    expect(((await pr.json()) as { progress: { note: string; author: string }[] }).progress[0]).toMatchObject({ note: 'First session held with both platoons', author: EMAIL.commander });
    expect((await call('commander', 'PATCH', `/plans/${id}`, { goal: 'Halve unwanted behaviour', targetValue: 0.2 })).status).toBe(200);
    // Every change is in the audit log.
    const audit = await t.db.select().from(auditLog).where(like(auditLog.target, `plan:${id}%`));
    expect(audit.map((x) => x.action).sort()).toEqual(['plan.action.create', 'plan.action.update', 'plan.create', 'plan.progress', 'plan.update']);
  });

  it('refuses a sibling commander (403) for reading and writing', async () => {
    expect((await call('otherCommander', 'GET', `/plans/${id}`)).status).toBe(403);
    expect((await call('otherCommander', 'GET', '/plans?unit=COMP-A')).status).toBe(403);
    expect((await call('otherCommander', 'PATCH', `/plans/${id}`, { goal: 'x' })).status).toBe(403);
    expect((await call('otherCommander', 'POST', `/plans/${id}/actions`, { text: 'x', type: 'other', owner: 'x', due: '2023-01-01' })).status).toBe(403);
    expect((await call('otherCommander', 'POST', '/plans', { ...plan, option: 'often' })).status).toBe(403);
  });

  it('lets a higher commander and a researcher read, not write', async () => {
    for (const who of ['brigade', 'researcher', 'admin']) {
      const r = await call(who, 'GET', `/plans/${id}`);
      expect(r.status, who).toBe(200);
      const body = (await r.json()) as { writable: boolean; goal: string; history: { action: string }[] };
      expect(body.writable).toBe(false);
      expect(body.goal).toBe('Halve unwanted behaviour');
      expect(body.history.map((h) => h.action)).toContain('plan.create');
      expect((await call(who, 'PATCH', `/plans/${id}`, { goal: 'x' })).status, who).toBe(403);
      expect((await call(who, 'POST', `/plans/${id}/progress`, { note: 'x' })).status, who).toBe(403);
    }
    const list = (await (await call('brigade', 'GET', '/plans?unit=BRIG&subtree=true')).json()) as { plans: { id: number }[] };
    expect(list.plans.map((p) => p.id)).toContain(id);
    expect((await call(null, 'GET', `/plans/${id}`)).status).toBe(401);
  });

  it('exports the RI&E plan of action to those who may read the unit, and audits it', async () => {
    const csv = await call('brigade', 'GET', '/plans/export?unit=COMP-A&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('plans-COMP-A.csv');
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('unit,indicator,option,base,baseline_period,goal,action,action_type,owner,due,status,baseline_value,baseline_ci_low,baseline_ci_high,followup_period,followup_value,followup_ci_low,followup_ci_high,diff,diff_ci_low,diff_ci_high,p,verdict');
    expect(text).toContain('Team dialogue on behaviour');
    const xlsx = await call('commander', 'GET', '/plans/export?unit=COMP-A&format=xlsx');
    expect(new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect((await call('otherCommander', 'GET', '/plans/export?unit=COMP-A')).status).toBe(403);
    expect((await call('commander', 'GET', '/plans/export?unit=COMP-A&format=pdf')).status).toBe(422);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'plans.export'))).length).toBe(2);
  });

  it('refuses writes without the CSRF token', async () => {
    expect((await call('commander', 'PATCH', `/plans/${id}`, { goal: 'x' }, false)).status).toBe(403);
  });

  it('answers bad input with 422 naming the fields, and stores nothing', async () => {
    const before = (await t.db.select().from(auditLog)).length;
    const bad = await call('commander', 'POST', `/plans/${id}/actions`, { text: '', type: 'party', owner: 'x', due: '2023-02-30' });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['due', 'text', 'type']);
    expect((await call('commander', 'POST', '/plans', { ...plan, baselinePeriod: 'ORG-2019' })).status).toBe(422);
    const neutral = await call('commander', 'POST', '/plans', { ...plan, indicator: 'sv_perpetrator', option: 'colleague', base: 'victims' });
    expect(neutral.status).toBe(422);
    expect(JSON.stringify(await neutral.json())).toContain('descriptive');
    expect((await call('commander', 'POST', '/plans', { ...plan, indicator: 'no_such' })).status).toBe(422);
    expect((await call('commander', 'POST', '/plans', { ...plan, extra: 1 })).status).toBe(422);
    expect((await call('commander', 'POST', '/plans', '{not json')).status).toBe(422);
    expect((await call('commander', 'POST', '/plans', { ...plan, goal: 'a\u0000b' })).status).toBe(422);
    expect((await call('commander', 'GET', '/plans/abc')).status).toBe(422);
    expect((await call('commander', 'GET', '/plans/999999')).status).toBe(404);
    expect((await call('commander', 'PATCH', `/plans/${id}/actions/999999`, { status: 'done' })).status).toBe(404);
    expect((await call('commander', 'POST', '/plans', plan)).status).toBe(409);
    expect((await t.db.select().from(auditLog)).length).toBe(before);
  });

  it('allows a focus area whose baseline cell is suppressed', async () => {
    const r = await call('commander', 'POST', '/plans', { ...plan, option: 'often', goal: 'Nobody experiences it often' });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { effect: { baseline: { suppressed: boolean; value: null } } };
    expect(body.effect.baseline).toMatchObject({ suppressed: true, value: null });
  });

  it('hands the open plans over after a scope change, and the old commander loses write access', async () => {
    await setScope(t.db, EMAIL.commander, 'COMP-B');
    await setScope(t.db, 'successor@test.example', 'COMP-A');
    const h = await call('successor', 'GET', '/plans/handover?unit=COMP-A');
    expect(h.status).toBe(200);
    const body = (await h.json()) as { open: { id: number; writable: boolean; progress: { note: string }[]; history: { action: string; by: string }[] }[] };
    const mine = body.open.find((p) => p.id === id)!;
    expect(mine.writable).toBe(true);
    expect(mine.progress.map((p) => p.note)).toEqual(['First session held with both platoons']);
    expect(mine.history.find((x) => x.action === 'plan.create')!.by).toBe(EMAIL.commander);
    expect((await call('successor', 'POST', `/plans/${id}/progress`, { note: 'Taken over; second session planned' })).status).toBe(201);
    expect((await call('commander', 'PATCH', `/plans/${id}`, { goal: 'x' })).status).toBe(403);
    expect((await call('commander', 'GET', `/plans/${id}`)).status).toBe(403);
  });

  it('keeps the plans of a unit that ended in a reorganisation visible to the parent', async () => {
    const r = await call('platoon', 'POST', '/plans', { ...plan, unit: 'PLT-A1', goal: 'Platoon goal' });
    expect(r.status).toBe(201);
    const pid = ((await r.json()) as { id: number }).id;
    await t.db.update(units).set({ validFrom: '2000-01-01', validTo: '2023-06-30' }).where(eq(units.code, 'PLT-A1'));
    const h = (await (await call('successor', 'GET', '/plans/handover?unit=COMP-A')).json()) as { endedUnits: { id: number; unit: { ended: boolean } }[] };
    expect(h.endedUnits.map((p) => p.id)).toEqual([pid]);
    expect(h.endedUnits[0]!.unit.ended).toBe(true);
    expect((await call('brigade', 'GET', `/plans/${pid}`)).status).toBe(200);
    expect((await call('researcher', 'GET', `/plans/${pid}`)).status).toBe(200);
    expect((await call('successor', 'PATCH', `/plans/${pid}`, { goal: 'x' })).status).toBe(403);
  });
});

describe('oversight', () => {
  it('shows researchers units with a worse finding and no plan, overdue actions, counts and effects', async () => {
    const res = await call('researcher', 'GET', '/plans/oversight?unit=ORG');
    expect(res.status).toBe(200);
    const o = (await res.json()) as {
      latest: { release: string }; withoutPlan: { code: string; findings: { indicator: string; against: string[] }[] }[]; overdue: { unit: string; action: string }[];
      statuses: Record<string, number>; focusAreas: { indicator: string; option: string; plans: number }[]; actionTypes: { type: string; actions: number }[];
      plans: number; measured: number; improved: number;
    };
    expect(o.latest.release).toBe(r2022);
    // COMP-A and PLT-A1 made plans for 2022; COMP-B's significantly worse figure has none.
    expect(o.withoutPlan).toEqual([{ code: 'COMP-B', name: 'Company B', findings: [{ indicator: 'sv_experienced', option: 'any', base: 'all', against: ['parent_rest'] }] }]);
    expect(o.overdue.map((x) => [x.unit, x.action])).toEqual([['COMP-A', 'Team dialogue on behaviour']]);
    expect(o.statuses).toEqual({ planned: 0, in_progress: 1, done: 0, dropped: 0 });
    expect(o.focusAreas.map((x) => [x.option, x.plans])).toEqual([['any', 2], ['often', 1]]);
    expect(o.actionTypes).toEqual([{ type: 'team_dialogue', actions: 1 }]);
    expect([o.plans, o.measured, o.improved]).toEqual([3, 0, 0]);
  });

  it('is read-only over their subtree for a higher commander, refused beside it', async () => {
    const b = (await (await call('brigade', 'GET', '/plans/oversight?unit=BRIG')).json()) as { plans: number };
    expect(b.plans).toBe(3);
    expect((await call('brigade', 'GET', '/plans/oversight?unit=ORG')).status).toBe(403);
    expect((await call('otherCommander', 'GET', '/plans/oversight?unit=COMP-A')).status).toBe(403);
  });
});
