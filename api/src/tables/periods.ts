/**
 * Periods of a release: one wave, or a pooled window `YYYY-YYYY` built from each unit's latest
 * wave inside it (docs/methods.md). Resolves which (unit, wave) pairs contribute, the unit tree as of
 * the period, and the weights.
 */
import type { Db } from '../db/client.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { getOrganisationById } from '../repositories/organisations.js';
import { listOrganisations, listUnits, populationOf, type OrganisationRow, type UnitRow } from '../repositories/units.js';
import { assertResponsesKept, getWaveByCode, isWaveClosed, listWavesOfOrganisation, respondentsPerUnitAndWave, surveyedUnitsOf, type WaveRow } from '../repositories/waves.js';

export interface InnerRow {
  unitId: number;
  waveId: number;
  waveCode: string;
  respondents: number;
  /** Survey weight per respondent (1 when unweighted). */
  weight: number;
  /** Own staff of the unit in that wave (headcount minus surveyed sub-units), if known. */
  ownHeadcount: Map<string, number> | null;
}

export interface PeriodPlan {
  code: string;
  kind: 'wave' | 'window';
  organisation: OrganisationRow;
  /** The unit tree is taken as of this date. */
  asOf: string;
  /** Census waves are unweighted; windows and sample waves are weighted to headcount. */
  weighted: boolean;
  census: boolean;
  waveIds: number[];
  /** Units valid on `asOf`, by id. */
  tree: Map<number, UnitRow>;
  inner: InnerRow[];
  /**
   * Units a wave of the period surveyed in which nobody answered (in a window: in the unit's
   * latest wave that surveyed it), with that wave. They get rows like any scope, all suppressed, so that
   * whether a unit has rows never tells 0 respondents from 1 to k − 1 (issue 10, decision 044).
   */
  empty: Omit<InnerRow, 'weight' | 'respondents'>[];
  /** Headcount of a scope for a column (`all` or `dimension:group`), for a wave period. */
  scopeHeadcount: Map<string, number>;
}

const WINDOW = /^(\d{4})-(\d{4})$/;

function validOn(u: UnitRow, day: string): boolean {
  return (u.validFrom === null || u.validFrom <= day) && (u.validTo === null || u.validTo >= day);
}

async function organisationFor(db: Db, orgCode: string | undefined): Promise<OrganisationRow> {
  const orgs = await listOrganisations(db);
  if (orgCode) {
    const o = orgs.find((x) => x.code === orgCode);
    if (!o) throw new NotFoundError(`unknown organisation "${orgCode}"`);
    return o;
  }
  if (orgs.length === 1) return orgs[0]!;
  throw new UsageError(`this instance holds ${orgs.length} organisations; name one with --org`);
}

/** Headcounts keyed `unitId|period|column`. */
async function headcounts(db: Db, periods: string[]): Promise<Map<string, number>> {
  const rows = await populationOf(db, periods);
  const out = new Map<string, number>();
  for (const r of rows) out.set(`${r.unitId}|${r.period}|${r.dimension === 'all' ? 'all' : `${r.dimension}:${r.group}`}`, r.headcount);
  return out;
}

type ChosenWave = { id: number; code: string; kind: string; closesAt: Date };

/** What a period code names: the organisation, its closed waves, and the day the tree is read on. */
interface ResolvedPeriod {
  organisation: OrganisationRow;
  chosen: ChosenWave[];
  asOf: string;
  kind: 'wave' | 'window';
}

/**
 * Resolves a period code for an organisation. Throws for open waves and invalid windows.
 * Steps: resolve the code → the tree as of the period → each unit's contributing wave → inner
 * rows with their own headcounts → weights → scope headcounts.
 */
export async function planPeriod(db: Db, period: string, opts: { org?: string | undefined; now?: Date } = {}): Promise<PeriodPlan> {
  const now = opts.now ?? new Date();
  const wave = await getWaveByCode(db, period);
  const { organisation, chosen, asOf, kind } = wave ? await resolveWave(db, wave, opts.org, now) : await resolveWindow(db, period, opts.org, now);
  const allUnits = await listUnits(db, organisation.id);
  const tree = new Map(allUnits.filter((u) => validOn(u, asOf)).map((u) => [u.id, u]));
  const waveIds = chosen.map((w) => w.id);
  // A wave whose raw responses retention deleted would silently drop out of the table (or fall
  // back to an older wave per unit): refuse instead (decision 053).
  for (const id of waveIds) await assertResponsesKept(db, id);
  const { latest, latestSurveyed } = await latestWavePerUnit(db, { code: period, kind, asOf, chosen, tree });
  const hc = await headcounts(db, chosen.map((w) => w.code));
  const census = chosen.every((w) => w.kind === 'census');
  const weighted = kind === 'window' || !census;
  const { inner, empty } = innerRows(latest, latestSurveyed, chosen, tree, hc);
  if (weighted) weightToHeadcount(inner);
  const scopeHeadcount = kind === 'wave' ? waveScopeHeadcounts(hc, tree) : new Map<string, number>();
  return { code: period, kind, organisation, asOf, weighted, census, waveIds, tree, inner, empty, scopeHeadcount };
}

