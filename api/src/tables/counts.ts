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
  for (const d of DIMENSION_COLUMNS) {
    if (!layout.dimensions.some((x) => x.name === d)) throw new Error(`the instrument has no reporting dimension ${d}`);
  }
  const items = sql.join(layout.items.map((i) => sql`${i}`), sql`, `);
  const sets = sql`grouping sets (
      (r.unit_id, r.victim, f.item, f.val),
      (r.unit_id, r.victim, f.item, f.val, r.gender),
      (r.unit_id, r.victim, f.item, f.val, r.age_band),
      (r.unit_id, r.victim, f.item, f.val, r.personnel_type),
      (r.unit_id, r.victim, f.item, f.val, r.rank_group))`;
  const answerRows = await queryRows<{ unit_id: number; victim: boolean; item: string; val: string; g: number; c: number } & Record<string, unknown>>(db, sql`
    select r.unit_id, r.victim, f.item, f.val,
           r.gender, r.age_band, r.personnel_type, r.rank_group,
           grouping(r.gender, r.age_band, r.personnel_type, r.rank_group)::int as g,
           count(*)::int as c
    from responses r
    cross join lateral (
      select kv.key as item, e.val
      from jsonb_each(r.answers) kv
      cross join lateral jsonb_array_elements_text(
        case when jsonb_typeof(kv.value) = 'array' then kv.value || '["*"]'::jsonb
             else jsonb_build_array(kv.value #>> '{}', '*') end) as e(val)
      where kv.key in (${items})
      union all
      select ${RESPONDENTS}::text, ${ANSWERED}::text
    ) f
    where r.wave_id = ${waveId}
    group by ${sets}`);
  const out: UnitCounts = new Map();
  const F = layout.featureCount;
  for (const row of answerRows) {
    const col = columnOf(layout, row.g, row);
    const feature = layout.features.get(featureKey(row.item, row.val));
    if (col === undefined || feature === undefined) continue;
    const v = vectorFor(out, layout, row.unit_id);
    const base = col * layout.size;
    v[base + feature] = (v[base + feature] ?? 0) + row.c;
    if (row.victim) v[base + F + feature] = (v[base + F + feature] ?? 0) + row.c;
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
