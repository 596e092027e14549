/**
 * Administering waves: creation from codes (CLI and API) and commanders' own items.
 */
import { z } from 'zod';
import { ItemSchema, parseDefinition, type InstrumentDefinition, type Item } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { getInstrumentVersion, getInstrumentVersionById, publishVersion } from './instruments.js';
import { latestVersionNumberOf } from '../repositories/instruments.js';
import { getOrganisationByCode } from '../repositories/organisations.js';
import { currentUnitIds, unitsByCode } from '../repositories/units.js';
import { createWave, getWaveByCode, setUnitInstrumentVersion, surveyedUnitId, type WaveRow } from '../repositories/waves.js';

export const WaveCodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, - and _ (at most 40)');

export const CreateWaveSchema = z.strictObject({
  code: WaveCodeSchema,
  org: z.string().min(1),
  instrument: z.string().min(3),
  units: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]),
  opens: z.coerce.date(),
  closes: z.coerce.date(),
  kind: z.enum(['census', 'sample']).default('census'),
});
export type CreateWaveInput = z.input<typeof CreateWaveSchema>;

/** Creates a wave from codes: organisation root code, `ID@VERSION`, unit codes or `all`. */
export async function createWaveFromCodes(db: Db, input: CreateWaveInput): Promise<WaveRow> {
  const parsed = CreateWaveSchema.safeParse(input);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const w = parsed.data;
  if (w.opens.getTime() >= w.closes.getTime()) throw new UsageError('the wave must open before it closes');
  if (await getWaveByCode(db, w.code)) throw new ConflictError(`wave ${w.code} exists already`);
  const org = await getOrganisationByCode(db, w.org);
  if (!org) throw new NotFoundError(`unknown organisation "${w.org}"`);
  const version = await getInstrumentVersion(db, w.instrument);
  const opensDay = w.opens.toISOString().slice(0, 10);
  let unitIds: number[];
  if (w.units === 'all') {
    unitIds = await currentUnitIds(db, org.id, opensDay);
  } else {
    const byCode = await unitsByCode(db);
    const bad = w.units.filter((c) => byCode.get(c)?.org !== org.id);
    if (bad.length > 0) throw new NotFoundError(`unknown unit(s) in organisation ${w.org}: ${bad.join(', ')}`);
    unitIds = [...new Set(w.units.map((c) => byCode.get(c)!.id))];
  }
  if (unitIds.length === 0) throw new UsageError(`organisation ${w.org} has no units`);
  return createWave(db, {
    code: w.code, organisationId: org.id, instrumentVersionId: version.id, unitIds,
    opensAt: w.opens, closesAt: w.closes, kind: w.kind,
  });
}

/** A commander may add at most this many own items to their unit's copy of the instrument. */
export const MAX_OWN_ITEMS = 5;
/** The module that holds a unit's own items; it is placed before the background module. */
export const OWN_MODULE = 'eigen';

/** One own item as a commander writes it: any item of the instrument's types, without conditions. */
export const OwnItemSchema = z.unknown().transform((value, ctx) => {
  const candidate = typeof value === 'object' && value !== null ? { ...value, module: OWN_MODULE } : value;
  const r = ItemSchema.safeParse(candidate);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  if (r.data.condition !== undefined || r.data.background === true || r.data.required === true) {
    ctx.addIssue({ code: 'custom', message: 'own items cannot have conditions, be required or be background items' });
    return z.NEVER;
  }
  return r.data;
});

/** The base definition plus own items in module `eigen`, placed before the background module. */
export function withOwnItems(base: InstrumentDefinition, own: Item[], version: number): InstrumentDefinition {
  const ownModule = { code: OWN_MODULE, title: { nl: 'Vragen van uw eenheid', en: 'Questions from your unit' } };
  const bgIndex = base.modules.findIndex((m) => m.code === 'bg');
  const modules = bgIndex < 0 ? [...base.modules, ownModule] : [...base.modules.slice(0, bgIndex), ownModule, ...base.modules.slice(bgIndex)];
  const firstBg = base.items.findIndex((i) => i.module === 'bg');
  const items = firstBg < 0 ? [...base.items, ...own] : [...base.items.slice(0, firstBg), ...own, ...base.items.slice(firstBg)];
  return parseDefinition({ ...base, version, modules, items });
}

/**
 * Gives a unit of a wave its own copy of the instrument: the wave's version plus up to five own
 * items, published as a new (immutable) version. Only before the wave opens. Calling it again
 * replaces the unit's own items (with yet another new version; published versions never change).
 */
export async function setOwnItems(db: Db, waveCode: string, unitCode: string, ownInput: unknown[], now = new Date()): Promise<{ ref: string; versionId: number }> {
  const wave = await getWaveByCode(db, waveCode);
  if (!wave) throw new NotFoundError(`unknown wave "${waveCode}"`);
  if (wave.opensAt.getTime() <= now.getTime() || wave.closedAt !== null) {
    throw new ConflictError(`wave ${waveCode} has opened; own items can only be added before it opens`);
  }
  if (ownInput.length > MAX_OWN_ITEMS) throw new UsageError(`at most ${MAX_OWN_ITEMS} own items per unit`);
  const unitId = await surveyedUnitId(db, wave.id, unitCode);
  if (unitId === undefined) throw new NotFoundError(`unit "${unitCode}" is not part of wave ${waveCode}`);
  const base = await getInstrumentVersionById(db, wave.instrumentVersionId);
  const types = new Set(base.definition.items.map((i) => i.type));
  const own: Item[] = ownInput.map((value, index) => {
    const r = OwnItemSchema.safeParse(value);
    if (!r.success) throw new UsageError(`own item ${index + 1}: ${r.error.issues.map((i) => i.message).join('; ')}`);
    if (!types.has(r.data.type)) throw new UsageError(`own item ${index + 1}: type "${r.data.type}" is not used by ${base.ref}`);
    return r.data;
  });
  const latest = await latestVersionNumberOf(db, base.id);
  let def: InstrumentDefinition;
  try {
    def = withOwnItems(base.definition, own, latest + 1);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : 'invalid own items');
  }
  const published = await publishVersion(db, def);
  await setUnitInstrumentVersion(db, wave.id, unitId, published.id);
  return { ref: published.ref, versionId: published.id };
}
