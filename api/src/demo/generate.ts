/**
 * The demo generator: unit tree with staff, waves, population (headcounts) and responses.
 *
 * Every random decision is drawn from a stream keyed by (seed, purpose, unit[, wave]), so the
 * in-memory generator and the streaming one produce the same data, in the same order.
 */
import {
  AGE_BANDS, GENDERS, PERSONNEL_TYPES, RANKS_MIL, SCALES_CIV,
  discloseBackground, expectedDisclosureRisk, generateAnswers,
} from './answers.js';
import type { Person } from './answers.js';
import type { Branch, DemoParameters } from './parameters.js';
import { demoParameters, trendAt } from './parameters.js';
import { Rng } from './prng.js';
import { ORGANISATION, buildTree } from './tree.js';
import type { TreeUnit } from './tree.js';
import type { DemoData, DemoOptions, DemoPopulationRow, DemoResponse, DemoUnit, DemoWave } from './types.js';

export const INSTRUMENT = 'werkbeleving-sv@1';

interface PlanUnit extends TreeUnit {
  ancestors: string[];
  /** Own staff (excluding sub-units) before the per-wave fluctuation; 0 if none. */
  staff: number;
  /** Shares used to draw this unit's staff. */
  militair: number;
  extern: number;
  womenFactor: number;
  /** Multiplies the probability of unwanted behaviour (mean 1 over units). */
  effect: number;
  responseBase: number;
  /** True for the trend brigade and the units below it. */
  trend: boolean;
}

interface Plan {
  params: DemoParameters;
  units: PlanUnit[];
  byCode: Map<string, PlanUnit>;
  waves: DemoWave[];
  /** Waves in which the trend brigade was surveyed, in order. */
  trendWaves: string[];
  /** Expected relative risk per `${branch}|${year}`, to normalise probabilities to the targets. */
  normaliser: Map<string, number>;
  /** Calendar year of each wave. */
  waveYear: Map<string, number>;
}

const DAY = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function lognormalMeanOne(rng: Rng, sd: number): number {
  return Math.exp(sd * rng.normal() - (sd * sd) / 2);
}

function validAt(u: { validFrom: string | null; validTo: string | null }, date: string): boolean {
  return (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || u.validTo >= date);
}

function normaliseOptions(opts: DemoOptions = {}): { size: 'small' | 'defence'; seed: number; scale: number } {
  const size = opts.size ?? 'small';
  if (size !== 'small' && size !== 'defence') throw new Error(`demo: unknown size ${String(size)}`);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error('demo: seed must be an integer');
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error('demo: scale must be a positive number');
  return { size, seed, scale };
}

/** Expected relative risk of a branch's staff in a year, over its composition and disclosure. */
function expectedRisk(params: DemoParameters, branch: Branch, year: number): number {
  const c = params.composition;
  const r = params.risk;
  const pt = c.personnelType[branch];
  const types = [pt.militair, 1 - pt.militair - pt.extern, pt.extern];
  const womenShare = [c.women.militair, c.women.burger, c.women.extern];
  const genderRisk = (w: number): number => (1 - w - c.genderOther) * r.gender.man + w * r.gender.vrouw + c.genderOther * r.gender.anders;
  const tot25 = trendAt(r.tot25, year, params.trendYears);
  const ageRisk = (dist: readonly number[]): number => (dist[0] ?? 0) * tot25 + (1 - (dist[0] ?? 0));
  const manschappen = trendAt(r.manschappen, year, params.trendYears);
  const mil = c.rankMil[0] * manschappen * ageRisk(c.age.manschappen)
    + c.rankMil[1] * r.onderofficieren * ageRisk(c.age.onderofficieren)
    + c.rankMil[2] * r.officieren * ageRisk(c.age.officieren);
  const civ = (c.scaleCiv[0] * r.schaal_1_6 + c.scaleCiv[1] * r.schaal_7_10 + c.scaleCiv[2] * r.schaal_11plus) * ageRisk(c.age.burger);
  const ext = r.extern * ageRisk(c.age.extern);
  const byType = [mil, civ, ext];
  let total = 0;
  for (let t = 0; t < 3; t++) total += (types[t] ?? 0) * (byType[t] ?? 0) * genderRisk(womenShare[t] ?? 0);
  return total * expectedDisclosureRisk(params);
}