/** A wave code: the wave must be closed and belong to the organisation named (if any). */
async function resolveWave(db: Db, wave: WaveRow, org: string | undefined, now: Date): Promise<ResolvedPeriod> {
  const period = wave.code;
  if (!isWaveClosed(wave, now)) throw new ConflictError(`wave ${period} is still open: no figures before it closes`);
  const organisation = (await getOrganisationById(db, wave.organisationId))!;
  if (org && organisation.code !== org) throw new NotFoundError(`wave ${period} does not belong to ${org}`);
  const asOf = (wave.closedAt && wave.closedAt < wave.closesAt ? wave.closedAt : wave.closesAt).toISOString().slice(0, 10);
  return { organisation, chosen: [wave], asOf, kind: 'wave' };
}

/** A window `YYYY-YYYY`: no shorter than the survey cycle, with at least one closed wave in it. */
async function resolveWindow(db: Db, period: string, org: string | undefined, now: Date): Promise<ResolvedPeriod> {
  const m = WINDOW.exec(period);
  if (!m) {
    if (/^\d{4}$/.test(period)) throw new UsageError(`"${period}" is a single calendar year; organisation-wide figures are reported over pooled windows (e.g. ${Number(period) - 3}-${period}) or per wave`);
    throw new NotFoundError(`unknown period "${period}": not a wave code and not a window YYYY-YYYY`);
  }
  const organisation = await organisationFor(db, org);
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (to < from) throw new UsageError(`window ${period} ends before it starts`);
  if (to - from + 1 < organisation.surveyCycleYears) {
    throw new UsageError(`window ${period} is ${to - from + 1} years; it may not be shorter than the survey cycle of ${organisation.surveyCycleYears} years`);
  }
  const all = await listWavesOfOrganisation(db, organisation.id);
  const chosen = all.filter((w) => {
    const y = w.closesAt.getUTCFullYear();
    return y >= from && y <= to && isWaveClosed(w, now);
  });
  if (chosen.length === 0) throw new NotFoundError(`no closed waves of ${organisation.code} in ${period}`);
  return { organisation, chosen, asOf: `${to}-12-31`, kind: 'window' };
}

/**
 * Each unit's contributing wave and its respondents. Windows: each unit's latest wave that
 * surveyed it (answered or not: falling back to an older wave when nobody answered would say so,
 * decision 044); units that no longer exist at the end of the window are left out. Units excluded from pooling stay,
 * as roots of their own (see `reportingParent`). A wave refuses responses of a unit not in its tree.
 */
async function latestWavePerUnit(
  db: Db, p: { code: string; kind: 'wave' | 'window'; asOf: string; chosen: ChosenWave[]; tree: Map<number, UnitRow> },
): Promise<{ latest: Map<number, { wave_id: number; n: number }>; latestSurveyed: Map<number, number> }> {
  const closeOf = new Map(p.chosen.map((w) => [w.id, w.closesAt.getTime()]));
  const counts = await respondentsPerUnitAndWave(db, p.chosen.map((w) => w.id));
  const surveyed = await surveyedUnitsOf(db, p.chosen.map((w) => w.id));
  const latestSurveyed = new Map<number, number>();
  for (const s of surveyed) {
    const prev = latestSurveyed.get(s.unitId);
    if (prev === undefined || closeOf.get(s.waveId)! > closeOf.get(prev)!) latestSurveyed.set(s.unitId, s.waveId);
  }
  const latest = new Map<number, { wave_id: number; n: number }>();
  for (const c of counts) {
    const u = p.tree.get(c.unit_id);
    if (!u) {
      if (p.kind === 'wave') throw new ConflictError(`unit ${c.unit_id} has responses in ${p.code} but is not valid on ${p.asOf}`);
      continue;
    }
    const last = latestSurveyed.get(c.unit_id);
    if (last !== undefined && last !== c.wave_id) continue;
    const prev = latest.get(c.unit_id);
    if (!prev || closeOf.get(c.wave_id)! > closeOf.get(prev.wave_id)!) latest.set(c.unit_id, c);
  }
  return { latest, latestSurveyed };
}

