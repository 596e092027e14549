/**
 * Count tables from SQL (style.md, practice 2): one GROUP BY with grouping sets per wave returns,
 * for every unit and reporting column, how many respondents gave each answer. JavaScript only
 * adds these counts up; it never sees a response row.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { ANSWERED, featureKey, RESPONDENTS, type Layout } from './layout.js';

/** unit id → one Float64Array of `columns × size` counts. */
export type UnitCounts = Map<number, Float64Array>;

/** The respondent counter: one fact per response. */
const RESPONDENTS_FACT = `${RESPONDENTS}=${ANSWERED}`;

const DIMENSION_COLUMNS = ['gender', 'age_band', 'personnel_type', 'rank_group'] as const;

/** The grouping() bitmask of each grouping set: bit 3 = gender … bit 0 = rank_group aggregated. */
function columnOf(layout: Layout, g: number, row: Record<string, unknown>): number | undefined {
  if (g === 15) return 0;
  const dim = g === 7 ? 'gender' : g === 11 ? 'age_band' : g === 13 ? 'personnel_type' : g === 14 ? 'rank_group' : null;
  if (!dim) return undefined;
  return layout.columnIndex.get(`${dim}:${String(row[dim])}`);
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
  // JIT compilation costs more than it saves on these short aggregations (~0.8 s per query).
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return waveCountsIn(tx, layout, waveId);
  });
}

async function waveCountsIn(db: Db, layout: Layout, waveId: number): Promise<UnitCounts> {
  for (const d of DIMENSION_COLUMNS) {
    if (!layout.dimensions.some((x) => x.name === d)) throw new Error(`the instrument has no reporting dimension ${d}`);
  }
  const sets = sql`grouping sets (
      (r.unit_id, r.victim, f.fact),
      (r.unit_id, r.victim, f.fact, r.gender),
      (r.unit_id, r.victim, f.fact, r.age_band),
      (r.unit_id, r.victim, f.fact, r.personnel_type),
      (r.unit_id, r.victim, f.fact, r.rank_group))`;
  const answerRows = await queryRows<{ unit_id: number; victim: boolean; fact: string; g: number; c: number } & Record<string, unknown>>(db, sql`
    select r.unit_id, r.victim, f.fact,
           r.gender, r.age_band, r.personnel_type, r.rank_group,
           grouping(r.gender, r.age_band, r.personnel_type, r.rank_group)::int as g,
           count(*)::int as c
    from responses r
    cross join lateral (select unnest(r.facts) as fact union all select ${RESPONDENTS_FACT}::text) f
    where r.wave_id = ${waveId}
    group by ${sets}`);
  const out: UnitCounts = new Map();
  const F = layout.featureCount;
  const multi = new Set(layout.def.items.filter((i) => i.type === 'multi').map((i) => i.code));
  for (const row of answerRows) {
    const col = columnOf(layout, row.g, row);
    if (col === undefined) continue;
    const eq = row.fact.indexOf('=');
    const item = row.fact.slice(0, eq);
    const value = row.fact.slice(eq + 1);
    const feature = layout.features.get(featureKey(item, value));
    if (feature === undefined) continue;
    // A single-valued item is answered once per respondent: its `*` is the sum of its values.
    const answered = multi.has(item) || value === ANSWERED ? undefined : layout.features.get(featureKey(item, ANSWERED));
    const v = vectorFor(out, layout, row.unit_id);
    const base = col * layout.size;
    for (const k of answered === undefined ? [feature] : [feature, answered]) {
      v[base + k] = (v[base + k] ?? 0) + row.c;
      if (row.victim) v[base + F + k] = (v[base + F + k] ?? 0) + row.c;
    }
  }
  const scaleRows = await queryRows<{ unit_id: number; scale: string; g: number; n: number; s: number; ss: number } & Record<string, unknown>>(db, sql`
    select r.unit_id, s.key as scale,
           r.gender, r.age_band, r.personnel_type, r.rank_group,
           grouping(r.gender, r.age_band, r.personnel_type, r.rank_group)::int as g,
           count(*)::int as n, sum((s.value)::float8) as s, sum((s.value)::float8 * (s.value)::float8) as ss
    from responses r
    cross join lateral jsonb_each(r.scores) s
    where r.wave_id = ${waveId} and jsonb_typeof(s.value) = 'number'
    group by grouping sets ((r.unit_id, s.key), (r.unit_id, s.key, r.gender), (r.unit_id, s.key, r.age_band),
                            (r.unit_id, s.key, r.personnel_type), (r.unit_id, s.key, r.rank_group))`);
  for (const row of scaleRows) {
    const col = columnOf(layout, row.g, row);
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
