/**
 * Read-back (issue 10, decision 044): for every way the API lets a figure leave the server, a
 * suppressed cell's number cannot be read back, and a unit where nobody answered reads exactly like
 * one with 1 to k − 1 respondents. Each check also reads a published cell the same way and finds
 * its true number, so the check can fail.
 *
 * The small demo, with one company's DEF-2024 answers removed (ZERO: 9 respondents in DEF-2023,
 * none in DEF-2024) beside a company of the same battalion cut to 8 in both waves (SMALL), and a
 * register that lists fewer staff in a group than answered; DEF-2023 and DEF-2024 built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { attack, type Equation } from '@vw/analysis';
import { createApp } from '../src/app.js';
import { parseCsv } from '../src/csv/parse.js';
import { queryRows } from '../src/db/client.js';
import { releases, units, waves } from '../src/db/schema.js';
import { DEMO_USERS, loadDemo } from '../src/services/load-demo.js';
import { buildRelease } from '../src/services/releases.js';
import { runCommand } from '../src/cli/commands.js';
import { as, signIn, type Session } from './auth/fixture.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { setScope } from './plans/fixture.js';

const PARENT = 'CLAS-43MECHBRIG';
const ZERO = `${PARENT}-44PAINFBAT-ACIE`;
const SMALL = `${PARENT}-44PAINFBAT-BCIE`;
/** A company with well over k respondents in DEF-2023 and none in DEF-2024 (its answers removed). */
const GONE = `${PARENT}-45PAINFBAT-ACIE`;
const WINDOW = 'DEF-2022-2024-r1';
const RELEASE = 'DEF-2024-r1';
const NUMBERS = ['n', 'count', 'value', 'ciLow', 'ciHigh'] as const;

type Rec = Record<string, unknown> & { scope: string; dimension: string; group: string; indicator: string; option: string; base: string; suppressed: boolean };

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const s: Record<string, Session> = {};
/** True respondents per scope (the unit and below) in DEF-2024, from the raw answers. */
const truth = new Map<string, number>();
/** Columns with staff in the register (headcount > 0) per unit in DEF-2024. */
const staffed = new Map<string, Set<string>>();

const get = (who: string, path: string) => app.request(path, { headers: as(s[who]!) });
const getJson = async <T>(who: string, path: string): Promise<T> => {
  const res = await get(who, path);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
};
const key = (r: Rec) => `${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`;
const column = (r: Rec) => (r.dimension === 'all' ? 'all' : `${r.dimension}:${r.group}`);
const KEYS = ['scope', 'dimension', 'group', 'indicator', 'option', 'base'] as const;
/** A record with its keys blanked: what is left must be the same for every suppressed cell. */
const blank = (r: Rec) => JSON.stringify({ ...r, ...Object.fromEntries(KEYS.map((k) => [k, '·'])) });
/** A unit's records with its code taken out, in one order: what a reader could compare. */
const anonymous = (rows: Rec[], code: string) => rows.filter((r) => r.scope === code)
  .map((r) => JSON.stringify({ ...r, scope: '·' })).sort();

/**
 * A unit's rows as a reader could tell them apart from another unit's: which keys exist (the
 * response-rate rows follow the register's staffed groups, which are not answers) and the distinct
 * records left with their keys blanked.
 */
