/**
 * Count tables from SQL (aggregate in SQL, reason in TypeScript): one GROUP BY with grouping sets per wave returns,
 * for every unit and reporting column, how many respondents gave each answer. JavaScript only
 * adds these counts up; it never sees a response row.
 */
import { REPORTING_DIMENSIONS } from '@vw/questionnaire';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { groupColumnsOf } from '../db/dimensions.js';
import { assertResponsesKept } from '../repositories/waves.js';
import { ANSWERED, featureKey, RESPONDENTS, type Layout } from './layout.js';

/** unit id → one Float64Array of `columns × size` counts. */
export type UnitCounts = Map<number, Float64Array>;

/** The respondent counter: one fact per response. */
const RESPONDENTS_FACT = `${RESPONDENTS}=${ANSWERED}`;

/** The responses' group columns (`r.gender, r.age_band, …`), one per reporting dimension, in declaration order. */
const GROUP_COLUMNS = groupColumnsOf('r');

/**
 * `grouping(GROUP_COLUMNS)` is a bitmask whose highest bit is the first dimension, a bit being set
 * when its column is aggregated away: `all` has every bit set, a dimension's grouping set every
 * bit but its own (gender 0111 = 7 … rank_group 1110 = 14 for four dimensions).
 */
const ALL_MASK = (1 << REPORTING_DIMENSIONS.length) - 1;
const DIMENSION_OF_MASK = new Map<number, string>(REPORTING_DIMENSIONS.map((d, i) => [ALL_MASK & ~(1 << (REPORTING_DIMENSIONS.length - 1 - i)), d]));

/** Grouping sets of a count per unit and `key`: overall, and by each reporting dimension. */
function groupingSets(key: SQL): SQL {
  const byDimension = REPORTING_DIMENSIONS.map((d) => sql`(r.unit_id, ${key}, ${sql.identifier('r')}.${sql.identifier(d)})`);
  return sql`grouping sets ((r.unit_id, ${key}), ${sql.join(byDimension, sql`, `)})`;
}

/** The layout column of a result row: its grouping bitmask names the dimension, `grp` the group. */
function columnOf(layout: Layout, g: number, group: string | null): number | undefined {
  if (g === ALL_MASK) return 0;
  const dim = DIMENSION_OF_MASK.get(g);
  if (!dim) return undefined;
  return layout.columnIndex.get(`${dim}:${group}`);
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
  // JIT compilation costs more than it saves on these aggregations (~0.8 s per query).
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    // The grouping sets hash ~1M facts per wave; with the default 4 MB they spill to disk.
    await tx.execute(sql`set local work_mem = '256MB'`);
    return waveCountsIn(tx, layout, waveId);
  });
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
  // One row per unit × fact × column, the victims among them counted alongside: half the rows
  // of grouping by the victim flag, and the transfer of rows is what costs most here.
  // Rows come back packed per unit and column (arrays of facts and counts): unpacking a few
  // thousand arrays is much cheaper for the driver than parsing hundreds of thousands of rows.
  const answerRows = await queryRows<{ unit_id: number; g: number; grp: string | null; facts: string[]; cs: number[]; cvs: number[] }>(db, sql`
    select unit_id, g, grp, array_agg(fact) as facts, array_agg(c) as cs, array_agg(cv) as cvs from (
      select r.unit_id, f.fact,
             grouping(${GROUP_COLUMNS})::int as g,
             coalesce(${GROUP_COLUMNS}) as grp,
             count(*)::int as c, (count(*) filter (where r.victim))::int as cv
      from responses r
      cross join lateral unnest(r.facts || ${`{${RESPONDENTS_FACT}}`}::text[]) as f(fact)
      where r.wave_id = ${waveId}
      group by ${groupingSets(sql`f.fact`)}) x
    group by unit_id, g, grp`);
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
  const scaleRows = await queryRows<{ unit_id: number; scale: string; g: number; grp: string | null; n: number; s: number; ss: number }>(db, sql`
    select r.unit_id, s.key as scale,
           grouping(${GROUP_COLUMNS})::int as g,
           coalesce(${GROUP_COLUMNS}) as grp,
           count(*)::int as n, sum((s.value)::float8) as s, sum((s.value)::float8 * (s.value)::float8) as ss
    from responses r
    cross join lateral jsonb_each(r.scores) s
    where r.wave_id = ${waveId} and jsonb_typeof(s.value) = 'number'
    group by ${groupingSets(sql`s.key`)}`);
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
