/**
 * Count tables from SQL (aggregate in SQL, reason in TypeScript): one GROUP BY with grouping sets per wave returns,
 * for every unit and reporting column, how many respondents gave each answer. JavaScript only
 * adds these counts up; it never sees a response row.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { assertResponsesKept } from '../repositories/waves.js';
import { ANSWERED, featureKey, RESPONDENTS, type Layout } from './layout.js';

/** unit id → one Float64Array of `columns × size` counts. */
export type UnitCounts = Map<number, Float64Array>;

/** The respondent counter: one fact per response. */
const RESPONDENTS_FACT = `${RESPONDENTS}=${ANSWERED}`;

const DIMENSION_COLUMNS = ['gender', 'age_band', 'personnel_type', 'rank_group'] as const;

/** The grouping() bitmask of each grouping set: bit 3 = gender … bit 0 = rank_group aggregated. */
function columnOf(layout: Layout, g: number, group: string | null): number | undefined {
  if (g === 15) return 0;
  const dim = g === 7 ? 'gender' : g === 11 ? 'age_band' : g === 13 ? 'personnel_type' : g === 14 ? 'rank_group' : null;
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

async function waveCountsIn(db: Db, layout: Layout, waveId: number): Promise<UnitCounts> {
  for (const d of DIMENSION_COLUMNS) {
    if (!layout.dimensions.some((x) => x.name === d)) throw new Error(`the instrument has no reporting dimension ${d}`);
  }
  // One row per unit × fact × column, the victims among them counted alongside: half the rows
  // of grouping by the victim flag, and the transfer of rows is what costs most here.
  const sets = sql`grouping sets (
      (r.unit_id, f.fact),
      (r.unit_id, f.fact, r.gender),
      (r.unit_id, f.fact, r.age_band),
      (r.unit_id, f.fact, r.personnel_type),
      (r.unit_id, f.fact, r.rank_group))`;
  // Rows come back packed per unit and column (arrays of facts and counts): unpacking a few
  // thousand arrays is much cheaper for the driver than parsing hundreds of thousands of rows.
  const answerRows = await queryRows<{ unit_id: number; g: number; grp: string | null; facts: string[]; cs: number[]; cvs: number[] }>(db, sql`
    select unit_id, g, grp, array_agg(fact) as facts, array_agg(c) as cs, array_agg(cv) as cvs from (
      select r.unit_id, f.fact,
             grouping(r.gender, r.age_band, r.personnel_type, r.rank_group)::int as g,
             coalesce(r.gender, r.age_band, r.personnel_type, r.rank_group) as grp,
             count(*)::int as c, (count(*) filter (where r.victim))::int as cv
      from responses r
      cross join lateral unnest(r.facts || ${`{${RESPONDENTS_FACT}}`}::text[]) as f(fact)
      where r.wave_id = ${waveId}
      group by ${sets}) x
    group by unit_id, g, grp`);
  const out: UnitCounts = new Map();
  const F = layout.featureCount;
  const multi = new Set(layout.def.items.filter((i) => i.type === 'multi').map((i) => i.code));
  const factFeatures = new Map<string, number[] | null>();
  const featuresOf = (fact: string): number[] | null => {
    let f = factFeatures.get(fact);
    if (f !== undefined) return f;
    const eq = fact.indexOf('=');
    const item = fact.slice(0, eq);
    const value = fact.slice(eq + 1);
    const feature = layout.features.get(featureKey(item, value));
    // A single-valued item is answered once per respondent: its `*` is the sum of its values.
    const answered = multi.has(item) || value === ANSWERED ? undefined : layout.features.get(featureKey(item, ANSWERED));
    f = feature === undefined ? null : answered === undefined ? [feature] : [feature, answered];
    factFeatures.set(fact, f);
    return f;
  };
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
  const scaleRows = await queryRows<{ unit_id: number; scale: string; g: number; grp: string | null; n: number; s: number; ss: number }>(db, sql`
    select r.unit_id, s.key as scale,
           grouping(r.gender, r.age_band, r.personnel_type, r.rank_group)::int as g,
           coalesce(r.gender, r.age_band, r.personnel_type, r.rank_group) as grp,
           count(*)::int as n, sum((s.value)::float8) as s, sum((s.value)::float8 * (s.value)::float8) as ss
    from responses r
    cross join lateral jsonb_each(r.scores) s
    where r.wave_id = ${waveId} and jsonb_typeof(s.value) = 'number'
    group by grouping sets ((r.unit_id, s.key), (r.unit_id, s.key, r.gender), (r.unit_id, s.key, r.age_band),
                            (r.unit_id, s.key, r.personnel_type), (r.unit_id, s.key, r.rank_group))`);
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
  return out;
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