function shape(rows: Rec[], code: string) {
  const own = rows.filter((r) => r.scope === code);
  return {
    keys: own.filter((r) => r.base !== 'headcount').map(key).sort(),
    rates: own.filter((r) => r.base === 'headcount').map(column).sort(),
    staffed: [...(staffed.get(code) ?? [])].sort(),
    records: [...new Set(own.map(blank))],
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemo(t.db, { size: 'small' });
  const [w] = await t.db.select().from(waves).where(eq(waves.code, 'DEF-2024'));
  const [zero] = await t.db.select().from(units).where(eq(units.code, ZERO));
  const [small] = await t.db.select().from(units).where(eq(units.code, SMALL));
  await queryRows(t.db, sql`delete from responses where wave_id = ${w!.id} and unit_id in (${zero!.id}, (select id from units where code = ${GONE}))`);
  await queryRows(t.db, sql`delete from responses where id in (select id from responses where unit_id = ${small!.id} and wave_id = ${w!.id} order by id offset 8)
    or id in (select x.id from responses x join waves v on v.id = x.wave_id where x.unit_id = ${small!.id} and v.code = 'DEF-2023' order by x.id offset 8)`);
  // A register out of date: one staff member per gender, fewer than answered in at least one group.
  await queryRows(t.db, sql`update population set headcount = 1 where unit_id = ${small!.id} and period = 'DEF-2024' and dimension = 'gender' and headcount > 0`);
  for (const code of [ZERO, SMALL, PARENT]) {
    const [r] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from responses x join units u on u.id = x.unit_id
      where x.wave_id = ${w!.id} and (u.code = ${code} or u.code like ${`${code}-%`})`);
    truth.set(code, r!.n);
    const cols = await queryRows<{ dimension: string; group: string }>(t.db, sql`select p.dimension, p."group" from population p join units u on u.id = p.unit_id
      where u.code = ${code} and p.period = 'DEF-2024' and p.headcount > 0`);
    staffed.set(code, new Set(cols.map((c) => (c.dimension === 'all' ? 'all' : `${c.dimension}:${c.group}`))));
  }
  await buildRelease(t.db, 'DEF-2023');
  await buildRelease(t.db, 'DEF-2024');
  app = createApp({ db: t.db, auth: { secureCookies: false } });
  for (const u of DEMO_USERS) s[u.scopeLevel ?? u.role] = await signIn(app, u.email, u.password);
  await setScope(t.db, 'brigade@demo.example', PARENT);
}, 600_000);
afterAll(async () => { await t.destroy(); });

describe('fixture', () => {
  it('has a surveyed company without respondents and one with 1 to k − 1', () => {
    expect(truth.get(ZERO)).toBe(0);
    expect(truth.get(SMALL)).toBe(8);
    expect(truth.get(PARENT)).toBeGreaterThanOrEqual(10);
  });
});

describe('release rows (API JSON, CSV)', () => {
  it('JSON: a unit nobody answered in has the same rows as one with 8 respondents, none with a number', async () => {
    const rows = await getJson<Rec[]>('researcher', `/releases/${RELEASE}/rows?scope=${ZERO},${SMALL},${PARENT}`);
    const zero = shape(rows, ZERO);
    const small = shape(rows, SMALL);
    expect(zero.keys.length).toBeGreaterThan(1000);
    // Every cell of the structure, and a response rate for every staffed group, answered or not.
    expect(zero.keys).toEqual(small.keys);
    expect(zero.rates).toEqual(zero.staffed);
    expect(small.rates).toEqual(small.staffed);
    // Apart from its keys, every record of both units is the same bytes: no number, one label (and
    // the tier rule's, which depends on the unit's depth alone).
    expect(zero.records.map((r) => (JSON.parse(r) as Rec).reason).sort()).toEqual(['level', 'suppressed']);
    expect(small.records).toEqual(zero.records);
    for (const r of rows.filter((x) => x.suppressed)) expect(NUMBERS.map((k) => r[k]), key(r)).toEqual([null, null, null, null, null]);
    // Inside a published unit too, a hidden group with nobody in it and one with a few are the same record.
    const parentHidden = rows.filter((r) => r.scope === PARENT && r.suppressed);
    expect(parentHidden.length).toBeGreaterThan(100);
    expect(new Set(parentHidden.map(blank)).size).toBeLessThanOrEqual(2);
    // Each cell has the same label in both: the tier rule's (which depends on the unit's depth
    // alone) where the other has it.
    const labels = (code: string) => rows.filter((r) => r.scope === code && r.base !== 'headcount').map((r) => `${key(r)}=${String(r.reason)}`).sort();
    expect(labels(ZERO).filter((l) => l.endsWith('=level')).length).toBeGreaterThan(10);
    expect(labels(ZERO)).toEqual(labels(SMALL));
    // The same read finds a published cell's true number.
    const parentRate = rows.find((r) => r.scope === PARENT && r.indicator === 'response_rate' && r.dimension === 'all')!;
    expect(parentRate.suppressed).toBe(false);
    expect(parentRate.count).toBe(truth.get(PARENT));
    expect(shape(rows, PARENT).records.length).toBeGreaterThan(1);
  });

  it('CSV: the two units\' lines are the same apart from their keys, without numbers', async () => {
    const res = await get('researcher', `/releases/${RELEASE}/rows?format=csv&scope=${ZERO},${SMALL},${PARENT}`);
    const [head, ...body] = parseCsv(await res.text());
    const col = (name: string) => head!.values.indexOf(name);
    const rest = (code: string) => [...new Set(body.filter((r) => r.values[col('scope')] === code)
      .map((r) => r.values.filter((_, i) => !['scope', 'dimension', 'group', 'indicator', 'option', 'base'].includes(head!.values[i]!)).join(',')))];
    expect(rest(ZERO).sort()).toEqual([`${RELEASE},DEF-2024,,,,,,true,level`, `${RELEASE},DEF-2024,,,,,,true,suppressed`]);
    expect(rest(SMALL)).toEqual(rest(ZERO));
    const parentRate = body.find((r) => r.values[col('scope')] === PARENT && r.values[col('indicator')] === 'response_rate' && r.values[col('dimension')] === 'all')!;
    expect(Number(parentRate.values[col('count')])).toBe(truth.get(PARENT));
  });

  it('metadata: both units are scopes of the release, the disclosure summary has no reason of their own', async () => {
    const meta = await getJson<{ scopes: { code: string }[] }>('researcher', `/releases/${RELEASE}`);
    const codes = meta.scopes.map((x) => x.code);
    expect(codes).toContain(ZERO);
    expect(codes).toContain(SMALL);
    const [rel] = await t.db.select().from(releases).where(eq(releases.id, RELEASE));
    const byReason = (rel!.summary as { disclosure: { rowsByReason: Record<string, number> } }).disclosure.rowsByReason;
    expect(Object.keys(byReason)).not.toContain('other');
  });
});

/**
 * The attacker's equations from the published response-rate counts (respondents per scope and
 * column) of a release: each unit's own respondents per column are unknowns, a scope's count is
 * the sum over the units that roll up into it, every unit's groups add up to its total.
 */
async function solveCounts(release: string, targets: string[]): Promise<Map<string, (number | undefined)[]>> {
  const meta = await getJson<{ scopes: { code: string }[] }>('researcher', `/releases/${release}`);
  const codes = new Set(meta.scopes.map((x) => x.code));
  const tree = await queryRows<{ code: string; parent: string | null; excluded: boolean }>(t.db, sql`select u.code, p.code as parent,
    u.excluded_from_pooling as excluded from units u left join units p on p.id = u.parent_id`);
  const parentOf = new Map(tree.filter((u) => codes.has(u.code)).map((u) => [u.code, u.excluded || !u.parent || !codes.has(u.parent) ? null : u.parent]));
  const under = new Map<string, string[]>();
  for (const c of codes) for (let u: string | null | undefined = c; u; u = parentOf.get(u)) under.set(u, [...(under.get(u) ?? []), c]);
  const below = (scope: string) => under.get(scope) ?? [];
  const rows = await getJson<Rec[]>('researcher', `/releases/${release}/rows?indicator=response_rate`);
  // Every group of every dimension (some have no register staff, so no response-rate row).
  const structure = await getJson<Rec[]>('researcher', `/releases/${release}/rows?scope=${PARENT}`);
  const columns = ['all', ...new Set(structure.map(column).filter((c) => c !== 'all'))];
  const dims = new Map<string, string[]>();
  for (const c of columns) if (c !== 'all') { const [d, g] = c.split(':') as [string, string]; dims.set(d, [...new Set([...(dims.get(d) ?? []), g])]); }
  const eqs: Equation[] = [];
  // As decision 006 assumes, the attacker knows which units above the leaves have no respondents
  // of their own (no own-staff block); both units nobody answered in are leaves.
  const ownless = await queryRows<{ code: string }>(t.db, sql`select u.code from units u where exists (select 1 from units c where c.parent_id = u.id)
    and not exists (select 1 from responses x where x.unit_id = u.id)`);
  for (const { code } of ownless) if (codes.has(code)) for (const c of columns) eqs.push({ terms: { [`${code}|${c}`]: 1 }, value: 0 });
  for (const u of codes) for (const [d, gs] of dims) eqs.push({ terms: { [`${u}|all`]: 1, ...Object.fromEntries(gs.map((g) => [`${u}|${d}:${g}`, -1])) }, value: 0 });
  for (const r of rows) {
    if (r.suppressed || r.base !== 'headcount') continue;
    eqs.push({ terms: Object.fromEntries(below(r.scope).map((u) => [`${u}|${column(r)}`, 1])), value: r.count as number });
  }
  return new Map(targets.map((scope) => [scope, attack(eqs, columns.map((c) => Object.fromEntries(below(scope).map((u) => [`${u}|${c}`, 1]))))]));
}

describe('subtraction (decision 046)', () => {
  it('no published respondent count gives a unit nobody answered in, by subtraction or otherwise', async () => {
    const found = await solveCounts(RELEASE, [ZERO, GONE, PARENT]);
    expect(found.get(ZERO)!.filter((x) => x !== undefined)).toEqual([]);
    expect(found.get(GONE)!.filter((x) => x !== undefined)).toEqual([]);
    // The same equations find a published unit's respondents.
    expect(found.get(PARENT)![0]).toBe(truth.get(PARENT));
  });
});

describe('unit reports, benchmarks, trend and children', () => {
  type Report = {
    release: string; ownReport: boolean; respondents: number | null; headcount: number | null; rows: Rec[]; comparisons: unknown[];
    trend: { period: string; rows: Rec[] }[]; withOwnReport: unknown[]; releases: { id: string }[]; children: { code: string; hasFigures: boolean }[];
    benchmarks: { parent: Rec[]; organisation: Rec[] };
  };
  const comparable = (r: Report, code: string) => ({
    release: r.release, ownReport: r.ownReport, respondents: r.respondents, headcount: r.headcount, comparisons: r.comparisons,
    withOwnReport: r.withOwnReport, releases: r.releases, ...shape(r.rows, code), staffed: undefined, rates: undefined,
    trend: r.trend.map((x) => ({ period: x.period, keys: x.rows.map(key).sort(), records: [...new Set(x.rows.map(blank))] })),
  });

  it('a unit nobody answered in reads like one with 8 respondents: same release, rows, trend, no headcount', async () => {
    const zero = await getJson<Report>('brigade', `/reports/unit/${ZERO}`);
    const small = await getJson<Report>('brigade', `/reports/unit/${SMALL}`);
    expect(zero.release).toBe(RELEASE);
    expect(zero.ownReport).toBe(false);
    expect([zero.respondents, zero.headcount]).toEqual([null, null]);
    expect(zero.trend.map((x) => x.period)).toEqual(['DEF-2023', 'DEF-2024']);
    expect(comparable(zero, ZERO)).toEqual(comparable(small, SMALL));
    // Asked for explicitly, the wave release answers the same way for both.
    for (const code of [ZERO, SMALL]) expect((await get('brigade', `/reports/unit/${code}?release=${RELEASE}`)).status, code).toBe(200);
    // Benchmarks carry published rows only; the parent's respondents are its true number.
    for (const r of [...zero.benchmarks.parent, ...zero.benchmarks.organisation]) expect(r.suppressed).toBe(false);
    const parent = await getJson<Report>('brigade', `/reports/unit/${PARENT}`);
    expect(parent.respondents).toBe(truth.get(PARENT));
  });

  it('a parent\'s list of units below does not tell which one nobody answered in', async () => {
    const battalion = await getJson<Report>('brigade', `/reports/unit/${PARENT}-44PAINFBAT`);
    expect(battalion.children.length).toBeGreaterThan(1);
    expect(battalion.children.every((c) => c.hasFigures)).toBe(true);
  });
});

describe('comparisons, overview (heatmap and funnel data)', () => {
  it('compare published cells only; the small units have none, rows ordered by code not by value', async () => {
    const slice = await getJson<{ rows: Rec[]; comparisons: Rec[] }>('researcher', `/releases/${RELEASE}/overview?dimension=all&indicator=sv_experienced`);
    const published = new Set(slice.rows.filter((r) => !r.suppressed).map((r) => `${r.scope}|${key(r)}`));
    expect(slice.comparisons.length).toBeGreaterThan(0);
    for (const c of slice.comparisons) expect(published.has(`${c.scope}|${key(c)}`), `${c.scope}|${key(c)}`).toBe(true);
    expect(slice.comparisons.filter((c) => c.scope === ZERO || c.scope === SMALL)).toEqual([]);
    expect(anonymous(slice.rows, ZERO)).toEqual(anonymous(slice.rows, SMALL));
    expect(anonymous(slice.rows, ZERO).length).toBeGreaterThan(1);
    const order = slice.rows.map((r) => r.scope);
    expect(order).toEqual([...order].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const all = await getJson<Rec[]>('researcher', `/releases/${RELEASE}/comparisons?scope=${ZERO},${SMALL}`);
    expect(all).toEqual([]);
  });
});

describe('follow-up plans and the team summary (decision 090)', () => {
  const effectOf = async (unit: string) => {
    await setScope(t.db, 'compagnie@demo.example', unit);
    const res = await app.request('/plans', {
      method: 'POST', headers: as(s['compagnie']!, { 'content-type': 'application/json' }),
      body: JSON.stringify({ unit, baselinePeriod: 'DEF-2023', indicator: 'sv_experienced', option: 'any', base: 'all', goal: 'fewer incidents' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const plan = await getJson<{ effect: { verdict: string | null; reason: string | null; followup: Rec | null } }>('compagnie', `/plans/${id}`);
    const summary = await app.request('/plans/team-summary', { method: 'POST', headers: as(s['compagnie']!, { 'content-type': 'application/json' }), body: JSON.stringify({ unit }) });
    const focus = await app.request('/plans', {
      method: 'POST', headers: as(s['compagnie']!, { 'content-type': 'application/json' }),
      body: JSON.stringify({ unit, baselinePeriod: 'DEF-2024', indicator: 'sv_experienced', option: 'any', base: 'all', goal: 'fewer incidents' }),
    });
    // plans.csv and the RI&E XLSX carry the baseline, follow-up and effect columns of both plans.
    const csv = (await (await get('researcher', `/plans/export?unit=${unit}`)).text()).replaceAll(unit, '·').replace(/\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?/g, '');
    const xlsx = /<sheetData>[\s\S]*<\/sheetData>/.exec((Buffer.from(await (await get('researcher', `/plans/export?unit=${unit}&format=xlsx`)).arrayBuffer())).toString('utf8'))?.[0] ?? '';
    return {
      verdict: plan.effect.verdict, reason: plan.effect.reason, followup: plan.effect.followup && { ...plan.effect.followup, scope: '·' },
      summary: [summary.status, (await summary.text()).replaceAll(unit, '·')], focus: focus.status,
      csv, xlsx: xlsx.replaceAll(unit, '·').length,
    };
  };

  it('the effect verdict, a focus area in the later wave and a refused team summary do not tell 0 from 8 respondents', async () => {
    const zero = await effectOf(ZERO);
    const small = await effectOf(SMALL);
    expect(zero.verdict).toBe('not_measurable');
    expect(zero.focus).toBe(201);
    expect(zero.summary[0]).toBe(422);
    expect(zero.csv.split('\n').length).toBeGreaterThan(2);
    expect(zero).toEqual(small);
    // The same read of a published cell's effect carries its numbers.
    const res = await app.request('/plans', {
      method: 'POST', headers: as(s['brigade']!, { 'content-type': 'application/json' }),
      body: JSON.stringify({ unit: PARENT, baselinePeriod: 'DEF-2023', indicator: 'sv_experienced', option: 'any', base: 'all', goal: 'fewer incidents' }),
    });
    expect(res.status).toBe(201);
    const plan = await getJson<{ effect: { followup: { n: number | null } | null } }>('brigade', `/plans/${((await res.json()) as { id: number }).id}`);
    const [pub] = await queryRows<{ n: number }>(t.db, sql`select n from release_rows where release_id = ${RELEASE} and scope = ${PARENT} and dimension = 'all' and indicator = 'sv_experienced' and option = 'any' and base = 'all'`);
    expect(plan.effect.followup?.n).toBe(pub!.n);
    expect(pub!.n).toBeGreaterThan(10);
  });
});

describe('command line (release export, report unit)', () => {
  const cli = async (...argv: string[]) => { const out: string[] = []; await runCommand(t, argv, (l) => out.push(l)); return out.join('\n'); };
  it('exports and reports both units alike, where a unit without rows used to be "not found"', async () => {
    const csv: string[][] = [];
    const reports: { ownReport: boolean; rows: Rec[] }[] = [];
    for (const code of [ZERO, SMALL]) {
      csv.push((await cli('release', 'export', '--period', 'DEF-2024', '--scope', code))
        .split('\n').slice(1).map((l) => l.replace(code, '·')).filter((l) => !l.includes(',headcount,')).sort());
      reports.push(JSON.parse(await cli('report', 'unit', code, '--period', 'DEF-2024')) as { ownReport: boolean; rows: Rec[] });
    }
    expect(csv[0]!.length).toBeGreaterThan(1000);
    expect(csv[0]).toEqual(csv[1]);
    expect(reports.map((r) => [r.ownReport, r.rows.filter((x) => x.base !== 'headcount').length])).toEqual([[false, csv[0]!.length], [false, csv[0]!.length]]);
    const parent = (await cli('release', 'export', '--period', 'DEF-2024', '--scope', PARENT)).split('\n').find((l) => l.includes(',all,all,response_rate,'))!;
    expect(parent.split(',')[9]).toBe(String(truth.get(PARENT)));
  });
});

describe('errors', () => {
  it('answers a read of either unit in a release with the same status', async () => {
    for (const path of [`/releases/${RELEASE}/rows?scope=`, `/releases/${RELEASE}/comparisons?scope=`, `/releases/${RELEASE}/overview?scope=`, '/reports/unit/', '/reports/unit/']) {
      const [a, b] = await Promise.all([get('researcher', `${path}${ZERO}`), get('researcher', `${path}${SMALL}`)]);
      expect(a.status, path).toBe(b.status);
    }
  });
});

describe('pooled windows', () => {
  // Built last (the unit reports above open on the wave releases, not on this window), once for
  // both tests below, so neither depends on the other. Value-checked (the default): ~2 min on two
  // idle cores, 6 min at load 12-17.
  beforeAll(async () => {
    const [have] = await t.db.select().from(releases).where(eq(releases.id, WINDOW));
    if (!have) await buildRelease(t.db, '2022-2024');
  }, 900_000);

  it('pool each unit\'s latest surveyed wave: a unit nobody answered in there is not read from an older wave', async () => {
    const [old] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from responses x join units u on u.id = x.unit_id join waves w on w.id = x.wave_id
      where u.code = ${GONE} and w.code = 'DEF-2023'`);
    expect(old!.n).toBeGreaterThanOrEqual(10);
    const rows = await getJson<Rec[]>('researcher', `/releases/${WINDOW}/rows?scope=${GONE},${SMALL},${PARENT}`);
    const gone = shape(rows, GONE);
    expect(gone.keys.length).toBeGreaterThan(1000);
    expect(gone.keys).toEqual(shape(rows, SMALL).keys);
    expect(rows.filter((r) => r.scope === GONE && !r.suppressed)).toEqual([]);
    expect(gone.records.sort()).toEqual(shape(rows, SMALL).records.sort());
    // The same read finds the parent's published figures.
    expect(rows.some((r) => r.scope === PARENT && !r.suppressed && typeof r.n === 'number')).toBe(true);
  });

  it('no published respondent count of the window gives the unit nobody answered in (decision 046)', async () => {
    const found = await solveCounts(WINDOW, [GONE, PARENT]);
    expect(found.get(GONE)!.filter((x) => x !== undefined)).toEqual([]);
    expect(found.get(PARENT)![0]).toBeGreaterThanOrEqual(10);
  });
});
