/**
 * `demo [--size small|defence] [--seed N]`: writes the synthetic organisation of `../demo` into
 * the database in one transaction, plus the demo sign-ins.
 */
import { validateResponse } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { generateDemoFrame, generateResponses, type DemoData } from '../demo/index.js';
import { ConflictError } from '../errors.js';
import { getOrganisationByCode, getUnitsByCode } from '../repositories/units.js';
import { getInstrumentVersion } from './instruments.js';
import { savePopulation } from './import-population.js';
import { saveUnits } from './import-units.js';
import { insertResponses, type NewResponse } from './responses.js';
import { createUser, type Role } from './users.js';
import { createWave } from '../repositories/waves.js';

export interface DemoUser {
  email: string;
  password: string;
  role: Role;
  /** Level of the unit a commander is scoped to. */
  scopeLevel?: string;
}

/** Demo sign-ins; the passwords are public on purpose and only ever created with demo data. */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@demo.example', password: 'demo-admin-2026', role: 'admin' },
  { email: 'onderzoeker@demo.example', password: 'demo-research-2026', role: 'researcher' },
  { email: 'brigade@demo.example', password: 'demo-brigade-2026', role: 'commander', scopeLevel: 'brigade' },
  { email: 'compagnie@demo.example', password: 'demo-company-2026', role: 'commander', scopeLevel: 'compagnie' },
];

export interface DemoSummary {
  units: number;
  waves: number;
  responses: number;
}

/** Picks the commanders' units: the demo's highlighted brigade and a company below it. */
export function commanderUnits(data: Pick<DemoData, 'units' | 'parameters'>): { brigade: string; company: string } {
  const brigade = data.parameters.trendBrigade.code;
  const children = new Map<string, string[]>();
  for (const u of data.units) if (u.parent) children.set(u.parent, [...(children.get(u.parent) ?? []), u.code]);
  const levelOf = new Map(data.units.map((u) => [u.code, u.level]));
  const stack = [brigade];
  while (stack.length) {
    const c = stack.shift()!;
    if (levelOf.get(c) === 'compagnie') return { brigade, company: c };
    stack.push(...(children.get(c) ?? []));
  }
  throw new Error(`the demo brigade ${brigade} has no company below it`);
}

export interface DemoLoadOptions {
  size: 'small' | 'defence';
  seed?: number | undefined;
  /** Multiplies every unit's staff (benchmarks: `defence` at scale 10 is ~1 million responses). */
  scale?: number | undefined;
}

export async function loadDemo(db: Db, opts: DemoLoadOptions, log: (line: string) => void = () => {}): Promise<DemoSummary> {
  const genOpts = { size: opts.size, ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.scale === undefined ? {} : { scale: opts.scale }) };
  // Units, waves and headcounts first; responses are streamed in batches so a million fit.
  const data = generateDemoFrame(genOpts);
  if (await getOrganisationByCode(db, data.organisation.code)) {
    throw new ConflictError(`organisation ${data.organisation.code} already exists; the demo loads into an empty database`);
  }
  log(`generated ${data.units.length} units and ${data.waves.length} waves`);
  return db.transaction(async (tx) => {
    await saveUnits(tx, data.units.map((u) => ({ ...u })));
    const units = await getUnitsByCode(tx, data.units.map((u) => u.code));
    const unitId = (code: string) => {
      const u = units.get(code);
      if (!u) throw new Error(`demo unit ${code} missing`);
      return u.id;
    };
    const org = await getOrganisationByCode(tx, data.organisation.code);
    await savePopulation(tx, data.population.map((p) => ({ unitId: unitId(p.unit), period: p.period, dimension: p.dimension, group: p.group, headcount: p.headcount })));
    const versions = new Map<string, Awaited<ReturnType<typeof getInstrumentVersion>>>();
    const waveIds = new Map<string, { id: number; version: Awaited<ReturnType<typeof getInstrumentVersion>> }>();
    for (const w of data.waves) {
      if (!versions.has(w.instrument)) versions.set(w.instrument, await getInstrumentVersion(tx, w.instrument));
      const version = versions.get(w.instrument)!;
      const row = await createWave(tx, {
        code: w.code, organisationId: org!.id, instrumentVersionId: version.id, unitIds: w.units.map(unitId),
        opensAt: new Date(`${w.opens}T08:00:00Z`), closesAt: new Date(`${w.closes}T17:00:00Z`), kind: w.kind, closed: true,
      });
      waveIds.set(w.code, { id: row.id, version });
    }
    let responseCount = 0;
    const perWave = new Map<string, number>();
    for (const batch of generateResponses(genOpts, 5000)) {
      const list: NewResponse[] = [];
      const wave = waveIds.get(batch[0]!.wave)!;
      for (const r of batch) {
        // The generator is tested against the validator; re-checking here keeps bad demo data out.
        const checked = validateResponse(wave.version.definition, r.answers);
        if (!checked.ok) throw new Error(`demo response for ${r.unit} is invalid: ${checked.errors[0]?.message}`);
        list.push({ id: r.id, waveId: wave.id, unitId: unitId(r.unit), instrumentVersionId: wave.version.id, submittedOn: r.submittedOn, answers: checked.answers });
      }
      await insertResponses(tx, wave.version.definition, list);
      responseCount += list.length;
      perWave.set(batch[0]!.wave, (perWave.get(batch[0]!.wave) ?? 0) + list.length);
    }
    for (const [code, n] of perWave) log(`wave ${code}: ${n} responses`);
    const { brigade, company } = commanderUnits(data);
    for (const u of DEMO_USERS) {
      const scope = u.scopeLevel === 'brigade' ? brigade : u.scopeLevel === 'compagnie' ? company : null;
      await createUser(tx, { email: u.email, password: u.password, role: u.role, organisationId: u.role === 'admin' ? null : org!.id, scopeUnitId: scope ? unitId(scope) : null });
    }
    return { units: data.units.length, waves: data.waves.length, responses: responseCount };
  });
}