/**
 * One inner row per (unit, wave) that contributes, with the unit's own staff in that wave
 * (its headcount minus its surveyed children's, per column) when the headcount is known; and the
 * surveyed units without respondents in their latest wave of the period (`empty`).
 */
function innerRows(
  latest: Map<number, { wave_id: number; n: number }>, latestSurveyed: Map<number, number>, chosen: ChosenWave[], tree: Map<number, UnitRow>, hc: Map<string, number>,
): { inner: InnerRow[]; empty: PeriodPlan['empty'] } {
  const codeOf = new Map(chosen.map((w) => [w.id, w.code]));
  const children = new Map<number, number[]>();
  for (const u of tree.values()) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  // Headcounts by unit and period, so each inner row reads only its own and its children's rows.
  const byUnitPeriod = new Map<string, Map<string, number>>();
  for (const [key, value] of hc) {
    const [u, p, col] = key.split('|') as [string, string, string];
    const k = `${u}|${p}`;
    let m = byUnitPeriod.get(k);
    if (!m) { m = new Map(); byUnitPeriod.set(k, m); }
    m.set(col, value);
  }
  const ownHeadcount = (unitId: number, waveCode: string): Map<string, number> | null => {
    const mine = byUnitPeriod.get(`${unitId}|${waveCode}`);
    if (!mine?.has('all')) return null;
    const own = new Map<string, number>();
    for (const [col, value] of mine) {
      let v = value;
      for (const ch of children.get(unitId) ?? []) v -= byUnitPeriod.get(`${ch}|${waveCode}`)?.get(col) ?? 0;
      own.set(col, Math.max(0, v));
    }
    return own;
  };
  const inner: InnerRow[] = [];
  for (const [unitId, c] of latest) {
    const waveCode = codeOf.get(c.wave_id)!;
    inner.push({ unitId, waveId: c.wave_id, waveCode, respondents: c.n, weight: 1, ownHeadcount: ownHeadcount(unitId, waveCode) });
  }
  const empty = [...latestSurveyed].filter(([unitId]) => !latest.has(unitId) && tree.has(unitId)).map(([unitId, waveId]) => {
    const waveCode = codeOf.get(waveId)!;
    return { unitId, waveId, waveCode, ownHeadcount: ownHeadcount(unitId, waveCode) };
  });
  return { inner, empty };
}

/**
 * Weights to headcount: each inner row stands for its own staff. Without a headcount for every
 * row the weights would mix scales, so the period stays unweighted (documented in 003).
 */
function weightToHeadcount(inner: InnerRow[]): void {
  if (inner.every((r) => (r.ownHeadcount?.get('all') ?? 0) > 0)) {
    for (const r of inner) r.weight = r.ownHeadcount!.get('all')! / r.respondents;
  }
}

/**
 * A wave's headcount per scope and column (`unitId|column`). Staff of an excluded unit are not in
 * its ancestors' figures, so not in their headcounts.
 */
function waveScopeHeadcounts(hc: Map<string, number>, tree: Map<number, UnitRow>): Map<string, number> {
  const scopeHeadcount = new Map<string, number>();
  for (const [key, value] of hc) {
    const [u, , col] = key.split('|');
    scopeHeadcount.set(`${u}|${col}`, value);
  }
  for (const e of tree.values()) {
    if (!e.excludedFromPooling) continue;
    for (const [key, value] of [...scopeHeadcount]) {
      const [u, col] = key.split('|');
      if (Number(u) !== e.id) continue;
      for (let a = e.parentId === null ? undefined : tree.get(e.parentId); a; a = reportingParent(tree, a)) {
        const k = `${a.id}|${col}`;
        if (scopeHeadcount.has(k)) scopeHeadcount.set(k, scopeHeadcount.get(k)! - value);
      }
    }
  }
  return scopeHeadcount;
}

/**
 * The parent a unit's figures roll up into: none for a unit excluded from pooling, so that its
 * respondents count in its own scope (and below) but in no figure above it, in waves and windows
 * alike. Otherwise "wave total minus window total" would isolate the excluded unit (decision 003).
 */
export function reportingParent(tree: Map<number, UnitRow>, u: UnitRow): UnitRow | undefined {
  return u.excludedFromPooling || u.parentId === null ? undefined : tree.get(u.parentId);
}

