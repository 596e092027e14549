/**
 * The count query of a wave (aggregate in SQL, reason in TypeScript): one GROUP BY with grouping
 * sets per wave returns, for every unit and reporting column, how many respondents gave each
 * answer, and the scale sums. `tables/counts.ts` adds these rows into count vectors; nobody above
 * this file sees a response row.
 */
import { REPORTING_DIMENSIONS } from '@vw/questionnaire';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { groupColumnsOf } from '../db/dimensions.js';

/** The responses' group columns (`r.gender, r.age_band, …`), one per reporting dimension, in declaration order. */
const GROUP_COLUMNS = groupColumnsOf('r');

/**
 * `grouping(GROUP_COLUMNS)` is a bitmask whose highest bit is the first dimension, a bit being set
 * when its column is aggregated away: `all` has every bit set, a dimension's grouping set every
 * bit but its own (gender 0111 = 7 … rank_group 1110 = 14 for four dimensions).
 */
const ALL_MASK = (1 << REPORTING_DIMENSIONS.length) - 1;
const DIMENSION_OF_MASK = new Map<number, string>(REPORTING_DIMENSIONS.map((d, i) => [ALL_MASK & ~(1 << (REPORTING_DIMENSIONS.length - 1 - i)), d]));

/** What a result row's grouping bitmask `g` counts: `all`, one reporting dimension, or nothing we read. */
export function groupingOf(g: number): 'all' | string | undefined {
  return g === ALL_MASK ? 'all' : DIMENSION_OF_MASK.get(g);
}

/** Grouping sets of a count per unit and `key`: overall, and by each reporting dimension. */
function groupingSets(key: SQL): SQL {
  const byDimension = REPORTING_DIMENSIONS.map((d) => sql`(r.unit_id, ${key}, ${sql.identifier('r')}.${sql.identifier(d)})`);
  return sql`grouping sets ((r.unit_id, ${key}), ${sql.join(byDimension, sql`, `)})`;
}

/** Runs a wave's count queries in one transaction tuned for them. */
export function inCountTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // JIT compilation costs more than it saves on these aggregations (~0.8 s per query).
    await tx.execute(sql`set local jit = off`);
    // The grouping sets hash ~1M facts per wave; with the default 4 MB they spill to disk.
    await tx.execute(sql`set local work_mem = '256MB'`);
    return fn(tx);
  });
}

/**
 * Answer counts per unit × grouping × fact, the victims among them counted alongside (half the
 * rows of grouping by the victim flag; the transfer of rows is what costs most here). Rows come
 * back packed per unit and column (arrays of facts and counts): unpacking a few thousand arrays is
 * much cheaper for the driver than parsing hundreds of thousands of rows. `extraFact` is counted
 * once per response (the respondent counter).
 */
export function answerCountRows(db: Db, waveId: number, extraFact: string) {
  return queryRows<{ unit_id: number; g: number; grp: string | null; facts: string[]; cs: number[]; cvs: number[] }>(db, sql`
    select unit_id, g, grp, array_agg(fact) as facts, array_agg(c) as cs, array_agg(cv) as cvs from (
      select r.unit_id, f.fact,
             grouping(${GROUP_COLUMNS})::int as g,
             coalesce(${GROUP_COLUMNS}) as grp,
             count(*)::int as c, (count(*) filter (where r.victim))::int as cv
      from responses r
      cross join lateral unnest(r.facts || ${`{${extraFact}}`}::text[]) as f(fact)
      where r.wave_id = ${waveId}
      group by ${groupingSets(sql`f.fact`)}) x
    group by unit_id, g, grp`);
}

/**
 * Scale scores per unit × grouping × scale: n, Σx and Σx². The sums are exact (`numeric` over the
 * scores' decimal text) and rounded to a double once: a float sum depends on the order PostgreSQL
 * adds in (parallel workers change it between runs), and a rebuild that rounds a mean the other
 * way publishes a second rounding of the same value, which narrows it.
 */
export function scaleSumRows(db: Db, waveId: number) {
  return queryRows<{ unit_id: number; scale: string; g: number; grp: string | null; n: number; s: number; ss: number }>(db, sql`
    select r.unit_id, s.key as scale,
           grouping(${GROUP_COLUMNS})::int as g,
           coalesce(${GROUP_COLUMNS}) as grp,
           count(*)::int as n, sum((s.value)::text::numeric)::float8 as s, sum((s.value)::text::numeric * (s.value)::text::numeric)::float8 as ss
    from responses r
    cross join lateral jsonb_each(r.scores) s
    where r.wave_id = ${waveId} and jsonb_typeof(s.value) = 'number'
    group by ${groupingSets(sql`s.key`)}`);
}
