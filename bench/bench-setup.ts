/**
 * What the release benchmarks share (bench/releases.ts, bench/history-memory.ts): their arguments
 * (an unknown or malformed one prints the usage and exits 2, not a stack), the organisation they
 * build for (with `--fresh`: its earlier releases deleted first, benchmark databases only), and the
 * periods built by default (every wave, then every pooled 4-year window, oldest first).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { queryRows, sql, type Db } from '../api/src/db/client.js';

export function benchArgs<T extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: T) {
  try {
    return parseArgs<{ options: T; strict: true; allowPositionals: false }>({ options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\nusage: ${usage}\n`);
    process.exit(2);
  }
}

/** The organisation's id; with `fresh`, its releases (and their rows, grids, comparisons) deleted. */
export async function benchOrganisation(db: Db, code: string, fresh = false): Promise<number> {
  const [org] = await queryRows<{ id: number }>(db, sql`select id from organisations where code = ${code}`);
  if (!org) throw new Error(`no organisation ${code}`);
  if (fresh) {
    for (const table of ['release_grids', 'release_comparisons', 'release_rows']) {
      await db.execute(sql`delete from ${sql.raw(table)} where release_id in (select id from releases where organisation_id = ${org.id})`);
    }
    await db.execute(sql`delete from releases where organisation_id = ${org.id}`);
  }
  return org.id;
}

/** Every wave of the organisation, then every pooled 4-year window, oldest first. */
export async function wavesAndWindows(db: Db, organisationId: number): Promise<string[]> {
  const ws = await queryRows<{ code: string; year: number }>(db, sql`
    select code, extract(year from closes_at)::int as year from waves where organisation_id = ${organisationId} order by closes_at`);
  const years = ws.map((w) => w.year);
  const periods = ws.map((w) => w.code);
  for (let y = Math.min(...years); y + 3 <= Math.max(...years); y++) periods.push(`${y}-${y + 3}`);
  return periods;
}
