/**
 * Count tables (aggregate in SQL, reason in TypeScript): the count query of a wave
 * (`repositories/counts.ts`) returns, for every unit and reporting column, how many respondents
 * gave each answer. JavaScript only adds these counts up into vectors; it never sees a response row.
 */
import { REPORTING_DIMENSIONS } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { answerCountRows, groupingOf, inCountTransaction, scaleSumRows } from '../repositories/counts.js';
import { assertResponsesKept } from '../repositories/waves.js';
import { ANSWERED, featureKey, RESPONDENTS, type Layout } from './layout.js';

/** unit id → one Float64Array of `columns × size` counts. */
export type UnitCounts = Map<number, Float64Array>;

/** The respondent counter: one fact per response. */
const RESPONDENTS_FACT = `${RESPONDENTS}=${ANSWERED}`;

/** The layout column of a result row: its grouping bitmask names the dimension, `grp` the group. */
function columnOf(layout: Layout, g: number, group: string | null): number | undefined {
  const grouping = groupingOf(g);
  if (grouping === undefined) return undefined;
  if (grouping === 'all') return 0;
  return layout.columnIndex.get(`${grouping}:${group}`);
}

function vectorFor(out: UnitCounts, layout: Layout, unitId: number): Float64Array {
  let v = out.get(unitId);
  if (!v) {
    v = new Float64Array(layout.columns.length * layout.size);
    out.set(unitId, v);
  }
  return v;
}

/** Counts of one wave, per unit that has responses in it. */
export async function waveCounts(db: Db, layout: Layout, waveId: number): Promise<UnitCounts> {
  // A wave whose raw responses retention deleted is not empty: refuse rather than count zero.
  await assertResponsesKept(db, waveId);
  return inCountTransaction(db, (tx) => waveCountsIn(tx, layout, waveId));
}

/** A wave's counts inside the caller's transaction: answers, then scale sums. */
async function waveCountsIn(db: Db, layout: Layout, waveId: number): Promise<UnitCounts> {
  for (const d of REPORTING_DIMENSIONS) {
    if (!layout.dimensions.some((x) => x.name === d)) throw new Error(`the instrument has no reporting dimension ${d}`);
  }
  const out: UnitCounts = new Map();
  await addAnswerCounts(db, layout, waveId, out);
  await addScaleSums(db, layout, waveId, out);
  return out;
}

/** Turns a fact (`item=value`) into the features it counts for, cached per fact. */
function factFeatures(layout: Layout): (fact: string) => number[] | null {
  const multi = new Set(layout.def.items.filter((i) => i.type === 'multi').map((i) => i.code));
  const cache = new Map<string, number[] | null>();
  return (fact) => {
    let f = cache.get(fact);
    if (f !== undefined) return f;
    const eq = fact.indexOf('=');
    const item = fact.slice(0, eq);
    const value = fact.slice(eq + 1);
    const feature = layout.features.get(featureKey(item, value));
    // A single-valued item is answered once per respondent: its `*` is the sum of its values.
    const answered = multi.has(item) || value === ANSWERED ? undefined : layout.features.get(featureKey(item, ANSWERED));
    f = feature === undefined ? null : answered === undefined ? [feature] : [feature, answered];
    cache.set(fact, f);
    return f;
  };
}

/** Answer counts per unit × column × fact, the victims among them counted alongside. */
async function addAnswerCounts(db: Db, layout: Layout, waveId: number, out: UnitCounts): Promise<void> {
  const answerRows = await answerCountRows(db, waveId, RESPONDENTS_FACT);
  const F = layout.featureCount;
  const featuresOf = factFeatures(layout);
  for (const row of answerRows) {
    const col = columnOf(layout, row.g, row.grp);
    if (col === undefined) continue;
    const v = vectorFor(out, layout, row.unit_id);
    const base = col * layout.size;
    row.facts.forEach((fact, i) => {
      const features = featuresOf(fact);
      if (features === null) return;
      for (const k of features) {
        v[base + k]! += Number(row.cs[i]);
        v[base + F + k]! += Number(row.cvs[i]);
      }
    });
  }
}

/** Scale scores per unit × column × scale: n, Σx and Σx². */
async function addScaleSums(db: Db, layout: Layout, waveId: number, out: UnitCounts): Promise<void> {
  const F = layout.featureCount;
  const scaleRows = await scaleSumRows(db, waveId);
  for (const row of scaleRows) {
    const col = columnOf(layout, row.g, row.grp);
    const k = layout.scales.indexOf(row.scale);
    if (col === undefined || k < 0) continue;
    const v = vectorFor(out, layout, row.unit_id);
    const at = col * layout.size + 2 * F + 3 * k;
    v[at] = Number(row.n);
    v[at + 1] = Number(row.s);
    v[at + 2] = Number(row.ss);
  }
}

/**
 * Loads the counts of several waves into `cache`, `concurrency` queries at a time (the database
 * aggregates on its own cores while the caller goes on).
 */
export async function loadWaveCounts(db: Db, layout: Layout, waveIds: number[], cache: Map<number, UnitCounts>, concurrency = 2): Promise<void> {
  const todo = waveIds.filter((id) => !cache.has(id));
  const worker = async () => {
    for (let id = todo.shift(); id !== undefined; id = todo.shift()) cache.set(id, await waveCounts(db, layout, id));
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