function buildPlan(opts: DemoOptions | undefined): Plan {
  const { size, seed, scale } = normaliseOptions(opts);
  const params = demoParameters(size, seed, scale);
  const tree = buildTree(params);
  const byCode = new Map<string, PlanUnit>();
  const units: PlanUnit[] = [];
  const children = new Map<string, number>();
  for (const u of tree) if (u.parent !== null) children.set(u.parent, (children.get(u.parent) ?? 0) + 1);

  // Staff, composition and effects. A reorganisation successor inherits its predecessor's draws.
  const successorOf = new Map<string, string>();
  if (params.reorganisation) successorOf.set(params.reorganisation.replacedBy, params.reorganisation.ended);
  const groupEffect = new Map<string, number>();
  const fixedStaff = new Set<string>();
  for (const u of tree) {
    const key = successorOf.get(u.code) ?? u.code;
    const rng = Rng.keyed(seed, 'unit', key);
    const isLeaf = !children.has(u.code);
    let staff = 0;
    if (u.depth >= 3) {
      if (isLeaf && u.typicalStaff === 0) throw new Error(`demo tree: leaf ${u.code} without staff`);
      if (isLeaf && u.code !== params.excludedUnit && rng.chance(params.smallTeamShare)) {
        staff = rng.int(10, 24);
        fixedStaff.add(u.code);
      } else if (u.typicalStaff > 0) {
        staff = u.typicalStaff * lognormalMeanOne(rng, 0.25);
        if (u.code === params.excludedUnit) fixedStaff.add(u.code);
      } else if (rng.chance(u.depth === 3 ? 0.6 : 0.3)) {
        // Headquarters staff of a brigade or battalion: responses belong to the internal unit.
        staff = u.depth === 3 ? rng.int(30, 120) : rng.int(10, 40);
      }
    }
    const branchMix = u.branch ? params.composition.personnelType[u.branch] : { militair: 0.5, extern: 0.05 };
    const militair = Math.min(0.98, Math.max(0.05, branchMix.militair + 0.08 * rng.normal()));
    const extern = Math.min(1 - militair, branchMix.extern);
    const womenFactor = lognormalMeanOne(rng, 0.3);
    if (u.group !== null && !groupEffect.has(u.group)) {
      groupEffect.set(u.group, lognormalMeanOne(Rng.keyed(seed, 'group', u.group), params.unitEffectSd.group));
    }
    const trend = u.code === params.trendBrigade.code || u.code.startsWith(`${params.trendBrigade.code}-`);
    const effect = trend || u.group === null ? 1 : (groupEffect.get(u.group) ?? 1) * lognormalMeanOne(rng, params.unitEffectSd.unit);
    const responseBase = rng.uniform(params.responseRate.baseMin, params.responseRate.baseMax);
    const parent = u.parent === null ? undefined : byCode.get(u.parent);
    const pu: PlanUnit = {
      ...u, ancestors: parent ? [...parent.ancestors, parent.code] : [], staff, militair, extern, womenFactor, effect, responseBase, trend,
    };
    units.push(pu);
    byCode.set(u.code, pu);
  }

  const waveYears = params.waveYears;
  const lastYear = waveYears[waveYears.length - 1] ?? 2025;
  // Scale to the target staff, counted over the units valid in the last wave year.
  const reference = `${lastYear}-06-30`;
  let scalable = 0;
  let fixed = 0;
  for (const u of units) {
    if (!validAt(u, reference)) continue;
    if (fixedStaff.has(u.code)) fixed += u.staff;
    else scalable += u.staff;
  }
  const factor = scalable > 0 ? (params.targetStaff - fixed) / scalable : 1;
  for (const u of units) {
    if (u.staff === 0) continue;
    const base = fixedStaff.has(u.code) ? u.staff : Math.max(10, u.staff * factor);
    u.staff = Math.max(8, Math.round(base * scale));
  }

  // Survey cycle: tier-3 units (with everything below them) take turns, balanced by unit count.
  const cycle = params.surveyCycleYears;
  const groupSize = new Map<string, number>();
  for (const u of units) if (u.group !== null) groupSize.set(u.group, (groupSize.get(u.group) ?? 0) + 1);
  const offsets = new Map<string, number>();
  const load = Array.from({ length: cycle }, () => 0);
  const trendGroup = params.trendBrigade.code;
  if (cycle > 1 && groupSize.has(trendGroup)) {
    // First survey of the trend brigade in the second wave year, so it has three waves and its first is in 2018.
    offsets.set(trendGroup, 1);
    load[1] = (load[1] ?? 0) + (groupSize.get(trendGroup) ?? 0);
  }
  const groups = [...groupSize.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  for (const [g, n] of groups) {
    if (offsets.has(g)) continue;
    let best = 0;
    for (let i = 1; i < cycle; i++) if ((load[i] ?? 0) < (load[best] ?? 0)) best = i;
    offsets.set(g, best);
    load[best] = (load[best] ?? 0) + n;
  }

  const waves: DemoWave[] = [];
  const waveYear = new Map<string, number>();
  const firstYear = waveYears[0] ?? lastYear;
  for (const year of waveYears) {
    const code = `${ORGANISATION.code}-${year}`;
    const rng = Rng.keyed(seed, 'wave', code);
    const opensMs = Date.UTC(year, 2, 1) + rng.int(0, 13) * DAY;
    const opens = isoDate(opensMs);
    const closes = isoDate(opensMs + (params.waveWeeks * 7 - 1) * DAY);
    const offset = (year - firstYear) % cycle;
    const included = units.filter((u) => u.group !== null && offsets.get(u.group) === offset && validAt(u, opens)).map((u) => u.code);
    waves.push({ code, org: ORGANISATION.code, instrument: INSTRUMENT, units: included, opens, closes, kind: 'census' });
    waveYear.set(code, year);
  }
  const trendWaves = waves.filter((w) => w.units.includes(trendGroup)).map((w) => w.code);

  const normaliser = new Map<string, number>();
  const branches = new Set(units.map((u) => u.branch).filter((b): b is Branch => b !== null));
  for (const b of branches) for (const y of waveYears) normaliser.set(`${b}|${y}`, expectedRisk(params, b, y));

  return { params, units, byCode, waves, trendWaves, normaliser, waveYear };
}

/** Own staff of a unit in a wave, each with true attributes. */
function roster(plan: Plan, u: PlanUnit, wave: DemoWave): Person[] {
  if (u.staff === 0) return [];
  const c = plan.params.composition;
  const rng = Rng.keyed(plan.params.seed, 'roster', u.code, wave.code);
  const headcount = Math.max(6, Math.round(u.staff * Math.exp(0.04 * rng.normal())));
  const women = [c.women.militair, c.women.burger, c.women.extern].map((w) => Math.min(0.9, w * u.womenFactor));
  const people: Person[] = new Array<Person>(headcount);
  for (let i = 0; i < headcount; i++) {
    const r = rng.next();
    const type = r < u.militair ? 0 : r < 1 - u.extern ? 1 : 2;
    const g = rng.next();
    const w = women[type] ?? 0.2;
    const gender = g < w ? 1 : g < w + c.genderOther ? 2 : 0;
    let rank = -1;
    let ages: readonly number[] = c.age.extern;
    if (type === 0) {
      rank = rng.weighted(c.rankMil);
      ages = rank === 0 ? c.age.manschappen : rank === 1 ? c.age.onderofficieren : c.age.officieren;
    } else if (type === 1) {
      rank = rng.weighted(c.scaleCiv);
      ages = c.age.burger;
    }
    people[i] = { gender, age: rng.weighted(ages), type, rank };
  }
  return people;
}

/** Population cells in a fixed order: all, gender x3, age_band x5, personnel_type x3, rank_group x6. */
const CELLS: readonly (readonly [dimension: string, group: string])[] = [
  ['all', 'all'],
  ...GENDERS.map((g) => ['gender', g] as const),
  ...AGE_BANDS.map((g) => ['age_band', g] as const),
  ...PERSONNEL_TYPES.map((g) => ['personnel_type', g] as const),
  ...RANKS_MIL.map((g) => ['rank_group', g] as const),
  ...SCALES_CIV.map((g) => ['rank_group', g] as const),
];

function addCounts(counts: Float64Array, people: readonly Person[]): void {
  for (const p of people) {
    counts[0] = (counts[0] ?? 0) + 1;
    counts[1 + p.gender] = (counts[1 + p.gender] ?? 0) + 1;
    counts[4 + p.age] = (counts[4 + p.age] ?? 0) + 1;
    counts[9 + p.type] = (counts[9 + p.type] ?? 0) + 1;
    if (p.rank >= 0) {
      const cell = 12 + (p.type === 0 ? 0 : 3) + p.rank;
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
  }
}

function relativeRisk(plan: Plan, p: Person, year: number): number {
  const r = plan.params.risk;
  const ty = plan.params.trendYears;
  let rr = p.gender === 1 ? r.gender.vrouw : p.gender === 2 ? r.gender.anders : r.gender.man;
  if (p.age === 0) rr *= trendAt(r.tot25, year, ty);
  if (p.type === 0) rr *= p.rank === 0 ? trendAt(r.manschappen, year, ty) : p.rank === 1 ? r.onderofficieren : r.officieren;
  else if (p.type === 1) rr *= p.rank === 0 ? r.schaal_1_6 : p.rank === 1 ? r.schaal_7_10 : r.schaal_11plus;
  else rr *= r.extern;
  return rr;
}

function propensity(plan: Plan, p: Person): number {
  const rp = plan.params.responsePropensity;
  let w: number;
  if (p.type === 0) w = p.rank === 0 ? rp.manschappen : p.rank === 1 ? rp.onderofficieren : rp.officieren;
  else if (p.type === 1) w = p.rank === 0 ? rp.schaal_1_6 : p.rank === 1 ? rp.schaal_7_10 : rp.schaal_11plus;
  else w = rp.extern;
  if (p.age === 0) w *= rp.tot25;
  else if (p.age === 4) w *= rp['55plus'];
  return w;
}

/** Responses of a unit's own staff in a wave. */
function respond(plan: Plan, u: PlanUnit, wave: DemoWave, people: readonly Person[]): DemoResponse[] {
  const params = plan.params;
  const h = people.length;
  if (h === 0) return [];
  const rng = Rng.keyed(params.seed, 'respond', u.code, wave.code);
  const rr = params.responseRate;
  const rate = Math.min(rr.max, Math.max(rr.min, u.responseBase + rr.waveSd * rng.normal()));
  const n = Math.min(Math.floor(rr.max * h), Math.max(Math.ceil(rr.min * h), Math.round(rate * h)));

  // Weighted sampling without replacement (Efraimidis-Spirakis): the n largest u^(1/w).
  const keys = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    const p = people[i];
    keys[i] = p ? Math.log(1 - rng.next()) / propensity(plan, p) : -Infinity;
  }
  const order = Array.from({ length: h }, (_, i) => i).sort((x, y) => (keys[y] ?? 0) - (keys[x] ?? 0));

  const year = plan.waveYear.get(wave.code) ?? params.trendYears[1];
  let target: number;
  if (u.trend) {
    const k = plan.trendWaves.indexOf(wave.code);
    const last = plan.trendWaves.length - 1;
    const f = last > 0 ? Math.max(0, k) / last : 0;
    target = params.trendBrigade.first + (params.trendBrigade.last - params.trendBrigade.first) * f;
  } else {
    target = (params.prevalenceByYear[String(year)] ?? 0.07) * (u.branch ? params.branchFactor[u.branch] : 1);
  }
  const norm = plan.normaliser.get(`${u.branch ?? ''}|${year}`) ?? 1;
  // Units with more unwanted behaviour have a worse climate (lower scale scores), including the
  // trend brigade as it improves; team-observed follows the unit's level of unwanted behaviour.
  const relativeLevel = (target * u.effect) / params.referencePrevalence;
  const climate = -0.6 * Math.log(relativeLevel);
  const pTeam = Math.min(0.8, params.teamObserved.nonVictim * relativeLevel);
  const opensMs = Date.parse(`${wave.opens}T00:00:00Z`);
  const days = Math.round((Date.parse(`${wave.closes}T00:00:00Z`) - opensMs) / DAY);
  const dates = Array.from({ length: days + 1 }, (_, i) => isoDate(opensMs + i * DAY));

  const out: DemoResponse[] = new Array<DemoResponse>(n);
  for (let j = 0; j < n; j++) {
    const person = people[order[j] ?? 0];
    if (!person) throw new Error('demo: respondent out of range');
    const disclosure = discloseBackground(rng, person, params);
    const p = Math.min(0.95, (target * u.effect * relativeRisk(plan, person, year) * disclosure.risk) / norm);
    const answers = generateAnswers(rng, disclosure, { year, pExperienced: p, climate, pTeamObserved: pTeam }, params);
    // Most answers come in the first weeks after the invitation.
    const day = Math.min(days, Math.floor(-Math.log(1 - rng.next()) * 12));
    out[j] = { id: rng.uuid(), wave: wave.code, unit: u.code, submittedOn: dates[day] ?? wave.closes, answers };
  }
  return out;
}

function demoUnits(plan: Plan): DemoUnit[] {
  return plan.units.map((u) => ({
    code: u.code, parent: u.parent, name: u.name, level: u.level, excludedFromPooling: u.excludedFromPooling,
    validFrom: u.validFrom, validTo: u.validTo,
  }));
}

/** Population rows of one wave from its rosters: surveyed units and their ancestors. */
function populationRows(plan: Plan, wave: DemoWave, rosters: Map<string, readonly Person[]>): DemoPopulationRow[] {
  const counts = new Map<string, Float64Array>();
  const get = (code: string): Float64Array => {
    let c = counts.get(code);
    if (!c) {
      c = new Float64Array(CELLS.length);
      counts.set(code, c);
    }
    return c;
  };
  for (const code of wave.units) {
    const u = plan.byCode.get(code);
    if (!u) continue;
    get(code);
    for (const a of u.ancestors) get(a);
    const people = rosters.get(code);
    if (!people || people.length === 0) continue;
    const own = new Float64Array(CELLS.length);
    addCounts(own, people);
    for (const target of [code, ...u.ancestors]) {
      const c = get(target);
      for (let i = 0; i < own.length; i++) c[i] = (c[i] ?? 0) + (own[i] ?? 0);
    }
  }
  const rows: DemoPopulationRow[] = [];
  for (const u of plan.units) {
    const c = counts.get(u.code);
    if (!c) continue;
    CELLS.forEach(([dimension, group], i) => rows.push({ unit: u.code, period: wave.code, dimension, group, headcount: c[i] ?? 0 }));
  }
  return rows;
}

function* unitWaves(plan: Plan): Generator<{ wave: DemoWave; unit: PlanUnit }> {
  for (const wave of plan.waves) {
    for (const code of wave.units) {
      const unit = plan.byCode.get(code);
      if (unit && unit.staff > 0) yield { wave, unit };
    }
  }
}

/**
 * Everything but the responses: units, waves, population and parameters. Cheap even at a large
 * `scale`; pair it with `generateResponses` to stream a million responses.
 */
export function generateDemoFrame(opts: DemoOptions = {}): Omit<DemoData, 'responses'> {
  const plan = buildPlan(opts);
  const population: DemoPopulationRow[] = [];
  for (const wave of plan.waves) {
    const rosters = new Map<string, readonly Person[]>();
    for (const code of wave.units) {
      const u = plan.byCode.get(code);
      if (u) rosters.set(code, roster(plan, u, wave));
    }
    population.push(...populationRows(plan, wave, rosters));
  }
  return { organisation: { ...ORGANISATION }, units: demoUnits(plan), population, waves: plan.waves, parameters: plan.params };
}

/**
 * The responses of `generateDemo` with the same options, in the same order, in batches of about
 * `batchSize` (whole unit-waves; a batch never mixes waves).
 */
export function* generateResponses(opts: DemoOptions = {}, batchSize = 10_000): Generator<DemoResponse[]> {
  const plan = buildPlan(opts);
  let batch: DemoResponse[] = [];
  let wave = '';
  for (const { wave: w, unit } of unitWaves(plan)) {
    if (w.code !== wave && batch.length > 0) {
      yield batch;
      batch = [];
    }
    wave = w.code;
    const responses = respond(plan, unit, w, roster(plan, unit, w));
    for (const r of responses) batch.push(r);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Generate the synthetic demo organisation. Deterministic: the same options give the same data.
 *
 * @example
 * const demo = generateDemo({ size: 'defence', seed: 7 });
 * demo.units.length; // ~600
 */
export function generateDemo(opts: DemoOptions = {}): DemoData {
  const plan = buildPlan(opts);
  const population: DemoPopulationRow[] = [];
  const responses: DemoResponse[] = [];
  for (const wave of plan.waves) {
    const rosters = new Map<string, readonly Person[]>();
    for (const code of wave.units) {
      const u = plan.byCode.get(code);
      if (!u) continue;
      const people = roster(plan, u, wave);
      rosters.set(code, people);
      if (people.length > 0) for (const r of respond(plan, u, wave, people)) responses.push(r);
    }
    population.push(...populationRows(plan, wave, rosters));
  }
  return {
    organisation: { ...ORGANISATION }, units: demoUnits(plan), population, waves: plan.waves, responses, parameters: plan.params,
  };
}
